import type { QuestionResult, SurveyResults } from "../survey-results.ts";
import { barListSvg, renderSvg, svgDataUrl } from "./charts.ts";

// A survey's result pictures, drawn like the consultation statistics (charts.ts: ECharts' SVG
// renderer on the server, shown as an <img> of a data: URL, no chart script on the page): a bar
// per option of a choice question, a column per value of a scale. Each comes with a one-sentence
// summary for its text alternative; the page puts the same numbers in a table beside it.

/** The catalogue keys the pictures' summaries use. */
export type SurveyChartMessageKey =
  | "surveyResults.chart.choiceSummary"
  | "surveyResults.chart.scaleSummary"
  | "surveyResults.chart.item"
  | "surveyResults.chart.separator"
  | "surveyResults.chart.none";

export type SurveyChartTranslate = (
  key: SurveyChartMessageKey,
  params?: Record<string, string | number>,
) => string;

/** A question's picture as the page sends it. */
export interface SurveyChartView {
  questionId: string;
  /** The text alternative: what the picture shows. */
  summary: string;
  src: string | null;
}

const RED = "#a61b1b";
const INK = "#1f2328";
const MUTED = "#57606a";

const percent = (share: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(share);

/** A choice question: a horizontal bar per option, in the question's order. */
function choiceChart(t: SurveyChartTranslate, q: QuestionResult, locale: string): SurveyChartView {
  const options = q.options ?? [];
  const items = [...options]
    .sort((a, b) => b.count - a.count)
    .filter((o) => o.count > 0)
    .map((o) =>
      t("surveyResults.chart.item", {
        label: o.label,
        count: o.count,
        share: percent(o.share, locale),
      }),
    );
  const summary = t("surveyResults.chart.choiceSummary", {
    number: q.number,
    answered: q.answered,
    items:
      items.length > 0
        ? items.join(t("surveyResults.chart.separator"))
        : t("surveyResults.chart.none"),
  });
  if (q.answered === 0 || options.length === 0) return { questionId: q.id, summary, src: null };
  const svg = barListSvg(
    options.map((o) => o.label),
    options.map((o) => o.count),
    { right: 56, figure: (index) => percent(options[index]!.share, locale) },
  );
  return { questionId: q.id, summary, src: svgDataUrl(svg) };
}

/** A scale question: a column per value from its low end to its high end. */
function scaleChart(t: SurveyChartTranslate, q: QuestionResult, locale: string): SurveyChartView {
  const scale = q.scale!;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const summary = t("surveyResults.chart.scaleSummary", {
    number: q.number,
    answered: q.answered,
    mean: scale.mean === null ? "—" : format.format(scale.mean),
    median: scale.median === null ? "—" : format.format(scale.median),
    items: scale.distribution
      .map((d) =>
        t("surveyResults.chart.item", {
          label: String(d.value),
          count: d.count,
          share: percent(d.share, locale),
        }),
      )
      .join(t("surveyResults.chart.separator")),
  });
  if (q.answered === 0) return { questionId: q.id, summary, src: null };
  const svg = renderSvg(
    {
      grid: { left: 8, right: 12, top: 20, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: scale.distribution.map((d) => String(d.value)),
        axisLabel: { color: MUTED, fontSize: 12 },
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
          data: scale.distribution.map((d) => d.count),
          barMaxWidth: 32,
          itemStyle: { color: RED },
          label: { show: true, position: "top", color: INK, fontSize: 11 },
        },
      ],
    },
    200,
  );
  return { questionId: q.id, summary, src: svgDataUrl(svg) };
}

// Drawing takes tens of milliseconds of CPU a chart, and a public results page is read far more
// often than its answers change: pictures are kept by what they show (the results and the
// language), so equal figures are drawn once. A few dozen entries (surveys × filters × languages
// read lately) bound the memory.
const drawn = new Map<string, SurveyChartView[]>();
const KEPT = 32;

/** The pictures of the results' choice and scale questions (text questions have none). */
export function surveyChartViews(
  t: SurveyChartTranslate,
  results: SurveyResults,
  locale: string,
): SurveyChartView[] {
  const key = `${locale}\n${JSON.stringify(results)}`;
  const kept = drawn.get(key);
  if (kept) {
    // Most recently used last, so the oldest is the first to go.
    drawn.delete(key);
    drawn.set(key, kept);
    return kept;
  }
  const views = results.questions.flatMap((q) =>
    q.options ? [choiceChart(t, q, locale)] : q.scale ? [scaleChart(t, q, locale)] : [],
  );
  drawn.set(key, views);
  if (drawn.size > KEPT) drawn.delete(drawn.keys().next().value!);
  return views;
}
