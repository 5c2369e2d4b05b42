import { data, Form, Link } from "react-router";
import { z } from "zod";
import { planCategories, proposalDecisions } from "../../db/codes.ts";
import {
  countUntriaged,
  findPlan,
  getProposalCall,
  listCallProposalsForDrafters,
  listLinkableBills,
  listPlanProjects,
} from "../../db/queries/proposals.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  createPlanProject,
  linkProjectBill,
  publishPlan,
  setProposalCallOpen,
  triageProposal,
} from "../../services/legislative-plans.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { noticeText } from "../lib/notice-text.ts";
import { parseForm, textLine, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/proposals.css";
import type { Route } from "./+types/workspace-proposals-call";

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open") }),
  z.object({ intent: z.literal("close") }),
  z.object({
    intent: z.literal("triage"),
    proposalId: z.string().uuid("proposal.notFound"),
    decision: z.enum(proposalDecisions, "error.invalidInput"),
    reason: textLines().default(""),
    projectId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null)),
  }),
  z.object({
    intent: z.literal("project"),
    title: textLine().default(""),
    category: z.enum(planCategories, "error.invalidInput"),
    sponsor: textLine().max(200, "error.invalidInput").default(""),
  }),
  z.object({
    intent: z.literal("link"),
    projectId: z.string().uuid("plan.error.projectNotFound"),
    billId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null)),
  }),
  z.object({ intent: z.literal("publish"), confirm: z.string().optional() }),
]);

/** The call, for a drafter (or admin) of its legislature: 404 when there is none, else 403. */
async function requireCallDrafter(
  request: Request,
  context: Route.LoaderArgs["context"],
  id: string,
) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const call = await getProposalCall(context.db, id);
  if (!call)
    throw data({ message: requestTranslator(request)("proposal.callNotFound") }, { status: 404 });
  if (
    !user.memberships.some(
      (m) =>
        (m.role === "drafter" || m.role === "admin") && m.organizationId === call.organization_id,
    )
  )
    throw data({ message: requestTranslator(request)("error.forbidden") }, { status: 403 });
  return { user, call };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { call } = await requireCallDrafter(request, context, params.callId);
  const plan = await findPlan(context.db, call.organization_id, call.year);
  const [proposals, projects, bills, untriaged] = await Promise.all([
    listCallProposalsForDrafters(context.db, call.id),
    plan ? listPlanProjects(context.db, plan.id) : Promise.resolve([]),
    listLinkableBills(context.db, call.organization_id),
    countUntriaged(context.db, call.organization_id, call.year),
  ]);
  return {
    title: call.title,
    call,
    plan: plan ? { id: plan.id, publishedAt: plan.published_at } : null,
    proposals: proposals.map((p) => ({ ...p, supports: Number(p.supports ?? 0) })),
    projects,
    bills,
    untriaged,
  };
}

type ActionData =
  | { ok: true; message: MessageKey; params?: Record<string, number>; target?: string }
  | {
      ok: false;
      message: MessageKey;
      params?: Record<string, string | number>;
      fields: Partial<Record<string, MessageKey>>;
      target?: string;
    };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { user, call } = await requireCallDrafter(request, context, params.callId);
  const form = await requireCsrf(request, context);
  const parsed = parseForm(Intent, form);
  const target = String(
    form.get("proposalId") ?? form.get("projectId") ?? form.get("intent") ?? "",
  );
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: parsed.errors, target },
      { status: 400 },
    );
  const v = parsed.data;
  const actor = { userId: user.id, ip: context.clientIp };
  try {
    switch (v.intent) {
      case "open":
      case "close":
        await setProposalCallOpen(context.db, {
          callId: call.id,
          open: v.intent === "open",
          ...actor,
        });
        return { ok: true, message: "proposalWs.saved", target } satisfies ActionData;
      case "triage":
        await triageProposal(context.db, {
          callId: call.id,
          proposalId: v.proposalId,
          decision: v.decision,
          reason: v.reason,
          projectId: v.projectId,
          ...actor,
        });
        return { ok: true, message: "proposalWs.saved", target } satisfies ActionData;
      case "project":
        await createPlanProject(context.db, {
          callId: call.id,
          title: v.title,
          category: v.category,
          sponsor: v.sponsor,
          ...actor,
        });
        return { ok: true, message: "proposalWs.saved", target } satisfies ActionData;
      case "link":
        await linkProjectBill(context.db, {
          projectId: v.projectId,
          billId: v.billId,
          organizationId: call.organization_id,
          ...actor,
        });
        return { ok: true, message: "proposalWs.saved", target } satisfies ActionData;
      case "publish": {
        if (v.confirm !== "yes")
          return data<ActionData>(
            {
              ok: false,
              message: "proposalWs.confirmRequired",
              fields: { confirm: "proposalWs.confirmRequired" },
              target,
            },
            { status: 400 },
          );
        const done = await publishPlan(context.db, {
          callId: call.id,
          render: noticeText,
          ...actor,
        });
        return {
          ok: true,
          message: "proposalWs.publishedNotified",
          params: { count: done.notified },
          target,
        } satisfies ActionData;
      }
    }
  } catch (error) {
    if (isServiceError(error))
      return data<ActionData>(
        {
          ok: false,
          message: messageKey(error.messageKey, "error.generic"),
          params: error.params,
          fields: Object.fromEntries(
            Object.entries(error.fields ?? {}).map(([f, k]) => [f, messageKey(k)]),
          ),
          target,
        },
        { status: error.status },
      );
    throw error;
  }
}

