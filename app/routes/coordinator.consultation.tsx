import { Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import {
  adoption,
  consultationForPoint,
  listSubmissions,
  reportContents,
  reportState,
} from "../../db/queries/contact-points.ts";
import {
  createActivity,
  mergeOpinions,
  startCorrection,
  submitReport,
} from "../../services/contact-points.ts";
import { notFound } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { ActivityFields } from "../components/contact-point-forms.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { isMessageKey, requestTranslator } from "../i18n/index.ts";
import {
  attempt,
  invalid,
  parseActivity,
  type CpActionData,
} from "../lib/contact-points.server.ts";
import { refusalResponse } from "../lib/errors.ts";
import { parseForm } from "../lib/forms.ts";
import { activityName, distinguishingWords } from "../lib/activity-name.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/coordinator.consultation";

/** The change a form asks for; each intent's own fields are read by its schema. */
const IntentSchema = z.object({ intent: z.enum(["activity", "merge", "submit", "correct"]) });
const SubmitSchema = z.object({
  confirm: z.literal("yes", "cp.error.confirm"),
  // The service keeps the first 5,000 characters, as the text box does.
  note: z.string().default(""),
});
const CorrectSchema = z.object({ submissionId: z.string().default("") });
const MergeSchema = z.array(z.string().max(64)).max(1000);

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const consultation = await consultationForPoint(context.db, params.id);
  if (!consultation) throw refusalResponse(request, notFound("consultation.notFound"));
  const t = requestTranslator(request);
  const submissions = await listSubmissions(context.db, point.id, consultation.id);
  const { draft, counted, sent } = reportState(submissions);
  const block = async (sub: (typeof submissions)[number]) => {
    const contents = await reportContents(context.db, sub.id);
    return {
      id: sub.id,
      status: sub.status,
      replacesId: sub.replaces_id,
      submittedAt: sub.submitted_at?.toISOString() ?? null,
      receivedAt: sub.received_at?.toISOString() ?? null,
      note: sub.note,
      batch: sent.findIndex((s) => s.id === sub.id) + 1,
      ...contents,
    };
  };
  const reports = await Promise.all(counted.map(block));
  return {
    point,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billTitle: consultation.billTitle,
      status: consultation.status,
      closesAt: new Date(consultation.closes_at).toISOString(),
    },
    draft: draft ? await block(draft) : null,
    today: new Intl.DateTimeFormat("en-CA", { timeZone: context.timeZone }).format(new Date()),
    replacedBatch: draft?.replaces_id
      ? sent.findIndex((s) => s.id === draft.replaces_id) + 1
      : null,
    reports: reports.reverse(),
    feedback: adoption(reports.flatMap((r) => r.opinions.map((o) => o.dispositionCode))),
    pageTitle: `${point.name} · ${consultation.billTitle} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { actor } = await requireCoordinator(request, context);
  const form = await requireCsrf(request, context);
  const chosen = parseForm(IntentSchema, form);
  if (!chosen.ok) return invalid(String(form.get("intent") ?? ""), {});
  const { intent } = chosen.data;
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
    const ids = MergeSchema.safeParse(form.getAll("opinionId"));
    if (!ids.success) return invalid(intent, {});
    return attempt(intent, async () => {
      await mergeOpinions(context.db, actor, params.id, ids.data);
      return "cp.saved.merged";
    });
  }
  if (intent === "submit") {
    const parsed = parseForm(SubmitSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    return attempt(intent, async () => {
      await submitReport(context.db, actor, params.id, parsed.data.note);
      return "cp.saved.submitted";
    });
  }
  if (intent === "correct") {
    const parsed = parseForm(CorrectSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    return attempt(intent, async () => {
      await startCorrection(context.db, actor, params.id, parsed.data.submissionId);
      return "cp.saved.correction";
    });
  }
  return invalid(intent, {});
}

type Report = NonNullable<Route.ComponentProps["loaderData"]["draft"]>;

/** The activities of one report with their opinions (and, once submitted, their handling). */
function ReportActivities({ report, editable }: { report: Report; editable: boolean }) {
  const { t, date, label } = useI18n();
  // A participant code the catalogue does not name shows as it is.
  const named = (key: string, value: string) => (isMessageKey(key) ? t(key) : value);
  const byActivity = (id: string) => report.opinions.filter((o) => o.activity_id === id);
  if (report.activities.length === 0) return <p className="empty">{t("cp.activities.none")}</p>;
  // Two activities of one day, kind and place show what tells them apart (host, headcount…).
  const telling = distinguishingWords(t, report.activities);
  return (
    <ul className="cards single">
      {report.activities.map((a) => {
        const name = activityName(t, date, a);
        return (
          <li key={a.id} className="card cp-activity">
            <h4 className="card-title">
              {editable ? <Link to={`/coordinator/activities/${a.id}`}>{name}</Link> : name}
            </h4>
            {telling.get(a.id)?.length ? (
              <p className="cp-telling">{telling.get(a.id)!.join(" · ")}</p>
            ) : null}
            <p className="muted">
              {a.place ? `${a.place} · ` : ""}
              {a.host ? `${t("cp.activity.hostShown", { host: a.host })} · ` : ""}
              {t("cp.activity.people", { count: a.headcount })}
              {a.participants.length
                ? ` · ${a.participants.map((p) => named(`cp.participant.${p}`, p)).join("、")}`
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
                        className="cp-merge-box"
                        aria-label={t("cp.merge.pick", {
                          target: o.provisionLabel ? label(o.provisionLabel) : t("mine.wholeDraft"),
                        })}
                      />
                    ) : null}
                    <div>
                      <p>
                        <strong>
                          {o.provisionLabel ? label(o.provisionLabel) : t("mine.wholeDraft")}
                        </strong>{" "}
                        <span className="muted">
                          {t("cp.opinion.people", { count: o.headcount })}
                        </span>
                      </p>
                      <p className="opinion-body">{o.body}</p>
                      {o.proposed_text ? (
                        <p className="reason">
                          {t("opinion.proposedShownText", { text: o.proposed_text })}
                        </p>
                      ) : null}
                      {o.dispositionCode ? (
                        <p className="cp-disposition">
                          <span className="tag">{t(`disposition.${o.dispositionCode}`)}</span>{" "}
                          {o.dispositionReason}
                        </p>
                      ) : !editable ? (
                        <p className="muted">{t("disposition.none")}</p>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export default function CoordinatorConsultation({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const result = actionData as CpActionData | undefined;
  const { point, consultation: c, draft, replacedBatch, reports, feedback } = loaderData;
  const open = c.status === "open";
  const fieldsFor = (intent: string) =>
    result && !result.ok && result.intent === intent ? result.fields : {};
  return (
    <div className="page cp-page">
      <p className="muted">
        <Link to="/coordinator">{t("coordinator.title")}</Link> · {point.name}
      </p>
      <h1>{c.billTitle}</h1>
      <p className="muted">
        {t("consultation.deadline", { date: dateTime(c.closesAt) })} ·{" "}
        {t(`consultation.status.${c.status}`)}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {t(result.message)}
        </p>
      ) : null}
      {feedback.total > 0 ? (
        <p className="panel cp-feedback">
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

      {draft ? (
        <section className="cp-report cp-report-draft" aria-labelledby="cp-draft-h">
          <h2 id="cp-draft-h">
            {replacedBatch
              ? t("cp.report.correctionOf", { n: replacedBatch })
              : t("cp.report.draftTitle")}
          </h2>
          <p>
            <span className="tag cp-status-draft">{t("cp.status.draft")}</span>{" "}
            <a href={`/submissions/${draft.id}/report.docx`} download>
              {t("cp.report.docx")}
            </a>
          </p>
          {open && draft.opinions.length > 1 ? <p className="hint">{t("cp.merge.hint")}</p> : null}
          <Form method="post" id="cp-merge-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="merge" />
          </Form>
          <ReportActivities report={draft} editable={open} />
          {open && draft.opinions.length > 1 ? (
            <button type="submit" form="cp-merge-form" className="button" disabled={busy}>
              {t("cp.merge.button")}
            </button>
          ) : null}
          {open ? (
            <Form method="post" className="stack panel cp-submit">
              <CsrfInput />
              <input type="hidden" name="intent" value="submit" />
              <h3>{t("cp.report.title")}</h3>
              <p className="hint">{t("cp.report.submitHint")}</p>
              <div className="field">
                <label htmlFor="cp-note">{t("cp.report.note")}</label>
                <textarea id="cp-note" name="note" rows={2} maxLength={5000} />
              </div>
              <label className="cp-check">
                <input type="checkbox" name="confirm" value="yes" required />{" "}
                {t("cp.report.confirm", { count: draft.opinions.length })}
              </label>
              {fieldsFor("submit").confirm ? (
                <p className="field-error">{t(fieldsFor("submit").confirm!)}</p>
              ) : null}
              <button type="submit" className="button primary" disabled={busy}>
                {t(draft.replacesId ? "cp.report.submitCorrection" : "cp.report.submit")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {open ? (
        <section className="panel" aria-labelledby="cp-new-h">
          <h2 id="cp-new-h">{t("cp.activity.new")}</h2>
          {!draft && reports.length > 0 ? (
            <p className="hint">{t("cp.activity.newBatch")}</p>
          ) : null}
          {draft ? (
            <p>
              <Link to={`/coordinator/consultations/${c.id}/import`}>{t("cp.import.link")}</Link>
            </p>
          ) : null}
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="activity" />
            <ActivityFields
              prefix="new-activity"
              fields={fieldsFor("activity")}
              today={loaderData.today}
            />
            <button type="submit" className="button primary" disabled={busy}>
              {t("cp.activity.create")}
            </button>
          </Form>
        </section>
      ) : null}

      {reports.map((r) => (
        <section key={r.id} className="cp-report" aria-labelledby={`cp-r-${r.id}`}>
          <h2 id={`cp-r-${r.id}`}>
            {t(r.replacesId ? "cp.report.batchCorrected" : "cp.report.batch", { n: r.batch })}
          </h2>
          <p>
            <span className={`tag cp-status-${r.status}`}>{t(`cp.status.${r.status}`)}</span>{" "}
            <span className="muted">
              {t("cp.submittedAt", { date: dateTime(r.submittedAt!) })}
              {r.receivedAt ? ` · ${t("cp.receivedAt", { date: dateTime(r.receivedAt) })}` : ""}
            </span>
          </p>
          {r.note ? <p className="reason">{r.note}</p> : null}
          <p className="cp-actions">
            <a href={`/submissions/${r.id}/report.docx`} download>
              {t("cp.report.docx")}
            </a>
          </p>
          <ReportActivities report={r} editable={false} />
          {!draft && open ? (
            <Form method="post" className="cp-correct">
              <CsrfInput />
              <input type="hidden" name="intent" value="correct" />
              <input type="hidden" name="submissionId" value={r.id} />
              <p className="hint">{t("cp.report.correctHint")}</p>
              <button type="submit" className="button" disabled={busy}>
                {t("cp.report.correct")}
              </button>
            </Form>
          ) : null}
        </section>
      ))}
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
