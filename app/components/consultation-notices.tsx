import { useI18n } from "../lib/use-i18n.ts";
import "../styles/consultations.css";

export interface NoticeData {
  id: string;
  kind: "deadline_extended" | "notice";
  body: string;
  new_closes_at: Date | string | null;
  created_at: Date | string;
}

/**
 * What the public page of a consultation says about its period: when an upcoming one opens,
 * that a closed one takes no more opinions, and the drafters' notices (征求意见截止时间已延长至…).
 */
export function ConsultationNotices({
  status,
  opensAt,
  closesAt,
  notices,
}: {
  status: "upcoming" | "open" | "closed";
  opensAt: Date | string;
  closesAt: Date | string;
  notices: NoticeData[];
}) {
  const { t, dateTime } = useI18n();
  return (
    <>
      {status === "upcoming" ? (
        <p className="consultation-state upcoming" role="status">
          {t("consultations.page.upcoming", { date: dateTime(opensAt) })}
        </p>
      ) : null}
      {status === "closed" ? (
        <p className="consultation-state closed" role="status">
          {t("consultations.page.closed", { date: dateTime(closesAt) })}
        </p>
      ) : null}
      {notices.length ? (
        <ul className="consultation-notices" aria-label={t("consultations.notices.title")}>
          {notices.map((n) => (
            <li key={n.id} className="consultation-notice">
              {n.kind === "deadline_extended" && n.new_closes_at ? (
                <strong>
                  {t("consultations.notice.extended", { date: dateTime(n.new_closes_at) })}
                </strong>
              ) : null}
              {n.body ? <span className="notice-body"> {n.body}</span> : null}{" "}
              <span className="muted">
                {t("consultations.notice.postedAt", { date: dateTime(n.created_at) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