export default function WorkspaceProposalCall({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date, dateTime } = useI18n();
  const { call, plan, proposals, projects, bills, untriaged } = loaderData;
  const result = actionData as ActionData | undefined;
  const published = !!plan?.publishedAt;
  const feedback = (target: string) =>
    result && result.target === target ? (
      <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
        {t(result.message, result.params)}
      </p>
    ) : null;
  return (
    <div className="page">
      <p className="muted">
        <Link to="/workspace/proposals">{t("proposalWs.title")}</Link>
      </p>
      <h1>{call.title}</h1>
      <p className="muted">
        {call.organizationName} · {t("proposal.callFor", { year: String(call.year) })} ·{" "}
        {t(`proposal.status.${call.status}`)} ·{" "}
        {t("proposal.period", { from: dateTime(call.opens_at), to: dateTime(call.closes_at) })}
      </p>
      <Form method="post" className="inline-form">
        <CsrfInput />
        {call.status === "open" ? (
          <button type="submit" name="intent" value="close" className="button">
            {t("proposalWs.closeNow")}
          </button>
        ) : (
          <button type="submit" name="intent" value="open" className="button">
            {t("proposalWs.openNow")}
          </button>
        )}{" "}
        <Link to={`/proposals?call=${call.id}`}>{t("proposalWs.viewPublic")}</Link>
      </Form>
      {feedback("open")}
      {feedback("close")}

      <section aria-labelledby="ws-proposals">
        <h2 id="ws-proposals">{t("proposalWs.proposals", { count: proposals.length })}</h2>
        <p className="hint">{t("proposalWs.internal")}</p>
        {proposals.length === 0 ? (
          <p className="empty">{t("proposalWs.noProposals")}</p>
        ) : (
          <ul className="cards single">
            {proposals.map((p) => (
              <li key={p.id} className="card" id={`proposal-${p.id}`}>
                <h3 className="card-title">{p.title}</h3>
                <p className="muted">
                  {p.receipt} · {dateTime(p.created_at)} · {t(`respondent.${p.respondentType}`)} ·{" "}
                  {t("proposalWs.moderationStatus", { status: t(`opinionStatus.${p.status}`) })} ·{" "}
                  {t("proposal.supports", { count: p.supports })}
                </p>
                <p className="private-box">
                  {t("proposalWs.private", {
                    who:
                      [p.userName ?? p.authorName, p.authorContact, p.contactPointName]
                        .filter(Boolean)
                        .join(" · ") || t("proposalWs.anonymous"),
                  })}
                  {p.provenance ? (
                    <>
                      <br />
                      {t("proposalWs.provenance", { text: p.provenance })}
                    </>
                  ) : null}
                </p>
                <p className="proposal-reasons">{p.reasons}</p>
                {p.problem ? <p className="proposal-reasons">{p.problem}</p> : null}
                {p.relatedRules ? <p className="muted">{p.relatedRules}</p> : null}
                {published ? (
                  <p>
                    <strong>
                      {p.decision
                        ? t(`proposal.decision.${p.decision}`)
                        : t("proposalWs.untriagedBadge")}
                    </strong>{" "}
                    {p.decisionReason}
                  </p>
                ) : (
                  <Form method="post" className="triage-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="triage" />
                    <input type="hidden" name="proposalId" value={p.id} />
                    <label htmlFor={`tr-d-${p.id}`}>{t("proposalWs.decision")}</label>
                    <select
                      id={`tr-d-${p.id}`}
                      name="decision"
                      defaultValue={p.decision ?? "formal"}
                    >
                      {proposalDecisions.map((d) => (
                        <option key={d} value={d}>
                          {t(`proposal.decision.${d}`)}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={`tr-p-${p.id}`}>{t("proposalWs.projectOpt")}</label>
                    <select id={`tr-p-${p.id}`} name="projectId" defaultValue={p.projectId ?? ""}>
                      <option value="">{t("proposalWs.noProject")}</option>
                      {projects.map((pj) => (
                        <option key={pj.id} value={pj.id}>
                          {pj.title}（{t(`plan.category.${pj.category}`)}）
                        </option>
                      ))}
                    </select>
                    <label htmlFor={`tr-r-${p.id}`}>{t("proposalWs.reason")}</label>
                    <textarea
                      id={`tr-r-${p.id}`}
                      name="reason"
                      rows={2}
                      maxLength={2000}
                      defaultValue={p.decisionReason ?? ""}
                    />
                    <div>
                      {p.decision ? null : (
                        <span className="tag">{t("proposalWs.untriagedBadge")}</span>
                      )}{" "}
                      <button type="submit" className="button small">
                        {t("proposalWs.saveTriage")}
                      </button>
                    </div>
                  </Form>
                )}
                {feedback(p.id)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ws-projects">
        <h2 id="ws-projects">{t("proposalWs.projects", { year: String(call.year) })}</h2>
        {projects.length === 0 ? (
          <p className="empty">{t("proposalWs.noPlanProjects")}</p>
        ) : (
          <ol className="plan-projects">
            {projects.map((pj) => (
              <li key={pj.id}>
                <strong>{pj.title}</strong> · {t(`plan.category.${pj.category}`)}
                {pj.sponsor ? ` · ${pj.sponsor}` : null}
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="link" />
                  <input type="hidden" name="projectId" value={pj.id} />
                  <label htmlFor={`ln-${pj.id}`}>{t("proposalWs.linkBill")}</label>
                  <select id={`ln-${pj.id}`} name="billId" defaultValue={pj.billId ?? ""}>
                    <option value="">{t("proposalWs.noBillOption")}</option>
                    {bills.map((b) => (
                      <option key={b.id} value={b.id}>
                        {b.title}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button small">
                    {t("proposalWs.saveLink")}
                  </button>
                </Form>
                {feedback(pj.id)}
              </li>
            ))}
          </ol>
        )}
        {published ? null : (
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="project" />
            <div className="field">
              <label htmlFor="pj-title">{t("proposalWs.projectTitle")}</label>
              <input id="pj-title" name="title" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="pj-cat">{t("proposalWs.category")}</label>
              <select id="pj-cat" name="category" defaultValue="formal">
                {planCategories.map((c) => (
                  <option key={c} value={c}>
                    {t(`plan.category.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="pj-sponsor">{t("proposalWs.sponsor")}</label>
              <input id="pj-sponsor" name="sponsor" maxLength={200} />
            </div>
            <button type="submit" className="button">
              {t("proposalWs.addProject")}
            </button>
            {feedback("project")}
          </Form>
        )}
      </section>

      <section aria-labelledby="ws-publish">
        <h2 id="ws-publish">{t("proposalWs.publish")}</h2>
        {published ? (
          <p>
            {t("proposalWs.publishedOn", {
              year: String(call.year),
              date: date(plan!.publishedAt!),
            })}{" "}
            <Link to={`/plans/${call.year}`}>{t("proposalWs.viewPlan")}</Link>
          </p>
        ) : (
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="publish" />
            {untriaged > 0 ? (
              <p className="hint">{t("proposalWs.untriaged", { count: untriaged })}</p>
            ) : null}
            <p>{t("proposalWs.publishConfirm")}</p>
            <div className="consent">
              <input id="pub-confirm" type="checkbox" name="confirm" value="yes" />
              <label htmlFor="pub-confirm">{t("proposalWs.confirmLabel")}</label>
            </div>
            <button type="submit" className="button primary">
              {t("proposalWs.publish")}
            </button>
          </Form>
        )}
        {feedback("publish")}
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
