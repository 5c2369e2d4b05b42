import { data, Form, Link } from "react-router";
import { z } from "zod";
import { respondentTypes, surveyResponseChannels } from "../../db/codes.ts";
import {
  getSurveyForResults,
  listResultNotes,
  listSurveyContactPoints,
  listTextAnswers,
} from "../../db/queries/survey-results.ts";
import { surveyChartViews } from "../../services/documents/survey-charts.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  clusterTextAnswers,
  publishSurveyResults,
  ResultFilterQuery,
  resultFilter,
  searchTextAnswers,
  surveyResults,
  unpublishSurveyResults,
} from "../../services/survey-results.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { hasRole, requireRole } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { SurveyQuestionResult, type TextPanel } from "../components/survey-question-result.tsx";
import { messageKey, requestLocale, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery, SearchQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { RouteHandle } from "../root.tsx";
import type { Route } from "./+types/survey-results";
import "../styles/report.css";
import "../styles/survey-results.css";

const PageQuery = ResultFilterQuery.extend({
  q: SearchQuery.optional().catch(undefined),
});

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("unpublish") }),
]);

/** Answers of a text question listed at once; the search narrows them. */
const SHOWN_ANSWERS = 20;
const SHOWN_CLUSTERS = 8;

/**
 * The survey, for whoever may read its results: its legislature's drafters (and admins) always,
 * everyone else once the results are published; 404 otherwise, so an unpublished page does not
 * reveal that it exists.
 */
async function requireResultsReader(
  request: Request,
  context: Route.LoaderArgs["context"],
  id: string,
) {
  const t = requestTranslator(request);
  const survey = await getSurveyForResults(context.db, id);
  if (!survey) throw data({ message: t("surveyResults.notFound") }, { status: 404 });
  const user = await getCurrentUser(request, context);
  const drafter = hasRole(user, ["drafter", "admin"], survey.organizationId);
  if (!drafter && (!survey.publishedAt || !survey.resultsPublishedAt))
    throw data({ message: t("surveyResults.notFound") }, { status: 404 });
  return { survey, drafter };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const { survey, drafter } = await requireResultsReader(request, context, params.surveyId);
  const query = readQuery(PageQuery, request);
  const filter = resultFilter(query);
  const [results, notes, points, texts] = await Promise.all([
    surveyResults(context.db, survey.id, filter),
    listResultNotes(context.db, survey.id),
    listSurveyContactPoints(context.db, survey.id),
    // Written answers are internal: read only for the drafters.
    drafter ? listTextAnswers(context.db, survey.id, filter) : Promise.resolve([]),
  ]);
  const search = query.q?.trim() ?? "";
  const panels: Record<string, TextPanel> = {};
  if (drafter)
    for (const q of results.questions) {
      if (q.kind !== "text") continue;
      const own = texts.filter((a) => a.questionId === q.id);
      const matches = searchTextAnswers(own, search);
      panels[q.id] = {
        total: own.length,
        matches: matches.length,
        answers: matches.slice(0, SHOWN_ANSWERS).map((a) => ({
          id: a.responseId,
          text: a.text,
          channel: a.channel,
          point: a.contactPoint,
          type: a.respondentType,
        })),
        clusters: clusterTextAnswers(own).slice(0, SHOWN_CLUSTERS),
      };
    }
  const exportQuery = new URLSearchParams();
  if (query.channel) exportQuery.set("channel", query.channel);
  if (query.point) exportQuery.set("point", query.point);
  if (query.type) exportQuery.set("type", query.type);
  return {
    pageTitle: `${t("surveyResults.pageTitle", { survey: survey.title })} · ${t("app.name")}`,
    survey: {
      id: survey.id,
      title: survey.title,
      purpose: survey.purpose,
      billTitle: survey.billTitle,
      opensAt: survey.opensAt,
      closesAt: survey.closesAt,
      published: !!survey.publishedAt,
      resultsPublishedAt: survey.resultsPublishedAt,
    },
    drafter,
    filter: { channel: query.channel ?? "", point: query.point ?? "", type: query.type ?? "" },
    filtered: Object.keys(filter).length > 0,
    search,
    results,
    charts: Object.fromEntries(
      surveyChartViews(t, results, requestLocale(request)).map((c) => [c.questionId, c]),
    ),
    notes: Object.fromEntries(notes),
    points,
    panels,
    exportQuery: exportQuery.toString(),
  };
}

