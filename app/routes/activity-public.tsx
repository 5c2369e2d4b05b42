import { data } from "react-router";
import { findPublicActivity } from "../../db/queries/participation.ts";
import { reportContents } from "../../db/queries/contact-points.ts";
import { listPublicAttachments } from "../../db/queries/activity-attachments.ts";
import { AttachmentList } from "../components/activity-attachments.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { activityName } from "../lib/activity-name.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/activity-public";

/**
 * What became of the opinions gathered at an activity (the QR code of its printed page): the
 * activity of the report in force (a correction's copy when one was submitted) and, once the
 * report is submitted, its opinions with the drafters' handling.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const notFound = () => data({ message: t("cp.public.notFound") }, { status: 404 });
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(params.token)) throw notFound();
  const activity = await findPublicActivity(context.db, params.token);
  if (!activity) throw notFound();
  const submitted =
    activity.submissionStatus === "submitted" || activity.submissionStatus === "received";
  const opinions =
    submitted && activity.submission_id
      ? (await reportContents(context.db, activity.submission_id)).opinions
          .filter((o) => o.activity_id === activity.id && o.status === "published")
          .map((o) => ({
            id: o.id,
            target: o.provisionLabel,
            body: o.body,
            proposed: o.proposed_text,
            headcount: o.headcount,
            code: o.dispositionCode,
            reason: o.dispositionReason,
          }))
      : [];
  return {
    // Photos of the written opinions, where the point marked them public; shown, like the
    // opinions, once the report is submitted.
    attachments: submitted ? await listPublicAttachments(context.db, activity.id) : [],
    activity: {
      kind: activity.kind,
      held_on: activity.held_on,
      place: activity.place,
      headcount: activity.headcount,
      id: activity.id,
      start_time: activity.start_time,
      host: activity.host,
      title: activity.title,
      pointName: activity.pointName,
      billTitle: activity.billTitle,
      consultationId: activity.consultationId,
    },
    submitted,
    opinions,
  };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.activity.pointName} · 开门立法` : "开门立法" }];
}

export default function PublicActivity({ loaderData }: Route.ComponentProps) {
  const { t, date, label } = useI18n();
  const { activity: a, submitted, opinions, attachments } = loaderData;
  const handled = opinions.filter((o) => o.code).length;
  return (
    <div className="page narrow-wide cp-page">
      <p className="muted">{a.pointName}</p>
      <h1>{t("cp.public.title", { bill: a.billTitle })}</h1>
      <p>
        {activityName(t, date, a)}
        {a.place ? ` · ${a.place}` : ""}
        {a.host ? ` · ${t("cp.activity.hostShown", { host: a.host })}` : ""} ·{" "}
        {t("cp.activity.people", { count: a.headcount })}
      </p>
      {!submitted ? (
        <p className="notice">{t("cp.public.pending")}</p>
      ) : (
        <>
          <p role="status">{t("cp.public.summary", { count: opinions.length, handled })}</p>
          <ul className="cards single">
            {opinions.map((o) => (
              <li key={o.id} className="card">
                <p>
                  <strong>{o.target ? label(o.target) : t("mine.wholeDraft")}</strong>{" "}
                  <span className="muted">{t("cp.opinion.people", { count: o.headcount })}</span>
                </p>
                <p className="opinion-body">{o.body}</p>
                {o.proposed ? (
                  <p className="reason">{t("opinion.proposedShownText", { text: o.proposed })}</p>
                ) : null}
                {o.code ? (
                  <p className="cp-disposition">
                    <span className="tag">{t(`disposition.${o.code}`)}</span> {o.reason}
                  </p>
                ) : (
                  <p className="muted">{t("disposition.none")}</p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {attachments.length > 0 ? (
        <section aria-labelledby="cp-public-attach-h">
          <h2 id="cp-public-attach-h">{t("attach.publicList")}</h2>
          <AttachmentList attachments={attachments} />
        </section>
      ) : null}
      <p>
        <a href={`/consultations/${a.consultationId}`}>{t("cp.public.readDraft")}</a>
      </p>
    </div>
  );
}
