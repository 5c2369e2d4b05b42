import { Link } from "react-router";
import type { VersionLabel } from "../../db/codes.ts";
import { useI18n } from "../lib/use-i18n.ts";

export interface ConsultationCardData {
  id: string;
  title: string;
  billTitle: string;
  organizationName: string;
  versionLabel: VersionLabel;
  status: "upcoming" | "open" | "closed";
  opens_at: string | Date;
  closes_at: string | Date;
  opinionCount: number;
  articleCount: number;
  allow_anonymous: boolean;
  /** Set once the drafters published the handling (采纳情况反馈). */
  reportPublishedAt?: string | Date | null;
}

const DAY = 86_400_000;

/** One consultation in a list: what, whose, which reading, and how long it stays open. */
export function ConsultationCard({
  c,
  now,
  children,
}: {
  c: ConsultationCardData;
  now: number;
  children?: React.ReactNode;
}) {
  const { t, dateTime, date } = useI18n();
  const closes = new Date(c.closes_at).getTime();
  const daysLeft = Math.ceil((closes - now) / DAY);
  return (
    <li className={`card consultation status-${c.status}`}>
      <div className="card-tags">
        <span className={`tag tag-${c.status}`}>{t(`consultation.status.${c.status}`)}</span>
        <span className="tag">{t(`version.${c.versionLabel}`)}</span>
      </div>
      <h3>
        <Link to={`/consultations/${c.id}`}>{c.title}</Link>
      </h3>
      <p className="muted">{c.organizationName}</p>
      <p className="deadline">
        {c.status === "open" ? (
          <>
            {t("consultation.deadline", { date: dateTime(c.closes_at) })}
            <strong className="countdown">
              {daysLeft <= 1
                ? t("consultation.lastDay")
                : t("consultation.daysLeft", { days: daysLeft })}
            </strong>
          </>
        ) : c.status === "upcoming" ? (
          t("consultation.opens", { date: dateTime(c.opens_at) })
        ) : (
          t("consultation.closedOn", { date: date(c.closes_at) })
        )}
      </p>
      <p className="card-meta">
        <span>{t("consultation.articles", { count: c.articleCount })}</span>
        <span>{t("consultation.opinions", { count: c.opinionCount })}</span>
        <span>
          {c.allow_anonymous
            ? t("consultation.anonymousAllowed")
            : t("consultation.accountRequired")}
        </span>
      </p>
      {c.reportPublishedAt ? (
        <p>
          <Link to={`/consultations/${c.id}/report`}>{t("report.viewReport")}</Link>
        </p>
      ) : null}
      {children}
    </li>
  );
}
