import { type Kysely, sql } from "kysely";
import type {
  RespondentType,
  SurveyPurpose,
  SurveyQuestionKind,
  SurveyResponseChannel,
} from "../codes.ts";
import type { Database, SurveyQuestionOption } from "../schema.ts";

// The reads behind a survey's results (issue 17 item 2): the survey and its questions, the
// counts of its answers in SQL (grouped by question and option or scale value, so a survey of
// 100,000 responses sends a few hundred rows, not its answers), the free-text answers of a
// question for the drafters, and one row per response for the export. Only counted responses
// take part: a hidden response (status 'hidden') is in none of them.

/** Which responses the results count: all, or those of one channel, point or respondent type. */
export interface SurveyResultFilter {
  channel?: SurveyResponseChannel;
  contactPointId?: string;
  respondentType?: RespondentType;
}

/** The survey as its results page needs it, with its bill and version; undefined when none. */
export async function getSurveyForResults(db: Kysely<Database>, surveyId: string) {
  return db
    .selectFrom("surveys as s")
    .leftJoin("bills as b", "b.id", "s.bill_id")
    .leftJoin("versions as v", "v.id", "s.version_id")
    .select([
      "s.id",
      "s.organization_id as organizationId",
      "s.bill_id as billId",
      "b.title as billTitle",
      "s.version_id as versionId",
      "v.label as versionLabel",
      "s.purpose",
      "s.title",
      "s.description",
      "s.opens_at as opensAt",
      "s.closes_at as closesAt",
      "s.published_at as publishedAt",
      "s.results_published_at as resultsPublishedAt",
    ])
    .where("s.id", "=", surveyId)
    .executeTakeFirst()
    .then((row) =>
      row
        ? {
            ...row,
            purpose: row.purpose as SurveyPurpose,
            opensAt: new Date(row.opensAt),
            closesAt: new Date(row.closesAt),
          }
        : undefined,
    );
}

export type SurveyForResults = NonNullable<Awaited<ReturnType<typeof getSurveyForResults>>>;

/** A question as the results show it: with its article's label when it asks about one. */
export interface ResultQuestion {
  id: string;
  position: number;
  kind: SurveyQuestionKind;
  prompt: string;
  options: SurveyQuestionOption[];
  scaleMin: number | null;
  scaleMax: number | null;
  scaleMinLabel: string;
  scaleMaxLabel: string;
  provisionPid: string | null;
  provisionLabel: string | null;
  showIfQuestionId: string | null;
  showIfOptionIds: string[] | null;
}

/** The survey's questions in order, each article question with its provision's label. */
export async function listResultQuestions(
  db: Kysely<Database>,
  surveyId: string,
): Promise<ResultQuestion[]> {
  const rows = await db
    .selectFrom("survey_questions as q")
    .innerJoin("surveys as s", "s.id", "q.survey_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "s.version_id").onRef("p.pid", "=", "q.provision_pid"),
    )
    .select([
      "q.id",
      "q.position",
      "q.kind",
      "q.prompt",
      "q.options",
      "q.scale_min",
      "q.scale_max",
      "q.scale_min_label",
      "q.scale_max_label",
      "q.provision_pid",
      "p.label as provisionLabel",
      "q.show_if_question_id",
      "q.show_if_option_ids",
    ])
    .where("q.survey_id", "=", surveyId)
    .orderBy("q.position")
    .orderBy("q.created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind,
    prompt: r.prompt,
    options: Array.isArray(r.options) ? r.options : [],
    scaleMin: r.scale_min,
    scaleMax: r.scale_max,
    scaleMinLabel: r.scale_min_label,
    scaleMaxLabel: r.scale_max_label,
    provisionPid: r.provision_pid,
    provisionLabel: r.provisionLabel ?? null,
    showIfQuestionId: r.show_if_question_id,
    showIfOptionIds: r.show_if_option_ids,
  }));
}

/**
 * The condition on `survey_responses as r` that keeps the counted responses of the survey the
 * filter asks for (a fragment, so every query below joins what it needs around it).
 */
