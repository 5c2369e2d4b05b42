import { Link } from "react-router";
import { consultationStats, uncountedOpinions } from "../../services/consultation-stats.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { ChartGallery } from "../components/report-charts.tsx";
import { ArticleTable, ContactPointTable, ReportFigures } from "../components/report-figures.tsx";
import { requestLocale, requestTranslator } from "../i18n/index.ts";
import { chartViews } from "../../services/documents/charts.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { RouteHandle } from "../root.tsx";
import type { Route } from "./+types/statistics";
import "../styles/report.css";

/** The drafters' statistics of a consultation: the report's figures and charts, and what is not counted yet. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const { consultation } = await requireConsultationDrafter(request, context, params.id);
  const [stats, uncounted] = await Promise.all([
    consultationStats(context.db, consultation.id, context.timeZone),
    uncountedOpinions(context.db, consultation.id),
  ]);
  return {
    pageTitle: `${t("report.statisticsTitle")} · ${consultation.billTitle} · ${t("app.name")}`,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billTitle: consultation.billTitle,
      billId: consultation.billId,
      versionId: consultation.versionId,
      versionLabel: consultation.versionLabel,
    },
    stats: {
      total: stats.total,
      headcount: stats.headcount,
      handled: stats.handled,
      adopted: stats.adopted,
      byProvision: stats.byProvision,
      wholeDraft: stats.wholeDraft,
      wholeDraftHandled: stats.wholeDraftHandled,
      wholeDraftAdopted: stats.wholeDraftAdopted,
      byContactPoint: stats.byContactPoint,
    },
    uncounted,
    charts: chartViews(t, stats, requestLocale(request)),
  };
}

export default function Statistics({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { consultation: c, stats, uncounted, charts } = loaderData;
  const exportBase = `/consultations/${c.id}/export`;
  const notCounted = [
    uncounted.pending ? t("report.uncounted.pending", { count: uncounted.pending }) : null,
    uncounted.hidden ? t("report.uncounted.hidden", { count: uncounted.hidden }) : null,
    uncounted.unsubmitted
      ? t("report.uncounted.unsubmitted", { count: uncounted.unsubmitted })
      : null,
  ].filter(Boolean);
  return (
    <div className="page report-page">
      <p className="muted">
        <Link to={`/consultations/${c.id}`}>{c.billTitle}</Link> · {t(`version.${c.versionLabel}`)}
      </p>
      <h1>{t("report.statisticsTitle")}</h1>
      <p className="lead">{c.title}</p>
      <p className="report-links">
        <Link to={`/consultations/${c.id}/handling`}>{t("report.handlingLink")}</Link>
        <Link to={`/consultations/${c.id}/report`}>{t("report.viewReport")}</Link>
      </p>
      <ReportFigures stats={stats} />
      {notCounted.length > 0 ? (
        <p className="notice">
          {t("report.uncounted")}：{notCounted.join(t("report.chart.separator"))}
        </p>
      ) : null}
      <h2>{t("report.statistics")}</h2>
      <ChartGallery charts={charts} />
      <h2>{t("report.byArticle")}</h2>
      <ArticleTable stats={stats} reading={`/bills/${c.billId}/versions/${c.versionId}`} />
      <ContactPointTable stats={stats} />
      <section className="downloads-section" aria-labelledby="stats-downloads">
        <h2 id="stats-downloads">{t("report.downloads")}</h2>
        <p className="muted">{t("report.download.allHint")}</p>
        <p className="downloads">
          <a href={`${exportBase}/opinions.csv?all=1`} download>
            {t("report.download.csv")}
          </a>
          <a href={`${exportBase}/opinions.xlsx?all=1`} download>
            {t("report.download.xlsx")}
          </a>
          <a href={`${exportBase}/summary.docx?all=1`} download>
            {t("report.download.docx")}
          </a>
        </p>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data?.pageTitle ?? "开门立法 Kaimen" },
];

/**
 * Served as plain HTML: figures, pictures and tables with nothing to hydrate. At Civil Code scale
 * the table of articles and the charts would otherwise be sent twice (HTML and hydration data).
 */
export const handle: RouteHandle = { hydrate: false };
