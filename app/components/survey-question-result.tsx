import type { RespondentType, SurveyResponseChannel } from "../../db/codes.ts";
import type { SurveyChartView } from "../../services/documents/survey-charts.ts";
import type { QuestionResult, TextCluster } from "../../services/survey-results.ts";
import { useI18n } from "../lib/use-i18n.ts";

/** The drafters' view of a text question's answers: the search's matches and the clusters. */
export interface TextPanel {
  total: number;
  matches: number;
  answers: {
    id: string;
    text: string;
    channel: SurveyResponseChannel;
    point: string | null;
    type: RespondentType;
  }[];
  clusters: TextCluster[];
}

/**
 * One question's results: its picture (an image whose accessible name is its summary) and the
 * same numbers in a table that reads without script or picture; for a text question its count,
 * the drafters' published summary and, for the drafters, the answers themselves.
 */
export function SurveyQuestionResult({
  question: q,
  chart,
  note,
  panel,
  search,
}: {
  question: QuestionResult;
  chart: SurveyChartView | null;
  note: string | null;
  panel: TextPanel | null;
  search: string;
}) {
  const { t, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const headingId = `question-${q.id}`;
  return (
    <li className="survey-question card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="survey-question-number">
          {t("surveyResults.question", { number: q.number })}
        </span>{" "}
        {q.prompt}
      </h2>
      <p className="muted small">
        {t(`surveyResults.kind.${q.kind}`)}
        {q.provisionLabel ? (
          <> · {t("surveyResults.article", { label: q.provisionLabel })}</>
        ) : null}
        {" · "}
        {t("surveyResults.base", { base: q.base, answered: q.answered })}
      </p>
      {q.condition ? (
        <p className="muted small">
          {t("surveyResults.condition", {
            number: q.condition.number,
            options: q.condition.options.join(t("surveyResults.conditionJoin")),
          })}
        </p>
      ) : null}
      {chart?.src ? (
        <div className="chart-picture" role="img" aria-label={chart.summary}>
          <img src={chart.src} alt="" />
        </div>
      ) : null}
      {q.options ? (
        <>
          {q.kind === "multiple" ? (
            <p className="muted small">{t("surveyResults.multipleNote")}</p>
          ) : null}
          <ResultTable
            caption={t("surveyResults.table.caption", { number: q.number })}
            head={t("surveyResults.table.option")}
            rows={q.options.map((o) => ({
              key: o.id,
              label: o.label,
              count: o.count,
              share: percent.format(o.share),
            }))}
          />
        </>
      ) : null}
      {q.scale ? (
        <>
          {q.scale.minLabel || q.scale.maxLabel ? (
            <p className="muted small">
              {t("surveyResults.scaleEnds", {
                min: q.scale.min,
                minLabel: q.scale.minLabel || "—",
                max: q.scale.max,
                maxLabel: q.scale.maxLabel || "—",
              })}
            </p>
          ) : null}
          <p className="survey-scale-figures">
            {t("surveyResults.mean", {
              value: q.scale.mean === null ? "—" : decimal.format(q.scale.mean),
            })}
            {" · "}
            {t("surveyResults.median", {
              value: q.scale.median === null ? "—" : decimal.format(q.scale.median),
            })}
          </p>
          <ResultTable
            caption={t("surveyResults.table.caption", { number: q.number })}
            head={t("surveyResults.table.value")}
            rows={q.scale.distribution.map((d) => ({
              key: String(d.value),
              label: String(d.value),
              count: d.count,
              share: percent.format(d.share),
            }))}
          />
        </>
      ) : null}
      {q.kind === "text" ? (
        <>
          <p>{t("surveyResults.textCount", { count: q.answered })}</p>
          {note ? (
            <div className="survey-note">
              <h3>{t("surveyResults.textSummary")}</h3>
              {note.split("\n").map((line, i) => (
                <p key={i}>{line}</p>
              ))}
            </div>
          ) : !panel ? (
            <p className="muted small">{t("surveyResults.textInternal")}</p>
          ) : null}
          {panel ? <TextAnswers panel={panel} search={search} /> : null}
        </>
      ) : null}
    </li>
  );
}

function ResultTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string;
  rows: { key: string; label: string; count: number; share: string }[];
}) {
  const { t } = useI18n();
  return (
    <div className="chart-table">
      <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{head}</th>
              <th scope="col">{t("surveyResults.table.count")}</th>
              <th scope="col">{t("surveyResults.table.share")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td>{r.count}</td>
                <td>{r.share}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function TextAnswers({ panel, search }: { panel: TextPanel; search: string }) {
  const { t } = useI18n();
  return (
    <div className="survey-texts">
      <h3>{t("surveyResults.texts.title")}</h3>
      <details className="survey-clusters" open={panel.clusters.length > 0}>
        <summary>{t("surveyResults.texts.clusters")}</summary>
        <p className="muted small">{t("surveyResults.texts.clustersHint")}</p>
        {panel.clusters.length === 0 ? (
          <p className="muted">{t("surveyResults.texts.noClusters")}</p>
        ) : (
          <ul className="survey-answers">
            {panel.clusters.map((c, i) => (
              <li key={i}>
                <p>{c.sample}</p>
                <p className="muted small">
                  {t("surveyResults.texts.cluster", { size: c.size, paper: c.paper })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </details>
      <p className="small">
        {search
          ? t("surveyResults.texts.matches", { query: search, count: panel.matches })
          : t("surveyResults.texts.all", { count: panel.total })}
        {panel.matches > panel.answers.length ? (
          <> {t("surveyResults.texts.shown", { count: panel.answers.length })}</>
        ) : null}
      </p>
      {panel.answers.length === 0 ? (
        <p className="muted">{t("surveyResults.texts.none")}</p>
      ) : (
        <ul className="survey-answers">
          {panel.answers.map((a) => (
            <li key={a.id}>
              <p>{a.text}</p>
              <p className="muted small">
                {a.point
                  ? t("surveyResults.texts.fromPoint", {
                      channel: t(`surveyResults.channel.${a.channel}`),
                      point: a.point,
                      type: t(`respondent.${a.type}`),
                    })
                  : t("surveyResults.texts.from", {
                      channel: t(`surveyResults.channel.${a.channel}`),
                      type: t(`respondent.${a.type}`),
                    })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
