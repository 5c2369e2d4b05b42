import { data, Link } from "react-router";
import { moderationRecord, opinionOrganization } from "../../services/moderation.ts";
import { forbidden } from "../auth/permissions.server.ts";
import { ModerationActions } from "../components/moderation-actions.tsx";
import { messageKey, requestTranslator } from "../i18n/index.ts";
import { maskName } from "../lib/forms.ts";
import {
  moderationAction,
  requireModerator,
  type ModerationActionData,
} from "../lib/moderation.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/moderation.css";
import type { Route } from "./+types/moderation-opinion";

/** One opinion's moderation record: the opinion, its reports and the log of decisions. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { organizationIds } = await requireModerator(request, context);
  const org = await opinionOrganization(context.db, params.id);
  if (!org)
    throw data(
      { message: requestTranslator(request)("moderation.report.notFound") },
      { status: 404 },
    );
  if (!organizationIds.includes(org)) throw forbidden(request);
  const record = (await moderationRecord(context.db, params.id))!;
  const openReports = record.reports.filter((r) => !r.resolved_at).length;
  return {
    title: requestTranslator(request)("moderation.record.title"),
    opinion: { ...record.opinion, reportCount: openReports },
    reports: record.reports.map((r) => ({
      id: r.id,
      category: r.category,
      reason: r.reason === r.category ? "" : r.reason,
      created_at: r.created_at,
      resolved: !!r.resolved_at,
    })),
    log: record.log.map((e) => {
      const d = (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as Record<
        string,
        unknown
      >;
      return {
        id: e.id,
        action: e.action,
        who: e.display_name,
        when: e.created_at,
        reason: typeof d.reason === "string" ? d.reason : "",
        category: typeof d.category === "string" ? d.category : "",
      };
    }),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  return moderationAction(request, context);
}

export default function ModerationOpinion({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime, label } = useI18n();
  const { opinion, reports, log } = loaderData;
  const result = actionData as ModerationActionData | undefined;
  return (
    <div className="page narrow-wide moderation-page">
      <p className="muted">
        <Link to="/moderation">{t("moderation.record.back")}</Link>
      </p>
      <h1>{t("moderation.record.title")}</h1>
      <div role="status">
        {result?.ok ? <p className="notice">{t(`moderation.done.${result.intent}`)}</p> : null}
      </div>
      <section className="card moderation-item" aria-labelledby="m-opinion">
        <h2 id="m-opinion" className="card-title">
          {opinion.consultationTitle}
        </h2>
        <p className="muted">
          {opinion.provisionLabel ? label(opinion.provisionLabel) : t("mine.wholeDraft")} ·{" "}
          {maskName(opinion.author_name)}
          {opinion.author_region ? ` · ${opinion.author_region}` : ""} ·{" "}
          {dateTime(opinion.created_at)} ·{" "}
          {t("moderation.record.receipt", { receipt: opinion.receipt })}
        </p>
        <ul className="moderation-why">
          <li className={`tag status-${opinion.status}`}>
            {t("moderation.record.status", {
              status: t(`opinionStatus.${opinion.status}`),
            })}
          </li>
          {opinion.held_words ? (
            <li className="tag tag-held">
              {t("moderation.why.held", {
                words: opinion.held_words.join(t("moderation.listSeparator")),
              })}
            </li>
          ) : null}
        </ul>
        <p className="opinion-body">{opinion.body}</p>
        {opinion.proposed_text ? (
          <p className="reason">{t("moderation.proposedText", { text: opinion.proposed_text })}</p>
        ) : null}
        {opinion.hidden_reason ? (
          <p className="reason">{t("moderation.why.hidden", { reason: opinion.hidden_reason })}</p>
        ) : null}
        <ModerationActions opinion={opinion} result={result} />
      </section>

      <h2>{t("moderation.record.reports")}</h2>
      {reports.length === 0 ? (
        <p className="empty">{t("moderation.record.noReports")}</p>
      ) : (
        <ul className="plain-list moderation-reports">
          {reports.map((r) => (
            <li key={r.id}>
              <strong>{t(`moderation.report.cat.${r.category}`)}</strong>
              {r.reason ? `：${r.reason}` : ""}{" "}
              <span className="muted">
                {dateTime(r.created_at)} ·{" "}
                {t(r.resolved ? "moderation.record.resolved" : "moderation.record.open")}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("moderation.record.log")}</h2>
      {log.length === 0 ? (
        <p className="empty">{t("moderation.record.noLog")}</p>
      ) : (
        <div className="table-wrap">
          <table className="moderation-log">
            <thead>
              <tr>
                <th scope="col">{t("moderation.record.when")}</th>
                <th scope="col">{t("moderation.record.who")}</th>
                <th scope="col">{t("moderation.record.what")}</th>
                <th scope="col">{t("moderation.record.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.when)}</td>
                  <td>{e.who ?? t("moderation.record.anonymous")}</td>
                  <td>{t(messageKey(`moderation.log.${e.action}`, "error.generic"))}</td>
                  <td>
                    {e.reason ||
                      (e.category
                        ? t(messageKey(`moderation.report.cat.${e.category}`, "error.generic"))
                        : "")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
