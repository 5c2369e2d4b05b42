import { regionName } from "../../db/regions.ts";
import { localizedLabel } from "../../editor/labels.ts";
import * as echarts from "echarts";
import { channels, dispositionCodes, respondentTypes } from "../../db/codes.ts";
import type { ConsultationStats } from "../consultation-stats.ts";
import type { DocumentTranslate as Translate } from "./messages.ts";

// The statistics pictures, drawn on the server with ECharts' SVG renderer: the page needs no
// chart script (the CSP allows none), the pictures print, and they scale from a 375-px phone to
// a desktop through their viewBox. ECharts escapes the text it writes into the SVG; the page
// shows the SVG as an <img> (data: URL), where even a script could not run. Every chart comes
// with its numbers as a table and a one-sentence summary for its text alternative.

export interface ChartRow {
  label: string;
  count: number;
}

export interface Chart {
  id: string;
  title: string;
  /** The text alternative: what the picture shows, in one or two sentences. */
  summary: string;
  /** The SVG document, or null when there is nothing to draw. */
  svg: string | null;
  /** The same numbers as the picture, for the table beside it. */
  rows: ChartRow[];
}

const WIDTH = 360;
/** Beyond this many articles the heat map shows chapters instead. */
const MAX_CELLS = 200;
const FONT =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const RED = "#a61b1b";
const INK = "#1f2328";
const MUTED = "#57606a";

/** Renders an ECharts option as an SVG document of the given height. */
export function renderSvg(option: echarts.EChartsOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, color: INK },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The SVG as a data: URL for an <img>, which the CSP allows and where nothing runs. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

function listSummary(t: Translate, rows: ChartRow[], limit = 5): string {
  return rows
    .slice(0, limit)
    .map((r) => t("report.chart.item", { label: r.label, count: r.count }))
    .join(t("report.chart.separator"));
}

/**
 * Horizontal bars of labelled counts in the given order, each with its figure at its end (the
 * count, or what `figure` writes for the bar at that index); the consultation's breakdowns and
 * the survey results draw their bars with it.
 */
export function barListSvg(
  labels: string[],
  counts: number[],
  options: { right?: number; figure?: (index: number) => string } = {},
): string {
  const { figure } = options;
  return renderSvg(
    {
      grid: { left: 8, right: options.right ?? 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", show: false, max: "dataMax" },
      yAxis: {
        type: "category",
        inverse: true,
        data: labels,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: "#d8dee4" } },
        axisLabel: { color: INK, fontSize: 13, width: 150, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          data: counts,
          barMaxWidth: 18,
          itemStyle: { color: RED, borderRadius: [0, 3, 3, 0] },
          label: {
            show: true,
            position: "right",
            color: INK,
            fontSize: 12,
            ...(figure ? { formatter: (p: { dataIndex: number }) => figure(p.dataIndex) } : {}),
          },
        },
      ],
    },
    24 + labels.length * 30,
  );
}

/** A horizontal bar chart of labelled counts, largest first. */
function barChart(t: Translate, id: string, title: string, rows: ChartRow[]): Chart {
  const shown = rows.filter((r) => r.count > 0);
  const summary =
    shown.length > 0
      ? t("report.chart.breakdownSummary", { title, items: listSummary(t, shown, 12) })
      : t("report.chart.emptySummary", { title });
  if (shown.length === 0) return { id, title, summary, svg: null, rows: shown };
  const svg = barListSvg(
    shown.map((r) => r.label),
    shown.map((r) => r.count),
  );
  return { id, title, summary, svg, rows: shown };
}

/** The heat map: the text's articles as a grid of cells, darker for more opinions. */
export function heatmapChart(t: Translate, stats: ConsultationStats, locale = "zh-CN"): Chart {
  const title = t("report.chart.heatmap.title");
  const articles = stats.articles;
  // The article's label in the page's language (Article 25 on English pages).
  const rows = articles.map((a) => ({ label: localizedLabel(a.label, locale), count: a.count }));
  const busiest = [...rows].filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  const summary = t("report.chart.heatmap.summary", {
    articles: articles.length,
    touched: busiest.length,
    top: busiest.length > 0 ? listSummary(t, busiest, 5) : t("report.chart.none"),
  });
  if (articles.length === 0) return { id: "heatmap", title, summary, svg: null, rows };
  // A cell per article; a long text (a code of hundreds of articles) gets a cell per chapter,
  // numbered in order, so the picture stays small enough to read and to send.
  let cells = articles.map((a) => ({ name: String(a.number), count: a.count }));
  if (articles.length > MAX_CELLS) {
    const chapters = new Map<string, number>();
    for (const a of articles) {
      const key = a.chapter ?? "";
      chapters.set(key, (chapters.get(key) ?? 0) + a.count);
    }
    cells = [...chapters.values()].map((count, i) => ({ name: String(i + 1), count }));
  }
  const columns = 10;
  const lines = Math.ceil(cells.length / columns);
  const cell = 32;
  const max = Math.max(1, ...cells.map((a) => a.count));
  const data = cells.map((a, i) => ({
    value: [i % columns, Math.floor(i / columns), a.count],
    name: a.name,
    label: { color: a.count > max * 0.55 ? "#ffffff" : INK },
  }));
  const svg = renderSvg(
    {
      grid: { left: 10, right: 10, top: 6, height: lines * cell },
      xAxis: { type: "category", data: [...Array(columns).keys()].map(String), show: false },
      yAxis: {
        type: "category",
        data: [...Array(lines).keys()].map(String),
        show: false,
        inverse: true,
      },
      visualMap: {
        type: "continuous",
        min: 0,
        max,
        orient: "horizontal",
        left: "center",
        top: lines * cell + 14,
        itemWidth: 12,
        itemHeight: 160,
        text: [String(max), "0"],
        textStyle: { color: MUTED, fontSize: 12 },
        calculable: false,
        inRange: { color: ["#f3efe6", "#e8b4a8", "#c8574a", RED, "#5e0f0f"] },
      },
      series: [
        {
          type: "heatmap",
          data,
          label: { show: true, fontSize: 12, formatter: (p: { name: string }) => p.name },
          itemStyle: { borderColor: "#ffffff", borderWidth: 2 },
        },
      ],
    } as echarts.EChartsOption,
    lines * cell + 60,
  );
  return { id: "heatmap", title, summary, svg, rows };
}

