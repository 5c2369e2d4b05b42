import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { listProposalCalls } from "../../db/queries/proposals.ts";
import { zonedLocalToUtc } from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import { createProposalCall } from "../../services/legislative-plans.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm, textLine, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/proposals.css";
import type { Route } from "./+types/workspace-proposals";

const CallForm = z.object({
  organizationId: z.string().min(1, "error.invalidInput"),
  year: z.coerce
    .number("proposal.error.year")
    .int("proposal.error.year")
    .min(2000, "proposal.error.year")
    .max(2100, "proposal.error.year"),
  title: textLine().trim().min(1, "proposal.error.callTitle").max(200, "proposal.error.callTitle"),
  description: textLines().max(5000, "error.tooLong5000").default(""),
  opensAt: z.string().min(1, "proposal.error.date"),
  closesAt: z.string().min(1, "proposal.error.date"),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const organizationIds = drafterOrganizations(user);
  const [calls, organizations] = await Promise.all([
    listProposalCalls(context.db, { organizationIds }),
    listOrganizations(context.db),
  ]);
  return {
    title: requestTranslator(request)("proposalWs.title"),
    calls,
    organizations: organizations
      .filter((o) => organizationIds.includes(o.id))
      .map((o) => ({ id: o.id, name: o.name })),
    nextYear: new Date().getFullYear() + 1,
  };
}

type ActionData = { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const form = await requireCsrf(request, context);
  const parsed = parseForm(CallForm, form);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: parsed.errors },
      { status: 400 },
    );
  const v = parsed.data;
  if (!drafterOrganizations(user).includes(v.organizationId))
    throw data({ message: requestTranslator(request)("error.forbidden") }, { status: 403 });
  const opensAt = zonedLocalToUtc(v.opensAt, context.timeZone);
  const closesAt = zonedLocalToUtc(v.closesAt, context.timeZone);
  if (!opensAt || !closesAt)
    return data<ActionData>(
      {
        ok: false,
        message: "proposal.error.date",
        fields: {
          ...(opensAt ? {} : { opensAt: "proposal.error.date" }),
          ...(closesAt ? {} : { closesAt: "proposal.error.date" }),
        },
      },
      { status: 400 },
    );
  try {
    const id = await createProposalCall(context.db, {
      organizationId: v.organizationId,
      year: v.year,
      title: v.title,
      description: v.description,
      opensAt,
      closesAt,
      userId: user.id,
      ip: context.clientIp,
    });
    return redirect(`/workspace/proposals/${id}`);
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

export default function WorkspaceProposals({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { calls, organizations, nextYear } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result?.fields ?? {};
  const err = (name: string) =>
    fields[name] ? (
      <p className="field-error" id={`wc-${name}-error`}>
        {t(fields[name])}
      </p>
    ) : null;
  return (
    <div className="page">
      <h1>{t("proposalWs.title")}</h1>
      <p className="lead">{t("proposalWs.intro")}</p>
      <section aria-labelledby="ws-calls">
        <h2 id="ws-calls">{t("proposalWs.calls")}</h2>
        {calls.length === 0 ? (
          <p className="empty">{t("proposalWs.noCalls")}</p>
        ) : (
          <ul className="cards single">
            {calls.map((c) => (
              <li key={c.id} className="card">
                <h3 className="card-title">
                  <Link to={`/workspace/proposals/${c.id}`}>{c.title}</Link>
                </h3>
                <p className="muted">
                  {c.organizationName} · {t("proposal.callFor", { year: String(c.year) })} ·{" "}
                  {t(`proposal.status.${c.status}`)} ·{" "}
                  {t("proposal.period", { from: date(c.opens_at), to: date(c.closes_at) })} ·{" "}
                  {t("proposalWs.count", { count: c.published })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="ws-new-call">
        <h2 id="ws-new-call">{t("proposalWs.newCall")}</h2>
        {result ? (
          <p className="form-error" role="alert">
            {t(result.message)}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <div className="field">
            <label htmlFor="wc-org">{t("proposalWs.organization")}</label>
            <select id="wc-org" name="organizationId">
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="wc-year">{t("proposalWs.year")}</label>
            <input
              id="wc-year"
              name="year"
              type="number"
              min={2000}
              max={2100}
              defaultValue={nextYear}
            />
            {err("year")}
          </div>
          <div className="field">
            <label htmlFor="wc-title">{t("proposalWs.callTitle")}</label>
            <input
              id="wc-title"
              name="title"
              maxLength={200}
              defaultValue={`${nextYear}年度立法计划项目建议征集`}
            />
            {err("title")}
          </div>
          <div className="field">
            <label htmlFor="wc-desc">{t("proposalWs.description")}</label>
            <textarea id="wc-desc" name="description" rows={3} maxLength={5000} />
          </div>
          <div className="field">
            <label htmlFor="wc-opens">{t("proposalWs.opensAt")}</label>
            <input id="wc-opens" name="opensAt" type="datetime-local" />
            {err("opensAt")}
          </div>
          <div className="field">
            <label htmlFor="wc-closes">{t("proposalWs.closesAt")}</label>
            <input id="wc-closes" name="closesAt" type="datetime-local" />
            {err("closesAt")}
          </div>
          <button type="submit" className="button primary">
            {t("proposalWs.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
