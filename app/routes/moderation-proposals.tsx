import { data, Form, Link } from "react-router";
import { z } from "zod";
import { listProposalQueue, proposalOrganization } from "../../db/queries/proposals.ts";
import { isServiceError } from "../../services/errors.ts";
import { moderateProposal } from "../../services/proposals.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { forbidden } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { ModerationNav } from "../components/moderation-actions.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { requireModerator } from "../lib/moderation.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/moderation.css";
import "../styles/proposals.css";
import type { Route } from "./+types/moderation-proposals";

const TABS = ["pending", "published", "hidden"] as const;
const TabQuery = z.object({ tab: z.enum(TABS).catch("pending") });

const ActionSchema = z.object({
  intent: z.enum(["approve", "hide", "restore"]),
  proposalId: z.string().uuid(),
  reason: z.string().trim().max(500).optional(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const { organizationIds } = await requireModerator(request, context);
  const { tab } = readQuery(TabQuery, request);
  return {
    title: requestTranslator(request)("proposalMod.title"),
    tab,
    proposals: await listProposalQueue(context.db, { organizationIds, status: tab }),
  };
}

type ActionData = { ok: boolean; proposalId: string; message: MessageKey };

/** One moderator decision on one proposal of a legislature the moderator serves. */
export async function action({ request, context }: Route.ActionArgs) {
  const { user, organizationIds } = await requireModerator(request, context);
  const form = await requireCsrf(request, context);
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return data<ActionData>(
      { ok: false, proposalId: "", message: "error.invalidInput" },
      { status: 400 },
    );
  const org = await proposalOrganization(context.db, parsed.data.proposalId);
  if (!org || !organizationIds.includes(org)) throw forbidden(request);
  try {
    await moderateProposal(context.db, {
      proposalId: parsed.data.proposalId,
      action: parsed.data.intent,
      ...(parsed.data.reason ? { reason: parsed.data.reason } : {}),
      actorUserId: user.id,
      ip: context.clientIp,
    });
    return {
      ok: true,
      proposalId: parsed.data.proposalId,
      message: "proposalMod.done",
    } satisfies ActionData;
  } catch (error) {
    if (isServiceError(error))
      return data<ActionData>(
        {
          ok: false,
          proposalId: parsed.data.proposalId,
          message: messageKey(error.messageKey, "error.generic"),
        },
        { status: error.status },
      );
    throw error;
  }
}

export default function ModerationProposals({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { tab, proposals } = loaderData;
  return (
    <div className="page">
      <h1>{t("proposalMod.title")}</h1>
      <ModerationNav current="proposals" />
      <nav className="moderation-views" aria-label={t("proposalMod.title")}>
        {TABS.map((v) => (
          <Link
            key={v}
            to={`/moderation/proposals?tab=${v}`}
            aria-current={v === tab ? "page" : undefined}
          >
            {t(`proposalMod.tab.${v}`)}
          </Link>
        ))}
      </nav>
      {proposals.length === 0 ? (
        <p className="empty">{t("proposalMod.empty")}</p>
      ) : (
        <ul className="cards single">
          {proposals.map((p) => (
            <li key={p.id} className="card">
              <h2 className="card-title">{p.title}</h2>
              <p className="muted">
                {p.callTitle} · {dateTime(p.created_at)}
              </p>
              {p.held_words ? (
                <p className="form-error">
                  {t("proposalMod.held", { words: p.held_words.join("、") })}
                </p>
              ) : null}
              {p.hidden_reason ? (
                <p className="muted">
                  {t("proposalMod.hiddenReason", { reason: p.hidden_reason })}
                </p>
              ) : null}
              <p className="proposal-reasons" id={`pm-${p.id}`}>
                {p.reasons}
              </p>
              <div className="proposal-actions">
                {p.status === "pending" ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="proposalId" value={p.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="approve"
                      className="button small"
                      aria-describedby={`pm-${p.id}`}
                    >
                      {t("proposalMod.approve")}
                    </button>
                  </Form>
                ) : null}
                {p.status === "hidden" ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="proposalId" value={p.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="restore"
                      className="button small"
                      aria-describedby={`pm-${p.id}`}
                    >
                      {t("proposalMod.restore")}
                    </button>
                  </Form>
                ) : (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="proposalId" value={p.id} />
                    <label htmlFor={`pm-reason-${p.id}`}>{t("proposalMod.reason")}</label>
                    <input id={`pm-reason-${p.id}`} name="reason" maxLength={500} />
                    <button
                      type="submit"
                      name="intent"
                      value="hide"
                      className="button small"
                      aria-describedby={`pm-${p.id}`}
                    >
                      {t("proposalMod.hide")}
                    </button>
                  </Form>
                )}
              </div>
              {actionData && actionData.proposalId === p.id ? (
                <p className={actionData.ok ? "notice" : "form-error"} role="status">
                  {t(actionData.message)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
