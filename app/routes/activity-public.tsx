import { data } from "react-router";
import { reportContents } from "../../db/queries/contact-points.ts";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
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
  const activities = context.db
    .selectFrom("contact_point_activities as a")
    .innerJoin("contact_points as cp", "cp.id", "a.contact_point_id")
    .innerJoin("consultations as c", "c.id", "a.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("submissions as s", "s.id", "a.submission_id")
    .select([
      "a.id",
      "a.kind",
      "a.held_on",
      "a.place",
      "a.headcount",
      "a.submission_id",
      "s.status as submissionStatus",
      "cp.name as pointName",
      "c.id as consultationId",
      "b.title as billTitle",
    ]);
  let activity = await activities.where("a.lookup_token", "=", params.token).executeTakeFirst();
  if (!activity) throw notFound();
  // Follow submitted corrections: the printed code keeps pointing at the report in force.
  for (let hops = 0; hops < 20; hops++) {
    const next = await activities
      .where("a.copied_from_id", "=", activity.id)
      .where("s.status", "in", ["submitted", "received"])
      .executeTakeFirst();
    if (!next) break;
    activity = next;
  }
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
    activity: {
      kind: activity.kind,
      held_on: activity.held_on,
      place: activity.place,
      headcount: activity.headcount,
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
  const { t, date } = useI18n();
  const { activity: a, submitted, opinions } = loaderData;
  const handled = opinions.filter((o) => o.code).length;
  return (
    <div className="page narrow-wide cp-page">
      <p className="muted">{a.pointName}</p>
      <h1>{t("cp.public.title", { bill: a.billTitle })}</h1>
      <p>
        {date(`${a.held_on}T12:00:00+08:00`)} {t(`channel.${a.kind}` as MessageKey)}
        {a.place ? ` · ${a.place}` : ""} · {t("cp.activity.people", { count: a.headcount })}
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
                  <strong>{o.target ?? t("mine.wholeDraft")}</strong>{" "}
                  <span className="muted">{t("cp.opinion.people", { count: o.headcount })}</span>
                </p>
                <p className="opinion-body">{o.body}</p>
                {o.proposed ? (
                  <p className="reason">
                    {t("opinion.proposed")}：{o.proposed}
                  </p>
                ) : null}
                {o.code ? (
                  <p className="cp-disposition">
                    <span className="tag">{t(`disposition.${o.code}` as MessageKey)}</span>{" "}
                    {o.reason}
                  </p>
                ) : (
                  <p className="muted">{t("disposition.none")}</p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={`/consultations/${a.consultationId}`}>{t("cp.public.readDraft")}</a>
      </p>
    </div>
  );
}
