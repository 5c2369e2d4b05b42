import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type {
  RespondentType,
  SurveyPurpose,
  SurveyQuestionKind,
  SurveyResponseChannel,
} from "../../db/codes.ts";
import type { Database } from "../../db/schema.ts";

// Survey rows written straight into the tables (migration 0024), for the results' tests: the
// rules under test only read them, and the survey service (branch wip/surveys) is not needed to
// lay out a known set of answers.

const DAY = 86_400_000;

/** A survey of a bill's version; announced (published) unless told otherwise. */
export async function insertSurvey(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    billId: string;
    versionId: string | null;
    title?: string;
    purpose?: SurveyPurpose;
    published?: boolean;
    resultsPublished?: boolean;
    opensAt?: Date;
    closesAt?: Date;
  },
): Promise<string> {
  const published = input.published ?? true;
  const row = await db
    .insertInto("surveys")
    .values({
      organization_id: input.organizationId,
      bill_id: input.billId,
      version_id: input.versionId,
      purpose: input.purpose ?? "pre_legislative",
      title: input.title ?? `测试问卷 ${randomUUID().slice(0, 8)}`,
      opens_at: input.opensAt ?? new Date(Date.now() - 20 * DAY),
      closes_at: input.closesAt ?? new Date(Date.now() - DAY),
      published_at: published ? new Date(Date.now() - 21 * DAY) : null,
      results_published_at: published && input.resultsPublished ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

let position = 0;

/** A question; options are [id, label] pairs; a scale is [min, max, minLabel, maxLabel]. */
export async function insertQuestion(
  db: Kysely<Database>,
  surveyId: string,
  input: {
    kind: SurveyQuestionKind;
    prompt: string;
    options?: [string, string][];
    scale?: [number, number, string, string];
    provisionPid?: string | null;
    showIf?: { questionId: string; optionIds: string[] };
  },
): Promise<string> {
  const row = await db
    .insertInto("survey_questions")
    .values({
      survey_id: surveyId,
      position: position++,
      kind: input.kind,
      prompt: input.prompt,
      options: JSON.stringify((input.options ?? []).map(([id, label]) => ({ id, label }))),
      scale_min: input.scale?.[0] ?? null,
      scale_max: input.scale?.[1] ?? null,
      scale_min_label: input.scale?.[2] ?? "",
      scale_max_label: input.scale?.[3] ?? "",
      provision_pid: input.provisionPid ?? null,
      show_if_question_id: input.showIf?.questionId ?? null,
      show_if_option_ids: input.showIf?.optionIds ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An answer: option ids for a choice, a number for a scale, text for a text question. */
export type AnswerValue = string[] | number | string;

/** A response and its answers; online and published unless told otherwise. */
export async function insertResponse(
  db: Kysely<Database>,
  surveyId: string,
  input: {
    answers: Record<string, AnswerValue>;
    channel?: SurveyResponseChannel;
    contactPointId?: string | null;
    recordedBy?: string | null;
    provenance?: string | null;
    receivedOn?: string | null;
    respondentType?: RespondentType;
    region?: string | null;
    status?: "published" | "hidden";
    createdAt?: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto("survey_responses")
    .values({
      survey_id: surveyId,
      channel: input.channel ?? "online",
      contact_point_id: input.contactPointId ?? null,
      recorded_by: input.recordedBy ?? null,
      provenance: input.provenance ?? null,
      received_on: input.receivedOn ?? null,
      respondent_type: input.respondentType ?? "individual",
      region: input.region ?? null,
      receipt: `DC${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`,
      status: input.status ?? "published",
      ...(input.createdAt ? { created_at: input.createdAt } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const answers = Object.entries(input.answers).map(([questionId, value]) => ({
    response_id: row.id,
    question_id: questionId,
    option_ids: Array.isArray(value) ? value : null,
    scale_value: typeof value === "number" ? value : null,
    text_value: typeof value === "string" ? value : null,
  }));
  if (answers.length > 0) await db.insertInto("survey_answers").values(answers).execute();
  return row.id;
}
