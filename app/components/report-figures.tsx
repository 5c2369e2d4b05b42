import type { ConsultationStats } from "../../services/consultation-stats.ts";
import { Link } from "react-router";
import { useI18n } from "../lib/use-i18n.ts";
import { provisionAnchor } from "./legal-text.tsx";

/** The figures the report and the statistics page show as numbers. */
export type ReportStats = Pick<
  ConsultationStats,
  | "total"
  | "headcount"
  | "handled"
  | "adopted"
  | "byProvision"
  | "wholeDraft"
  | "wholeDraftHandled"
  | "wholeDraftAdopted"
  | "byContactPoint"
>;

/** The adoption rate in percent with one decimal, or null when nothing is handled yet. */
export function adoptionRate(adopted: number, handled: number): number | null {
  return handled > 0 ? Math.round((adopted / handled) * 1000) / 10 : null;
}

/** The figures at the head of the report and of the statistics page. */
export function ReportFigures({ stats }: { stats: ReportStats }) {
  const { t } = useI18n();
  const rate = adoptionRate(stats.adopted, stats.handled);
  return (
    <>
      <dl className="stats">
        <div>
          <dt>{t("report.total")}</dt>
          <dd>{stats.total}</dd>
        </div>
        <div>
          <dt>{t("report.headcount")}</dt>
          <dd>{stats.headcount}</dd>
        </div>
        <div>
          <dt>{t("report.handled")}</dt>
          <dd>{stats.handled}</dd>
        </div>
        <div>
          <dt>{t("report.adopted")}</dt>
          <dd>{stats.adopted}</dd>
        </div>
        <div>
          <dt>{t("report.adoptionRate")}</dt>
          <dd>{rate === null ? t("report.noRate") : t("report.rate", { rate })}</dd>
        </div>
      </dl>
      <p className="muted small">
        {t("report.adoptionRateHint")} {t("report.countingRule")}
      </p>
    </>
  );
}

/** Opinions per article (and on the whole draft), handled and adopted; each links into the reading. */
export function ArticleTable({ stats, reading }: { stats: ReportStats; reading: string }) {
  const { t, label } = useI18n();
  if (stats.byProvision.length === 0 && stats.wholeDraft === 0)
    return <p className="empty">{t("report.noOpinions")}</p>;
  return (
    // A wide table scrolls on a phone; the keyboard can reach and scroll it too.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t("report.byArticle")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("report.article")}</th>
            <th scope="col">{t("report.count")}</th>
            <th scope="col">{t("report.handledCount")}</th>
            <th scope="col">{t("report.adoptedCount")}</th>
          </tr>
        </thead>
        <tbody>
          {stats.wholeDraft > 0 ? (
            <tr>
              <th scope="row">{t("report.wholeDraft")}</th>
              <td>{stats.wholeDraft}</td>
              <td>{stats.wholeDraftHandled}</td>
              <td>{stats.wholeDraftAdopted}</td>
            </tr>
          ) : null}
          {stats.byProvision.map((p) => (
            <tr key={p.pid}>
              <th scope="row">
                <Link to={`${reading}#${provisionAnchor(p.pid)}`}>{label(p.label)}</Link>
              </th>
              <td>{p.count}</td>
              <td>{p.handled}</td>
              <td>{p.adopted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The contact points' share: opinions and the people they represent. */
export function ContactPointTable({ stats }: { stats: ReportStats }) {
  const { t } = useI18n();
  if (stats.byContactPoint.length === 0) return null;
  return (
    <>
      <h2>{t("report.byContactPoint")}</h2>
      <div
        className="table-wrap"
        tabIndex={0}
        role="region"
        aria-label={t("report.byContactPoint")}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">{t("report.contactPoint")}</th>
              <th scope="col">{t("report.count")}</th>
              <th scope="col">{t("report.people")}</th>
            </tr>
          </thead>
          <tbody>
            {stats.byContactPoint.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.opinions}</td>
                <td>{p.headcount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
