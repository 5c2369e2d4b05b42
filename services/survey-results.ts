import type { Kysely } from "kysely";
import { z } from "zod";
import { respondentTypes, surveyResponseChannels } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import {
  countSurveyAnswers,
  getSurveyForResults,
  listResultQuestions,
  type ResultQuestion,
  type SurveyCounts,
  type SurveyResultFilter,
  type TextAnswer,
} from "../db/queries/survey-results.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { clusterTexts, normalizeOpinionText } from "./clusters.ts";
import { conflict, invalidInput, notFound } from "./errors.ts";
import { textLines } from "./input.ts";

// A survey's results (issue 17 item 2): what each question's answers add up to, the drafters'
// reading of the free-text answers (search and clusters of like answers), and publishing the
// results page with a short written summary per text question.
//
// The base of a question is the responses that were shown it: every counted response for an
// unconditional question, and for a conditional one those whose answer to the question it
// depends on met its condition (db/queries/survey-results.ts). A choice's share is of those who
// answered the question; in a multiple choice each chosen option counts, so shares add up to
// more than 100%.

export interface OptionResult {
  id: string;
  label: string;
  count: number;
  /** count / answered, 0 when nobody answered. */
  share: number;
}

export interface ScaleResult {
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
  /** One entry per value from min to max, zero counts included. */
  distribution: { value: number; count: number; share: number }[];
  /** null when nobody answered. */
  mean: number | null;
  median: number | null;
}

export interface QuestionResult {
  id: string;
  /** 1-based, as the answer page numbers the questions. */
  number: number;
  kind: ResultQuestion["kind"];
  prompt: string;
  provisionLabel: string | null;
  /** A conditional question: the number of the question and the options it depends on. */
  condition: { number: number; options: string[] } | null;
  /** The responses shown the question (all counted ones when it is unconditional). */
  base: number;
  answered: number;
  options: OptionResult[] | null;
  scale: ScaleResult | null;
}

export interface SurveyResults {
  responses: number;
  questions: QuestionResult[];
}

const share = (count: number, of: number) => (of > 0 ? count / of : 0);

/** The aggregates of each question from the counts (pure: the tests feed it known counts). */
export function aggregateSurvey(questions: ResultQuestion[], counts: SurveyCounts): SurveyResults {
  const numberOf = new Map(questions.map((q, i) => [q.id, i + 1]));
  return {
    responses: counts.responses,
    questions: questions.map((q, i) => {
      const answered = counts.answered.get(q.id) ?? 0;
      const parent = q.showIfQuestionId
        ? questions.find((p) => p.id === q.showIfQuestionId)
        : undefined;
      const chosen = counts.options.get(q.id);
      return {
        id: q.id,
        number: i + 1,
        kind: q.kind,
        prompt: q.prompt,
        provisionLabel: q.provisionLabel,
        condition:
          parent && q.showIfOptionIds
            ? {
                number: numberOf.get(parent.id)!,
                options: q.showIfOptionIds.map(
                  (id) => parent.options.find((o) => o.id === id)?.label ?? id,
                ),
              }
            : null,
        base: Math.max(
          q.showIfQuestionId ? (counts.shown.get(q.id) ?? answered) : counts.responses,
          answered,
        ),
        answered,
        options:
          q.kind === "single" || q.kind === "multiple"
            ? q.options.map((o) => {
                const count = chosen?.get(o.id) ?? 0;
                return { id: o.id, label: o.label, count, share: share(count, answered) };
              })
            : null,
        scale:
          q.kind === "scale" && q.scaleMin !== null && q.scaleMax !== null
            ? scaleResult(q, counts.scale.get(q.id) ?? new Map(), answered)
            : null,
      };
    }),
  };
}

function scaleResult(q: ResultQuestion, given: Map<number, number>, answered: number): ScaleResult {
  const min = q.scaleMin!;
  const max = q.scaleMax!;
  const distribution = [];
  for (let value = min; value <= max; value++) {
    const count = given.get(value) ?? 0;
    distribution.push({ value, count, share: share(count, answered) });
  }
  // Values outside the scale (the question's range edited after answers came in) still count.
  const all = [...given.entries()].sort((a, b) => a[0] - b[0]);
  const n = all.reduce((sum, [, c]) => sum + c, 0);
  if (n === 0)
    return {
      min,
      max,
      minLabel: q.scaleMinLabel,
      maxLabel: q.scaleMaxLabel,
      distribution,
      mean: null,
      median: null,
    };
  const mean = all.reduce((sum, [v, c]) => sum + v * c, 0) / n;
  // The median of the sorted values: the middle one, or the mean of the middle two.
  const at = (k: number) => {
    let seen = 0;
    for (const [v, c] of all) {
      seen += c;
      if (k < seen) return v;
    }
    return all[all.length - 1]![0];
  };
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return {
    min,
    max,
    minLabel: q.scaleMinLabel,
    maxLabel: q.scaleMaxLabel,
    distribution,
    mean,
    median,
  };
}

/** The survey's results for the filter's responses; 404 when there is no such survey. */
export async function surveyResults(
  db: Kysely<Database>,
  surveyId: string,
  filter: SurveyResultFilter = {},
): Promise<SurveyResults> {
  const questions = await listResultQuestions(db, surveyId);
  const counts = await countSurveyAnswers(db, surveyId, questions, filter);
  return aggregateSurvey(questions, counts);
}