/** Opinions per day, as bars over the calendar. */
export function perDayChart(t: Translate, stats: ConsultationStats): Chart {
  const title = t("report.chart.perDay.title");
  const rows = stats.perDay.map((d) => ({ label: d.date, count: d.count }));
  if (rows.length === 0)
    return {
      id: "per-day",
      title,
      summary: t("report.chart.emptySummary", { title }),
      svg: null,
      rows,
    };
  const peak = rows.reduce((best, r) => (r.count > best.count ? r : best), rows[0]!);
  const summary = t("report.chart.perDay.summary", {
    days: rows.length,
    first: rows[0]!.label,
    last: rows[rows.length - 1]!.label,
    peak: peak.label,
    count: peak.count,
  });
  const svg = renderSvg(
    {
      grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: rows.map((r) => r.label.slice(5).replace("-", "/")),
        axisLabel: { color: MUTED, fontSize: 11, hideOverlap: true },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: "value",
        minInterval: 1,
        axisLabel: { color: MUTED, fontSize: 11 },
        splitLine: { lineStyle: { color: "#eaeef2" } },
      },
      series: [
        {
          type: "bar",
          data: rows.map((r) => r.count),
          barMaxWidth: 28,
          itemStyle: { color: RED },
        },
      ],
    },
    220,
  );
  return { id: "per-day", title, summary, svg, rows };
}

/** The charts of a consultation's figures, in the order the pages show them. */
export function consultationCharts(
  t: Translate,
  stats: ConsultationStats,
  locale = "zh-CN",
): Chart[] {
  const byCount = (rows: ChartRow[]) => [...rows].sort((a, b) => b.count - a.count);
  const coded = <Code extends string>(
    codes: readonly Code[],
    label: (code: Code) => string,
    counts: Partial<Record<Code, number>>,
  ) => byCount(codes.map((c) => ({ label: label(c), count: counts[c] ?? 0 })));
  const regions: ChartRow[] = stats.byRegion.map((r) => ({
    label: r.region ? regionName(r.region, locale) : t("report.region.unknown"),
    count: r.count,
  }));
  const topRegions =
    regions.length > 12
      ? [
          ...regions.slice(0, 11),
          {
            label: t("report.region.others"),
            count: regions.slice(11).reduce((sum, r) => sum + r.count, 0),
          },
        ]
      : regions;
  return [
    heatmapChart(t, stats, locale),
    perDayChart(t, stats),
    barChart(
      t,
      "by-channel",
      t("report.chart.channel.title"),
      coded(channels, (c) => t(`channel.${c}`), stats.byChannel),
    ),
    barChart(t, "by-region", t("report.chart.region.title"), topRegions),
    barChart(
      t,
      "by-respondent",
      t("report.chart.respondent.title"),
      coded(respondentTypes, (c) => t(`respondent.${c}`), stats.byRespondentType),
    ),
    barChart(
      t,
      "by-disposition",
      t("report.chart.disposition.title"),
      coded(dispositionCodes, (c) => t(`disposition.${c}`), stats.byDisposition),
    ),
  ];
}

/** The charts as the pages send them: pictures as data: URLs, with summaries and numbers. */
export function chartViews(t: Translate, stats: ConsultationStats, locale?: string) {
  // Drawing takes tens of milliseconds of CPU a chart; figures kept unchanged between views
  // (consultationStats) are the same object, so their pictures are drawn once per language.
  const kept = locale ? drawn.get(stats)?.get(locale) : undefined;
  if (kept) return kept;
  const views = consultationCharts(t, stats, locale).map(({ svg, ...chart }) => ({
    ...chart,
    src: svg ? svgDataUrl(svg) : null,
  }));
  if (locale) {
    let byLocale = drawn.get(stats);
    if (!byLocale) drawn.set(stats, (byLocale = new Map()));
    byLocale.set(locale, views);
  }
  return views;
}

type ChartView = Omit<Chart, "svg"> & { src: string | null };
const drawn = new WeakMap<ConsultationStats, Map<string, ChartView[]>>();
