import { data, Form, Link, redirect, useNavigation } from "react-router";
import {
  consultationForPoint,
  createActivity,
  listSubmissions,
  mergeOpinions,
  reportContents,
  reportState,
  startCorrection,
  submitReport,
  adoption,
} from "../../services/contact-points.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { ActivityFields } from "../components/contact-point-forms.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import {
  attempt,
  invalid,
  parseActivity,
  type CpActionData,
} from "../lib/contact-points.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/coordinator.consultation";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const consultation = await consultationForPoint(context.db, params.id);
  if (!consultation)
    throw data({ message: requestTranslator(request)("consultation.notFound") }, { status: 404 });
  const submissions = await listSubmissions(context.db, point.id, consultation.id);
  const { draft, inForce, sent } = reportState(submissions);
  const working = draft ?? inForce;
  const contents = working ? await reportContents(context.db, working.id) : null;
  const feedback = inForce
    ? draft
      ? adoption(
          (await reportContents(context.db, inForce.id)).opinions.map((o) => o.dispositionCode),
        )
      : adoption(contents!.opinions.map((o) => o.dispositionCode))
    : null;
  return {
    point,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billTitle: consultation.billTitle,
      status: consultation.status,
      closesAt: new Date(consultation.closes_at).toISOString(),
      published: !!consultation.report_published_at,
    },
    draft: draft ? { id: draft.id, replacesId: draft.replaces_id } : null,
    inForce: inForce
      ? {
          id: inForce.id,
          status: inForce.status,
          submittedAt: inForce.submitted_at?.toISOString() ?? null,
          receivedAt: inForce.received_at?.toISOString() ?? null,
          note: inForce.note,
        }
      : null,
    history: sent.map((s) => ({
      id: s.id,
      status: s.status,
      submittedAt: s.submitted_at?.toISOString() ?? null,
      replacesId: s.replaces_id,
    })),
    working: working ? { id: working.id, editable: working.status === "draft" } : null,
    activities: contents?.activities ?? [],
    opinions: contents?.opinions ?? [],
    feedback,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { actor } = await requireCoordinator(request, context);
  const form = await requireCsrf(request, context);
  const intent = String(form.get("intent") ?? "");
  if (intent === "activity") {
    const parsed = parseActivity(form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    let id = "";
    const outcome = await attempt(intent, async () => {
      id = await createActivity(context.db, actor, params.id, parsed.data);
      return "cp.saved.activity";
    });
    return id ? redirect(`/coordinator/activities/${id}?created=1`) : outcome;
  }
  if (intent === "merge") {
    const ids = form.getAll("opinionId").map(String);
    return attempt(intent, async () => {
      await mergeOpinions(context.db, actor, params.id, ids);
      return "cp.saved.merged";
    });
  }
  if (intent === "submit") {
    if (form.get("confirm") !== "yes") return invalid(intent, { confirm: "cp.error.confirm" });
    return attempt(intent, async () => {
      await submitReport(context.db, actor, params.id, String(form.get("note") ?? ""));
      return "cp.saved.submitted";
    });
  }
  if (intent === "correct") {
    return attempt(intent, async () => {
      await startCorrection(context.db, actor, params.id);
      return "cp.saved.correction";
    });
  }
  return invalid(intent, {});
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.point.name} · ${data.consultation.billTitle}` : "开门立法" }];
}

export default function CoordinatorConsultation({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime, date } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const result = actionData as CpActionData | undefined;
  const {
    point,
    consultation: c,
    draft,
    inForce,
    history,
    working,
    activities,
    opinions,
  } = loaderData;
  const feedback = loaderData.feedback;
  const open = c.status === "open";
  const editable = !!working?.editable && open;
  const canStart = !working && open;
  const fieldsFor = (intent: string) =>
    result && !result.ok && result.intent === intent ? result.fields : {};
  const byActivity = (id: string) => opinions.filter((o) => o.activity_id === id);
  const activityName = (a: (typeof activities)[number]) =>
    `${date(`${a.held_on}T12:00:00+08:00`)} ${t(`channel.${a.kind}` as MessageKey)}`;
  const status = draft ? "draft" : (inForce?.status ?? "none");
  return (
    <div className="page cp-page">
      <p className="muted">
        <Link to="/coordinator">{t("coordinator.title")}</Link> · {point.name}
      </p>
      <h1>{c.billTitle}</h1>
      <p className="muted">
        {t("consultation.deadline", { date: dateTime(c.closesAt) })} ·{" "}
        {t(`consultation.status.${c.status}` as MessageKey)}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {t(result.message)}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="cp-report-h">
        <h2 id="cp-report-h">{t("cp.report.title")}</h2>
        <p>
          <span className={`tag cp-status-${status}`}>
            {t(`cp.status.${status}` as MessageKey)}
          </span>
          {draft?.replacesId ? ` ${t("cp.status.correcting")}` : ""}
        </p>
        {inForce ? (
          <p className="muted">
            {t("cp.submittedAt", { date: dateTime(inForce.submittedAt!) })}
            {inForce.receivedAt
              ? ` · ${t("cp.receivedAt", { date: dateTime(inForce.receivedAt) })}`
              : ""}
          </p>
        ) : null}
        {history.length > 1 ? (
          <p className="muted">{t("cp.report.history", { count: history.length })}</p>
        ) : null}
        <p className="downloads">
          {working ? (
            <a href={`/submissions/${working.id}/report.docx`} download>
              {t("cp.report.docx")}
            </a>
          ) : null}
          {draft && inForce ? (
            <a href={`/submissions/${inForce.id}/report.docx`} download>
              {t("cp.report.docxInForce")}
            </a>
          ) : null}
        </p>
        {feedback && feedback.total > 0 ? (
          <p className="cp-feedback" role="status">
            {feedback.rate === null
              ? t("cp.feedback.none", { total: feedback.total })
              : t("cp.feedback.summary", {
                  handled: feedback.handled,
                  total: feedback.total,
                  adopted: feedback.adopted,
                  rate: feedback.rate,
                })}
          </p>
        ) : null}
        {editable && draft ? (
          <Form method="post" className="stack cp-submit">
            <CsrfInput />
            <input type="hidden" name="intent" value="submit" />
            <p className="hint">{t("cp.report.submitHint")}</p>
            <div className="field">
              <label htmlFor="cp-note">{t("cp.report.note")}</label>
              <textarea id="cp-note" name="note" rows={2} maxLength={5000} />
            </div>
            <label className="cp-check">
              <input type="checkbox" name="confirm" value="yes" required />{" "}
              {t("cp.report.confirm", { count: opinions.length })}
            </label>
            {fieldsFor("submit").confirm ? (
              <p className="field-error">{t(fieldsFor("submit").confirm!)}</p>
            ) : null}
            <button type="submit" className="button primary" disabled={busy}>
              {t(draft.replacesId ? "cp.report.submitCorrection" : "cp.report.submit")}
            </button>
          </Form>
        ) : null}
        {!draft && inForce && open ? (
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="correct" />
            <p className="hint">{t("cp.report.correctHint")}</p>
            <button type="submit" className="button" disabled={busy}>
              {t("cp.report.correct")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="cp-activities-h">
        <h2 id="cp-activities-h">{t("cp.activities.title")}</h2>
        {activities.length === 0 ? <p className="empty">{t("cp.activities.none")}</p> : null}
        {editable && opinions.length > 1 ? <p className="hint">{t("cp.merge.hint")}</p> : null}
        <Form method="post" id="cp-merge-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="merge" />
        </Form>
        <ul className="cards single">
          {activities.map((a) => (
            <li key={a.id} className="card cp-activity">
              <h3 className="card-title">
                {editable ? (
                  <Link to={`/coordinator/activities/${a.id}`}>{activityName(a)}</Link>
                ) : (
                  activityName(a)
                )}
              </h3>
              <p className="muted">
                {a.place ? `${a.place} · ` : ""}
                {t("cp.activity.people", { count: a.headcount })}
                {a.participants.length
                  ? ` · ${a.participants.map((p) => t(`cp.participant.${p}` as MessageKey)).join("、")}`
                  : ""}
              </p>
              <p className="cp-actions">
                {editable ? (
                  <Link to={`/coordinator/activities/${a.id}`}>{t("cp.activity.edit")}</Link>
                ) : null}
                <Link to={`/coordinator/activities/${a.id}/print`}>{t("cp.activity.print")}</Link>
              </p>
              {byActivity(a.id).length === 0 ? (
                <p className="empty">{t("cp.opinions.none")}</p>
              ) : (
                <ul className="cp-opinions">
                  {byActivity(a.id).map((o) => (
                    <li key={o.id}>
                      {editable ? (
                        <input
                          type="checkbox"
                          form="cp-merge-form"
                          name="opinionId"
                          value={o.id}
                          id={`merge-${o.id}`}
                          className="cp-merge-box"
                          aria-label={t("cp.merge.pick", {
                            target: o.provisionLabel ?? t("mine.wholeDraft"),
                          })}
                        />
                      ) : null}
                      <div>
                        <p>
                          <strong>{o.provisionLabel ?? t("mine.wholeDraft")}</strong>{" "}
                          <span className="muted">
                            {t("cp.opinion.people", { count: o.headcount })}
                          </span>
                        </p>
                        <p className="opinion-body">{o.body}</p>
                        {o.proposed_text ? (
                          <p className="reason">
                            {t("opinion.proposed")}：{o.proposed_text}
                          </p>
                        ) : null}
                        {o.dispositionCode ? (
                          <p className="cp-disposition">
                            <span className="tag">
                              {t(`disposition.${o.dispositionCode}` as MessageKey)}
                            </span>{" "}
                            {o.dispositionReason}
                          </p>
                        ) : working && !working.editable ? (
                          <p className="muted">{t("disposition.none")}</p>
                        ) : null}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
        {editable && opinions.length > 1 ? (
          <button type="submit" form="cp-merge-form" className="button" disabled={busy}>
            {t("cp.merge.button")}
          </button>
        ) : null}
      </section>

      {editable || canStart ? (
        <section className="panel" aria-labelledby="cp-new-h">
          <h2 id="cp-new-h">{t("cp.activity.new")}</h2>
          <p>
            <Link to={`/coordinator/consultations/${c.id}/import`}>{t("cp.import.link")}</Link>
          </p>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="activity" />
            <ActivityFields prefix="new-activity" fields={fieldsFor("activity")} />
            <button type="submit" className="button primary" disabled={busy}>
              {t("cp.activity.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