type ActionData =
  | { ok: true; message: MessageKey }
  | { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const t = requestTranslator(request);
  const survey = await getSurveyForResults(context.db, params.surveyId);
  if (!survey) throw data({ message: t("surveyResults.notFound") }, { status: 404 });
  const user = await requireRole(request, context, ["drafter", "admin"], survey.organizationId);
  const form = await requireCsrf(request, context);
  const parsed = Intent.safeParse({ intent: form.get("intent") });
  if (!parsed.success)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: {} },
      { status: 400 },
    );
  const actor = { userId: user.id, ip: context.clientIp };
  try {
    if (parsed.data.intent === "unpublish") {
      await unpublishSurveyResults(context.db, { surveyId: survey.id, ...actor });
      return { ok: true, message: "surveyResults.unpublish.done" } satisfies ActionData;
    }
    const summaries: Record<string, string> = {};
    for (const [name, value] of form.entries())
      if (name.startsWith("summary-") && typeof value === "string")
        summaries[name.slice("summary-".length)] = value;
    await publishSurveyResults(context.db, { surveyId: survey.id, summaries, ...actor });
    return {
      ok: true,
      message: survey.resultsPublishedAt
        ? "surveyResults.publish.updated"
        : "surveyResults.publish.done",
    } satisfies ActionData;
  } catch (error) {
    if (isServiceError(error))
      return data<ActionData>(
        {
          ok: false,
          message: messageKey(error.messageKey, "error.generic"),
          fields: Object.fromEntries(
            Object.entries(error.fields ?? {}).map(([f, k]) => [f, messageKey(k)]),
          ),
        },
        { status: error.status },
      );
    throw error;
  }
}

