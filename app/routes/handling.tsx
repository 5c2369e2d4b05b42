import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { channels, dispositionCodes } from "../../db/codes.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { getConsultation } from "../../db/queries/consultations.ts";
import { listOpinionsForHandling, recordDisposition } from "../../db/queries/dispositions.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { maskName } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { searchOpinionIds } from "../../services/search.ts";
import type { Route } from "./+types/handling";

const DispositionSchema = z.object({
  opinionId: z.string().uuid(),
  code: z.enum(dispositionCodes),
  reason: z.string().trim().max(5000),
});

async function load(request: Request, context: Route.LoaderArgs["context"], id: string) {
  const consultation = await getConsultation(context.db, id);
  if (!consultation)
    throw data({ message: requestTranslator(request)("consultation.notFound") }, { status: 404 });
  const { user } = await requireBillDrafter(request, context, consultation.billId);
  return { consultation, user };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation } = await load(request, context, params.id);
  const url = new URL(request.url);
  const channel = url.searchParams.get("channel") ?? "";
  const handled = url.searchParams.get("handled");
  const opinions = await listOpinionsForHandling(context.db, consultation.id, {
    channel: (channels as readonly string[]).includes(channel) ? channel : undefined,
    handled: handled === "yes" || handled === "no" ? handled : undefined,
  });
  // search: filter by a query (q)
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const matching = q ? await searchOpinionIds(context, consultation.id, q) : null;
  return {
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billTitle: consultation.billTitle,
    },
    opinions: matching ? opinions.filter((o) => matching.has(o.id)) : opinions,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await load(request, context, params.id);
  const form = await requireCsrf(request, context);
  const parsed = DispositionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return data({ ok: false, opinionId: null as string | null }, { status: 400 });
  const opinion = await context.db
    .selectFrom("opinions")
    .select("id")
    .where("id", "=", parsed.data.opinionId)
    .where("consultation_id", "=", consultation.id)
    .executeTakeFirst();
  if (!opinion) return data({ ok: false, opinionId: null as string | null }, { status: 404 });
  await context.db.transaction().execute(async (trx) => {
    await recordDisposition(trx, {
      opinionId: opinion.id,
      code: parsed.data.code,
      reason: parsed.data.reason,
      decidedBy: user.id,
    });
    await recordAudit(trx, {
      actorUserId: user.id,
      action: "opinion.dispose",
      subjectType: "opinion",
      subjectId: opinion.id,
      data: { code: parsed.data.code },
      ip: context.clientIp,
    });
  });
  return { ok: true, opinionId: opinion.id };
}

export default function Handling({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { consultation, opinions } = loaderData;
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{t("handling.title")}</h1>
      <Form method="get" className="inline-fields">
        <div className="grant-field">
          <label htmlFor="h-channel">{t("handling.channel")}</label>
          <select id="h-channel" name="channel" defaultValue={params.get("channel") ?? ""}>
            <option value="">{t("handling.all")}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="grant-field">
          <label htmlFor="h-handled">{t("handling.state")}</label>
          <select id="h-handled" name="handled" defaultValue={params.get("handled") ?? ""}>
            <option value="">{t("handling.all")}</option>
            <option value="no">{t("disposition.none")}</option>
            <option value="yes">{t("handling.done")}</option>
          </select>
        </div>
        <div className="grant-field">
          <label htmlFor="h-q">{t("search.filterQuery")}</label>
          <input id="h-q" type="search" name="q" defaultValue={params.get("q") ?? ""} />
        </div>
        <button type="submit" className="button">
          {t("handling.filter")}
        </button>
      </Form>
      <p role="status">{t("handling.count", { count: opinions.length })}</p>
      <ul className="cards single">
        {opinions.map((o) => (
          <li key={o.id} className="card">
            <p className="muted">
              <strong>{o.provisionLabel ?? t("mine.wholeDraft")}</strong> ·{" "}
              {t(`channel.${o.channel}` as MessageKey)} · {maskName(o.author_name)}
              {o.author_region ? ` · ${o.author_region}` : ""} ·{" "}
              {t(`respondent.${o.respondent_type}` as MessageKey)} · {dateTime(o.created_at)}
            </p>
            <p className="opinion-body">{o.body}</p>
            {o.proposed_text ? (
              <p className="reason">
                {t("opinion.proposed")}：{o.proposed_text}
              </p>
            ) : null}
            <Form method="post" className="inline-fields disposition-form">
              <CsrfInput />
              <input type="hidden" name="opinionId" value={o.id} />
              <div className="grant-field">
                <label htmlFor={`code-${o.id}`}>{t("handling.disposition")}</label>
                <select id={`code-${o.id}`} name="code" defaultValue={o.code ?? "adopted"}>
                  {dispositionCodes.map((c) => (
                    <option key={c} value={c}>
                      {t(`disposition.${c}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="grant-field grow">
                <label htmlFor={`reason-${o.id}`}>{t("handling.reason")}</label>
                <input
                  id={`reason-${o.id}`}
                  name="reason"
                  defaultValue={o.reason ?? ""}
                  maxLength={5000}
                />
              </div>
              <button type="submit" className="button small" disabled={navigation.state !== "idle"}>
                {t("handling.save")}
              </button>
              {actionData?.ok && actionData.opinionId === o.id ? (
                <span role="status" className="saved">
                  {t("editor.status.saved")}
                </span>
              ) : null}
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
