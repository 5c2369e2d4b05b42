import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { attachmentsOfSubmissions } from "../../db/queries/activity-attachments.ts";
import { listSubmittedReports } from "../../db/queries/handling.ts";
import { markReceived } from "../../services/contact-points.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { AttachmentList } from "../components/activity-attachments.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/consultation-submissions";

/** The contact points' reports of a consultation, for the drafters (submitted ones only). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation } = await requireConsultationDrafter(request, context, params.id);
  const submissions = await listSubmittedReports(context.db, consultation.id);
  // Photos and scans of written opinions the points attached to their activities (issue 18).
  const attachments = await attachmentsOfSubmissions(
    context.db,
    submissions.map((s) => s.id),
  );
  const t = requestTranslator(request);
  return {
    attachments,
    title: `${t("cp.submissions.title")} · ${consultation.billTitle} · ${t("app.name")}`,
    consultation: { id: consultation.id, billTitle: consultation.billTitle },
    submissions,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationDrafter(request, context, params.id);
  const form = await requireCsrf(request, context);
  const parsed = z.object({ submissionId: z.string().uuid() }).safeParse(Object.fromEntries(form));
  const invalid: MessageKey = "error.invalidInput";
  if (!parsed.success) return data({ ok: false, message: invalid }, { status: 400 });
  try {
    await markReceived(context.db, {
      submissionId: parsed.data.submissionId,
      consultationId: consultation.id,
      userId: user.id,
      ip: context.clientIp,
    });
  } catch (error) {
    if (isServiceError(error))
      return data(
        { ok: false, message: messageKey(error.messageKey, "error.generic") },
        { status: error.status },
      );
    throw error;
  }
  const received: MessageKey = "cp.saved.received";
  return { ok: true, message: received };
}

export default function ConsultationSubmissions({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const { consultation, submissions, attachments } = loaderData;
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}`}>{consultation.billTitle}</Link> ·{" "}
        <Link to={`/consultations/${consultation.id}/handling`}>{t("handling.title")}</Link>
      </p>
      <h1>{t("cp.submissions.title")}</h1>
      {actionData ? (
        <p
          className={actionData.ok ? "notice" : "form-error"}
          role={actionData.ok ? "status" : "alert"}
        >
          {t(actionData.message)}
        </p>
      ) : null}
      {submissions.length === 0 ? <p className="empty">{t("cp.submissions.none")}</p> : null}
      <ul className="cards single">
        {submissions.map((s) => (
          <li key={s.id} className="card">
            <h2 className="card-title">{s.pointName}</h2>
            <p>
              <span className={`tag cp-status-${s.status}`}>{t(`cp.status.${s.status}`)}</span>{" "}
              {s.replaces_id ? <span className="tag">{t("cp.submissions.correction")}</span> : null}{" "}
              {s.replacedBy ? <span className="tag">{t("cp.submissions.replaced")}</span> : null}
            </p>
            <p className="muted">
              {t("cp.submittedAt", { date: dateTime(s.submitted_at!) })}
              {s.received_at ? ` · ${t("cp.receivedAt", { date: dateTime(s.received_at) })}` : ""}
              {" · "}
              {t("cp.submissions.counts", { opinions: s.opinions, headcount: s.headcount })}
            </p>
            {s.note ? <p className="reason">{s.note}</p> : null}
            {attachments.some((f) => f.submission_id === s.id) ? (
              <>
                <h3 className="cp-attach-heading">{t("attach.title")}</h3>
                <AttachmentList attachments={attachments.filter((f) => f.submission_id === s.id)} />
              </>
            ) : null}
            <div className="cp-actions">
              <a href={`/submissions/${s.id}/report.docx`} download>
                {t("cp.report.docx")}
              </a>
              {s.status === "submitted" ? (
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="submissionId" value={s.id} />
                  <button
                    type="submit"
                    className="button small"
                    disabled={navigation.state !== "idle"}
                    aria-label={t("cp.submissions.receiveLabel", { name: s.pointName })}
                  >
                    {t("cp.submissions.receive")}
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