function kept(surveyId: string, filter: SurveyResultFilter) {
  const parts = [sql`r.survey_id = ${surveyId}`, sql`r.status = 'published'`];
  if (filter.channel) parts.push(sql`r.channel = ${filter.channel}`);
  if (filter.contactPointId) parts.push(sql`r.contact_point_id = ${filter.contactPointId}`);
  if (filter.respondentType) parts.push(sql`r.respondent_type = ${filter.respondentType}`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

/** The raw counts the aggregates are computed from, in a handful of grouped queries. */
export interface SurveyCounts {
  /** Counted responses the filter keeps. */
  responses: number;
  /** Per question: how many answered it. */
  answered: Map<string, number>;
  /** Per question and option id: how many chose it (each option of a multiple choice counts). */
  options: Map<string, Map<string, number>>;
  /** Per scale question and value: how many gave it. */
  scale: Map<string, Map<number, number>>;
  /** Per conditional question: how many were shown it (its condition met, or answered anyway). */
  shown: Map<string, number>;
}

/**
 * Counts a survey's answers per question, option and scale value, for the filter's responses, in
 * three queries whatever the number of questions: the responses; one pass over the answers
 * grouped three ways at once (GROUPING SETS: per question, per chosen option, per scale value —
 * responses counted distinct, since a multiple choice unnests into one row per option); and the
 * bases of the conditional questions.
 */
export async function countSurveyAnswers(
  db: Kysely<Database>,
  surveyId: string,
  questions: ResultQuestion[],
  filter: SurveyResultFilter = {},
): Promise<SurveyCounts> {
  const total = await db
    .selectFrom("survey_responses as r")
    .where(kept(surveyId, filter))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  // A blank text answer is no answer.
  const grouped = await sql<{
    question_id: string;
    option_id: string | null;
    scale_value: number | null;
    level: number;
    n: string;
  }>`
    SELECT a.question_id, o.option_id, a.scale_value,
      GROUPING(o.option_id, a.scale_value) AS level, count(DISTINCT a.response_id) AS n
    FROM survey_responses r
    JOIN survey_answers a ON a.response_id = r.id
    LEFT JOIN LATERAL unnest(a.option_ids) AS o(option_id) ON true
    WHERE ${kept(surveyId, filter)}
      AND (a.text_value IS NULL OR btrim(a.text_value) <> '')
    GROUP BY GROUPING SETS ((a.question_id), (a.question_id, o.option_id),
      (a.question_id, a.scale_value))
  `.execute(db);
  const counts: SurveyCounts = {
    responses: Number(total.n),
    answered: new Map(),
    options: new Map(),
    scale: new Map(),
    shown: new Map(),
  };
  for (const r of grouped.rows) {
    const level = Number(r.level);
    const n = Number(r.n);
    // GROUPING's bits: 1 for the scale value not grouped on, 2 for the option not grouped on.
    if (level === 3) counts.answered.set(r.question_id, n);
    else if (level === 1 && r.option_id !== null) {
      const m = counts.options.get(r.question_id) ?? new Map<string, number>();
      m.set(r.option_id, n);
      counts.options.set(r.question_id, m);
    } else if (level === 2 && r.scale_value !== null) {
      const m = counts.scale.get(r.question_id) ?? new Map<number, number>();
      m.set(Number(r.scale_value), n);
      counts.scale.set(r.question_id, m);
    }
  }
  // A conditional question's base: the responses that met its condition (their answer to the
  // question it depends on holds one of the listed options), and any that answered it although
  // they did not (a paper form filled in regardless), so the base is never below the answers.
  if (questions.some((q) => q.showIfQuestionId && q.showIfOptionIds)) {
    const shown = await sql<{ id: string; n: string }>`
      SELECT q.id, count(r.id) AS n
      FROM survey_questions q
      JOIN survey_responses r ON ${kept(surveyId, filter)}
      WHERE q.survey_id = ${surveyId}
        AND q.show_if_question_id IS NOT NULL
        AND (EXISTS (SELECT 1 FROM survey_answers c
                     WHERE c.response_id = r.id AND c.question_id = q.show_if_question_id
                       AND c.option_ids && q.show_if_option_ids)
          OR EXISTS (SELECT 1 FROM survey_answers own
                     WHERE own.response_id = r.id AND own.question_id = q.id))
      GROUP BY q.id
    `.execute(db);
    for (const q of questions) if (q.showIfQuestionId) counts.shown.set(q.id, 0);
    for (const r of shown.rows) counts.shown.set(r.id, Number(r.n));
  }
  return counts;
}

/** A free-text answer as the drafters read it: never who wrote it beyond channel and type. */
export interface TextAnswer {
  responseId: string;
  questionId: string;
  text: string;
  channel: SurveyResponseChannel;
  contactPoint: string | null;
  respondentType: RespondentType;
  createdAt: Date;
}

/** At most this many written answers of a survey are read for search and clustering. */
export const TEXT_ANSWER_LIMIT = 20_000;

/** The non-blank free-text answers of the survey's text questions, oldest first. */
export async function listTextAnswers(
  db: Kysely<Database>,
  surveyId: string,
  filter: SurveyResultFilter = {},
): Promise<TextAnswer[]> {
  const rows = await db
    .selectFrom("survey_responses as r")
    .innerJoin("survey_answers as a", "a.response_id", "r.id")
    .leftJoin("contact_points as cp", "cp.id", "r.contact_point_id")
    .where(kept(surveyId, filter))
    .where("a.text_value", "is not", null)
    .where(sql`btrim(a.text_value)`, "<>", "")
    .select([
      "r.id as responseId",
      "a.question_id as questionId",
      "a.text_value as text",
      "r.channel",
      "cp.name as contactPoint",
      "r.respondent_type as respondentType",
      "r.created_at as createdAt",
    ])
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(TEXT_ANSWER_LIMIT)
    .execute();
  return rows.map((r) => ({ ...r, text: r.text ?? "", createdAt: new Date(r.createdAt) }));
}

/** The contact points that recorded counted responses to the survey, for the filter. */
export async function listSurveyContactPoints(db: Kysely<Database>, surveyId: string) {
  return db
    .selectFrom("contact_points as cp")
    .select(["cp.id", "cp.name"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("survey_responses as r")
          .select("r.id")
          .whereRef("r.contact_point_id", "=", "cp.id")
          .where("r.survey_id", "=", surveyId)
          .where("r.status", "=", "published"),
      ),
    )
    .orderBy("cp.name")
    .execute();
}

/** The drafters' published summaries of the survey's text questions, by question id. */
export async function listResultNotes(
  db: Kysely<Database>,
  surveyId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("survey_result_notes")
    .select(["question_id", "summary"])
    .where("survey_id", "=", surveyId)
    .execute();
  return new Map(rows.map((r) => [r.question_id, r.summary]));
}

/** One counted response with its provenance and its answers, for the export. */
export interface ResponseForExport {
  id: string;
  receipt: string;
  createdAt: Date;
  channel: SurveyResponseChannel;
  contactPoint: string | null;
  provenance: string | null;
  receivedOn: string | null;
  /** The coordinator who entered a paper response: their display name, never their e-mail. */
  recordedBy: string | null;
  respondentType: RespondentType;
  region: string | null;
  answers: Map<string, { optionIds: string[] | null; scale: number | null; text: string | null }>;
}

/** The filter's counted responses, oldest first, each with its answers, a page at a time. */
export async function* responsesForExport(
  db: Kysely<Database>,
  surveyId: string,
  filter: SurveyResultFilter = {},
  pageSize = 1000,
): AsyncGenerator<ResponseForExport[]> {
  let after: { at: Date; id: string } | null = null;
  // Bounded: a survey's responses, a page at a time, never more pages than responses allow.
  for (let page = 0; page < 10_000; page++) {
    let q = db
      .selectFrom("survey_responses as r")
      .leftJoin("contact_points as cp", "cp.id", "r.contact_point_id")
      .leftJoin("users as u", "u.id", "r.recorded_by")
      .where(kept(surveyId, filter));
    if (after) {
      const { at, id } = after;
      q = q.where((eb) =>
        eb.or([
          eb("r.created_at", ">", at),
          eb.and([eb("r.created_at", "=", at), eb("r.id", ">", id)]),
        ]),
      );
    }
    const rows = await q
      .select([
        "r.id",
        "r.receipt",
        "r.created_at",
        "r.channel",
        "cp.name as contactPoint",
        "r.provenance",
        sql<string | null>`to_char(r.received_on, 'YYYY-MM-DD')`.as("receivedOn"),
        "u.display_name as recordedBy",
        "r.respondent_type",
        "r.region",
      ])
      .orderBy("r.created_at")
      .orderBy("r.id")
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    const answers = await db
      .selectFrom("survey_answers")
      .select(["response_id", "question_id", "option_ids", "scale_value", "text_value"])
      .where(
        "response_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    const byResponse = new Map<string, ResponseForExport["answers"]>();
    for (const a of answers) {
      const m = byResponse.get(a.response_id) ?? new Map();
      m.set(a.question_id, { optionIds: a.option_ids, scale: a.scale_value, text: a.text_value });
      byResponse.set(a.response_id, m);
    }
    yield rows.map((r) => ({
      id: r.id,
      receipt: r.receipt,
      createdAt: new Date(r.created_at),
      channel: r.channel,
      contactPoint: r.contactPoint ?? null,
      provenance: r.provenance,
      receivedOn: r.receivedOn,
      recordedBy: r.recordedBy ?? null,
      respondentType: r.respondent_type,
      region: r.region,
      answers: byResponse.get(r.id) ?? new Map(),
    }));
    const last = rows[rows.length - 1]!;
    if (rows.length < pageSize) return;
    after = { at: new Date(last.created_at), id: last.id };
  }
}

/** What the bill's timeline says of a survey: its counted responses and whether results are out. */
export async function surveyOutcome(
  db: Kysely<Database>,
  surveyId: string,
): Promise<{ responses: number; resultsPublished: boolean }> {
  const row = await db
    .selectFrom("surveys as s")
    .select([
      "s.results_published_at",
      (eb) =>
        eb
          .selectFrom("survey_responses as r")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("r.survey_id", "=", "s.id")
          .where("r.status", "=", "published")
          .as("responses"),
    ])
    .where("s.id", "=", surveyId)
    .executeTakeFirst();
  return {
    responses: Number(row?.responses ?? 0),
    resultsPublished: !!row?.results_published_at,
  };
}