export default function SurveyResults({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { survey, drafter, results, charts, notes, panels, filter, points } = loaderData;
  const outcome = actionData as ActionData | undefined;
  const textQuestions = results.questions.filter((q) => q.kind === "text");
  return (
    <div className="page report-page survey-results">
      <p className="muted">
        <Link to={`/surveys/${survey.id}`}>{t("surveyResults.backToSurvey")}</Link>
        {survey.billTitle ? <> · {survey.billTitle}</> : null}
      </p>
      <h1>{survey.title}</h1>
      <p className="lead">
        {t(`surveyResults.purpose.${survey.purpose}`)} · {t("surveyResults.title")}
      </p>
      <p className="muted">
        {t("surveyResults.period", { from: date(survey.opensAt), to: date(survey.closesAt) })}
        {survey.resultsPublishedAt ? (
          <> · {t("surveyResults.publishedOn", { date: date(survey.resultsPublishedAt) })}</>
        ) : null}
      </p>
      {drafter && !survey.resultsPublishedAt ? (
        <p className="notice">{t("surveyResults.draftNotice")}</p>
      ) : null}
      {outcome ? (
        <p className={outcome.ok ? "notice" : "form-error"} role={outcome.ok ? "status" : "alert"}>
          {t(outcome.message)}
        </p>
      ) : null}

      <Form method="get" className="survey-filter">
        <fieldset>
          <legend>{t("surveyResults.filter.legend")}</legend>
          <label>
            {t("surveyResults.filter.channel")}
            <select name="channel" defaultValue={filter.channel}>
              <option value="">{t("surveyResults.filter.all")}</option>
              {surveyResponseChannels.map((c) => (
                <option key={c} value={c}>
                  {t(`surveyResults.channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          {points.length > 0 ? (
            <label>
              {t("surveyResults.filter.point")}
              <select name="point" defaultValue={filter.point}>
                <option value="">{t("surveyResults.filter.all")}</option>
                {points.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            {t("surveyResults.filter.type")}
            <select name="type" defaultValue={filter.type}>
              <option value="">{t("surveyResults.filter.all")}</option>
              {respondentTypes.map((c) => (
                <option key={c} value={c}>
                  {t(`respondent.${c}`)}
                </option>
              ))}
            </select>
          </label>
          {loaderData.search ? <input type="hidden" name="q" value={loaderData.search} /> : null}
          <button type="submit" className="button">
            {t("surveyResults.filter.apply")}
          </button>
          {loaderData.filtered ? (
            <Link to={`/surveys/${survey.id}/results`}>{t("surveyResults.filter.clear")}</Link>
          ) : null}
        </fieldset>
      </Form>

      <p className="survey-total">
        <strong>
          {loaderData.filtered
            ? t("surveyResults.responsesFiltered", { count: results.responses })
            : t("surveyResults.responses", { count: results.responses })}
        </strong>
      </p>

      {drafter && textQuestions.length > 0 ? (
        <Form method="get" className="survey-text-search" role="search">
          <input type="hidden" name="channel" value={filter.channel} />
          <input type="hidden" name="point" value={filter.point} />
          <input type="hidden" name="type" value={filter.type} />
          <label htmlFor="survey-text-q">{t("surveyResults.texts.search")}</label>
          <div className="inline-field">
            <input
              id="survey-text-q"
              type="search"
              name="q"
              defaultValue={loaderData.search}
              aria-describedby="survey-text-q-hint"
            />
            <button type="submit" className="button">
              {t("surveyResults.texts.searchSubmit")}
            </button>
          </div>
          <p id="survey-text-q-hint" className="muted small">
            {t("surveyResults.texts.searchHint")}
          </p>
        </Form>
      ) : null}

      {results.questions.length === 0 ? <p>{t("surveyResults.noQuestions")}</p> : null}
      <ol className="survey-questions">
        {results.questions.map((q) => (
          <SurveyQuestionResult
            key={q.id}
            question={q}
            chart={charts[q.id] ?? null}
            note={notes[q.id] ?? null}
            panel={panels[q.id] ?? null}
            search={loaderData.search}
          />
        ))}
      </ol>

      {drafter ? (
        <>
          <section className="survey-publish card" aria-labelledby="survey-publish-title">
            <h2 id="survey-publish-title">{t("surveyResults.publish.title")}</h2>
            <p className="muted">{t("surveyResults.publish.hint")}</p>
            <Form method="post">
              <CsrfInput />
              {textQuestions.map((q) => {
                const field = `summary-${q.id}`;
                const error = outcome && !outcome.ok ? outcome.fields[field] : undefined;
                return (
                  <div className="field" key={q.id}>
                    <label htmlFor={field}>
                      {t("surveyResults.publish.summary", { number: q.number })}
                      <span className="muted"> {q.prompt}</span>
                    </label>
                    <textarea
                      id={field}
                      name={field}
                      rows={3}
                      maxLength={2000}
                      defaultValue={notes[q.id] ?? ""}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${field}-error` : undefined}
                    />
                    {error ? (
                      <p id={`${field}-error`} className="form-error">
                        {t(error)}
                      </p>
                    ) : null}
                  </div>
                );
              })}
              <p className="actions">
                <button
                  type="submit"
                  name="intent"
                  value="publish"
                  className="button primary"
                  disabled={!survey.published}
                >
                  {survey.resultsPublishedAt
                    ? t("surveyResults.publish.update")
                    : t("surveyResults.publish.submit")}
                </button>
              </p>
            </Form>
            {survey.resultsPublishedAt ? (
              <Form method="post" className="survey-unpublish">
                <CsrfInput />
                <p className="muted">{t("surveyResults.unpublish.hint")}</p>
                <button type="submit" name="intent" value="unpublish" className="button">
                  {t("surveyResults.unpublish.submit")}
                </button>
              </Form>
            ) : null}
          </section>
          <section className="downloads-section" aria-labelledby="survey-downloads">
            <h2 id="survey-downloads">{t("surveyResults.downloads")}</h2>
            <p className="muted">{t("surveyResults.downloads.hint")}</p>
            <p className="downloads">
              <a
                href={`/surveys/${survey.id}/results/export.csv${loaderData.exportQuery ? `?${loaderData.exportQuery}` : ""}`}
                download
              >
                {t("surveyResults.download.csv")}
              </a>{" "}
              <a
                href={`/surveys/${survey.id}/results/export.xlsx${loaderData.exportQuery ? `?${loaderData.exportQuery}` : ""}`}
                download
              >
                {t("surveyResults.download.xlsx")}
              </a>
            </p>
          </section>
        </>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data?.pageTitle ?? "开门立法 Kaimen" },
];

/** Served as plain HTML: pictures, tables and plain forms, nothing to hydrate. */
export const handle: RouteHandle = { hydrate: false };
