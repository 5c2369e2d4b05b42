import { useI18n } from "../lib/use-i18n.ts";

/** A chart as the loader sends it: its picture as a data: URL, its summary and its numbers. */
export interface ChartView {
  id: string;
  title: string;
  summary: string;
  src: string | null;
  rows: { label: string; count: number }[];
}

/**
 * One statistics picture with its text alternatives: the summary as the image's accessible name,
 * and a table of the same numbers (open beside the picture, or folded for long ones).
 */
export function ChartFigure({ chart, folded }: { chart: ChartView; folded: boolean }) {
  const { t } = useI18n();
  const headingId = `chart-${chart.id}`;
  const table = (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={chart.title}>
      <table>
        <caption className="visually-hidden">{chart.title}</caption>
        <thead>
          <tr>
            <th scope="col">{chart.id === "per-day" ? t("report.day") : t("report.label")}</th>
            <th scope="col">{t("report.count")}</th>
          </tr>
        </thead>
        <tbody>
          {chart.rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <figure className={`chart chart-${chart.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{chart.title}</h3>
      {chart.src ? (
        <>
          <div className="chart-picture" role="img" aria-label={chart.summary}>
            <img src={chart.src} alt="" />
          </div>
          {/* The summary is the picture's accessible name already; shown here for sighted readers. */}
          <p className="chart-summary" aria-hidden="true">
            {chart.summary}
          </p>
        </>
      ) : (
        <p className="empty">{t("report.chart.empty")}</p>
      )}
      {chart.src ? (
        folded ? (
          <details className="chart-table">
            <summary>{t("report.chart.table")}</summary>
            {table}
          </details>
        ) : (
          <div className="chart-table">{table}</div>
        )
      ) : null}
    </figure>
  );
}

/** The statistics pictures of a consultation, the long ones' tables folded. */
export function ChartGallery({ charts }: { charts: ChartView[] }) {
  return (
    <div className="chart-gallery">
      {charts.map((chart) => (
        <ChartFigure
          key={chart.id}
          chart={chart}
          folded={chart.id === "heatmap" || chart.id === "per-day"}
        />
      ))}
    </div>
  );
}