/** Folds width and case (NFKC, lower case), so ＡＢＣ finds abc and 全角 digits find 1. */
const fold = (text: string) => text.normalize("NFKC").toLowerCase();

/**
 * The answers holding the search text as a substring, after folding width and case: Chinese has
 * no spaces to cut words at, so a substring is what a reader means by 含有“无害化”.
 */
export function searchTextAnswers(answers: TextAnswer[], query: string): TextAnswer[] {
  const needle = fold(query.trim());
  if (!needle) return answers;
  return answers.filter((a) => fold(a.text).includes(needle));
}

export interface TextCluster {
  /** How many answers say much the same. */
  size: number;
  /** The earliest of them, standing for the rest. */
  sample: string;
  /** How many came in on paper (the rest online). */
  paper: number;
}

/**
 * Groups a question's like answers (services/clusters.ts: bigram shingles, MinHash, confirmed
 * Jaccard similarity), largest first. A survey's answers are shorter and freer than opinions on
 * an article, so the line is lower than the opinions' 0.8: the same point in slightly different
 * words (a 联系点 copying a form's phrasing) still groups, different points do not.
 */
export function clusterTextAnswers(answers: TextAnswer[], threshold = 0.6): TextCluster[] {
  // Answers too short to carry a point (好, 无, 同意) would otherwise form the biggest cluster.
  const meaningful = answers.filter((a) => normalizeOpinionText(a.text).length >= 6);
  return clusterTexts(meaningful, (a) => a.text, threshold)
    .map((members) => ({
      size: members.length,
      sample: meaningful[members[0]!]!.text,
      paper: members.filter((i) => meaningful[i]!.channel === "paper").length,
    }))
    .sort((a, b) => b.size - a.size);
}

interface Actor {
  userId: string;
  ip: string | null;
}

/** A published summary of a text question: short, plain text. */
const Summary = textLines().trim().max(2000, "surveyResults.error.summaryTooLong");

/**
 * Publishes a survey's results page (or updates its summaries when it is out already): sets
 * results_published_at on the first publication and keeps it after, and stores each text
 * question's summary (a blank one removes it). Refused while the survey itself is unpublished.
 */
export async function publishSurveyResults(
  db: Kysely<Database>,
  input: { surveyId: string; summaries: Record<string, string>; now?: Date } & Actor,
): Promise<void> {
  const now = input.now ?? new Date();
  const survey = await getSurveyForResults(db, input.surveyId);
  if (!survey) throw notFound("surveyResults.notFound");
  if (!survey.publishedAt) throw conflict("surveyResults.error.surveyUnpublished");
  const textQuestions = new Set(
    (await listResultQuestions(db, survey.id)).filter((q) => q.kind === "text").map((q) => q.id),
  );
  const summaries = new Map<string, string>();
  const fields: Record<string, string> = {};
  for (const [questionId, raw] of Object.entries(input.summaries)) {
    if (!textQuestions.has(questionId)) continue;
    const parsed = Summary.safeParse(raw);
    if (!parsed.success)
      fields[`summary-${questionId}`] =
        parsed.error.issues[0]?.message ?? "surveyResults.error.summaryTooLong";
    else summaries.set(questionId, parsed.data);
  }
  if (Object.keys(fields).length > 0) throw invalidInput("error.invalidInput", fields);
  await inTransaction(db, async (trx) => {
    const first = !survey.resultsPublishedAt;
    if (first)
      await trx
        .updateTable("surveys")
        .set({ results_published_at: now })
        .where("id", "=", survey.id)
        .execute();
    for (const [questionId, summary] of summaries) {
      if (!summary) {
        await trx
          .deleteFrom("survey_result_notes")
          .where("survey_id", "=", survey.id)
          .where("question_id", "=", questionId)
          .execute();
        continue;
      }
      await trx
        .insertInto("survey_result_notes")
        .values({
          survey_id: survey.id,
          question_id: questionId,
          summary,
          updated_by: input.userId,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(["survey_id", "question_id"])
            .doUpdateSet({ summary, updated_by: input.userId, updated_at: now }),
        )
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: first ? "survey_results.publish" : "survey_results.update",
      subjectType: "survey",
      subjectId: survey.id,
      data: { count: [...summaries.values()].filter(Boolean).length },
      ip: input.ip,
    });
  });
}

/** Withdraws a survey's published results: the page is the drafters' alone again. */
export async function unpublishSurveyResults(
  db: Kysely<Database>,
  input: { surveyId: string } & Actor,
): Promise<void> {
  const survey = await getSurveyForResults(db, input.surveyId);
  if (!survey) throw notFound("surveyResults.notFound");
  if (!survey.resultsPublishedAt) return;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("surveys")
      .set({ results_published_at: null })
      .where("id", "=", survey.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "survey_results.unpublish",
      subjectType: "survey",
      subjectId: survey.id,
      ip: input.ip,
    });
  });
}

/** The filter of a results page or export, from its query string (unknown values dropped). */
export const ResultFilterQuery = z.object({
  channel: z.enum(surveyResponseChannels).optional().catch(undefined),
  point: z.string().uuid().optional().catch(undefined),
  type: z.enum(respondentTypes).optional().catch(undefined),
});

/** The query's filter in the queries' shape. */
export function resultFilter(query: z.infer<typeof ResultFilterQuery>): SurveyResultFilter {
  return {
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.point ? { contactPointId: query.point } : {}),
    ...(query.type ? { respondentType: query.type } : {}),
  };
}
