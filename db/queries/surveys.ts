import { type Kysely, sql } from "kysely";
import type { SurveyAudience, SurveyPurpose } from "../codes.ts";
import type { Database, SurveyQuestionOption } from "../schema.ts";
import type { OpenCall, TimelineEntry } from "./timeline-types.ts";

// Reads of 调研 and 评估 questionnaires (migration 0024). Two kinds of reader, kept apart by what
// they select: the public (published surveys, their questions and the provisions the article
// questions ask about; never a respondent) and the drafters of the legislature (drafts too,
// with response counts). Writes are services/surveys.ts.

const isUuid = (id: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Where a survey stands: a drafters' draft, announced but not open yet, open, or over. */
export type SurveyStatus = "draft" | "upcoming" | "open" | "closed";

/** A survey's status from its publication and window. */
export function surveyStatus(
  survey: { published_at: Date | string | null; opens_at: Date | string; closes_at: Date | string },
  now: Date = new Date(),
): SurveyStatus {
  if (!survey.published_at) return "draft";
  if (now < new Date(survey.opens_at)) return "upcoming";
  if (now >= new Date(survey.closes_at)) return "closed";
  return "open";
}

/** A survey as every page shows its head: what it is attached to and its version. */
function surveyHeads(db: Kysely<Database>) {
  return db
    .selectFrom("surveys as s")
    .innerJoin("organizations as o", "o.id", "s.organization_id")
    .leftJoin("bills as b", "b.id", "s.bill_id")
    .leftJoin("plan_projects as pp", "pp.id", "s.project_id")
    .leftJoin("versions as v", "v.id", "s.version_id")
    .select([
      "s.id",
      "s.organization_id",
      "s.bill_id",
      "s.project_id",
      "s.version_id",
      "s.purpose",
      "s.title",
      "s.description",
      "s.opens_at",
      "s.closes_at",
      "s.audience",
      "s.one_per_person",
      "s.published_at",
      "s.results_published_at",
      "s.created_at",
      "o.name as organizationName",
      "b.title as billTitle",
      "pp.title as projectTitle",
      "v.label as versionLabel",
      "v.title as versionTitle",
    ]);
}

export type SurveyHead = NonNullable<Awaited<ReturnType<typeof getSurvey>>>;

/** One survey, published or not (drafters' pages check the organization), or undefined. */
export async function getSurvey(db: Kysely<Database>, id: string, now = new Date()) {
  if (!isUuid(id)) return undefined;
  const row = await surveyHeads(db).where("s.id", "=", id).executeTakeFirst();
  return row ? { ...row, status: surveyStatus(row, now) } : undefined;
}

/** One published survey, or undefined: what the public may know exists. */
export async function getPublishedSurvey(db: Kysely<Database>, id: string, now = new Date()) {
  const survey = await getSurvey(db, id, now);
  return survey && survey.published_at ? survey : undefined;
}

/** A question with, for an article question, the provision it asks about (label and text). */
export interface SurveyQuestionView {
  id: string;
  position: number;
  kind: "single" | "multiple" | "scale" | "text";
  prompt: string;
  help: string;
  required: boolean;
  options: SurveyQuestionOption[];
  scaleMin: number | null;
  scaleMax: number | null;
  scaleMinLabel: string;
  scaleMaxLabel: string;
  provisionPid: string | null;
  /** The provision as the survey's version has it; null when the pid is not (or no longer) there. */
  provision: { label: string; text: string; headingPath: string[] } | null;
  showIf: { questionId: string; optionIds: string[] } | null;
}

/** A survey's questions in order, article questions with their provision's text. */
export async function listSurveyQuestions(
  db: Kysely<Database>,
  surveyId: string,
): Promise<SurveyQuestionView[]> {
  if (!isUuid(surveyId)) return [];
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
      "q.help",
      "q.required",
      "q.options",
      "q.scale_min",
      "q.scale_max",
      "q.scale_min_label",
      "q.scale_max_label",
      "q.provision_pid",
      "q.show_if_question_id",
      "q.show_if_option_ids",
      "p.label as provisionLabel",
      "p.text as provisionText",
      "p.heading_path as provisionHeadings",
    ])
    .where("q.survey_id", "=", surveyId)
    .orderBy("q.position")
    .orderBy("q.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind,
    prompt: r.prompt,
    help: r.help,
    required: r.required,
    options: r.options,
    scaleMin: r.scale_min,
    scaleMax: r.scale_max,
    scaleMinLabel: r.scale_min_label,
    scaleMaxLabel: r.scale_max_label,
    provisionPid: r.provision_pid,
    provision:
      r.provision_pid && r.provisionText !== null
        ? {
            label: r.provisionLabel ?? "",
            text: r.provisionText,
            headingPath: (r.provisionHeadings as string[] | null) ?? [],
          }
        : null,
    showIf:
      r.show_if_question_id && r.show_if_option_ids
        ? { questionId: r.show_if_question_id, optionIds: r.show_if_option_ids }
        : null,
  }));
}

/** A published survey with its questions, or undefined (drafts are not the public's). */
export async function getPublicSurveyWithQuestions(
  db: Kysely<Database>,
  id: string,
  now = new Date(),
) {
  const survey = await getPublishedSurvey(db, id, now);
  if (!survey) return undefined;
  return { survey, questions: await listSurveyQuestions(db, survey.id) };
}

/** A survey (published or not) with its questions, for its drafters, or undefined. */
export async function getSurveyWithQuestions(db: Kysely<Database>, id: string, now = new Date()) {
  const survey = await getSurvey(db, id, now);
  if (!survey) return undefined;
  return { survey, questions: await listSurveyQuestions(db, survey.id) };
}

/** The cursor of the public list: the last row's (closes_at, id). */
export interface SurveyCursor {
  createdAt: Date;
  id: string;
}

/** One row of the public list (and the API): public fields only. */
export interface PublicSurveyRow {
  id: string;
  title: string;
  description: string;
  purpose: SurveyPurpose;
  billId: string | null;
  billTitle: string | null;
  projectId: string | null;
  projectTitle: string | null;
  versionId: string | null;
  versionLabel: string | null;
  organizationName: string;
  audience: SurveyAudience;
  onePerPerson: boolean;
  opensAt: Date;
  closesAt: Date;
  publishedAt: Date;
  resultsPublishedAt: Date | null;
  status: Exclude<SurveyStatus, "draft">;
  questions: number;
}

/**
 * Published surveys, latest deadline first (then id), optionally only those open, upcoming or
 * closed now; `after` is the cursor of the page before (closes_at, id).
 */
export async function listPublicSurveys(
  db: Kysely<Database>,
  input: {
    now?: Date;
    status?: "open" | "closed" | "upcoming";
    billId?: string;
    after?: SurveyCursor;
    limit?: number;
  } = {},
): Promise<PublicSurveyRow[]> {
  const now = input.now ?? new Date();
  let q = surveyHeads(db)
    .select((eb) =>
      eb
        .selectFrom("survey_questions as q")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("q.survey_id", "=", "s.id")
        .as("questionCount"),
    )
    .where("s.published_at", "is not", null)
    .orderBy("s.closes_at", "desc")
    .orderBy("s.id", "desc")
    .limit(Math.min(input.limit ?? 50, 200));
  if (input.status === "open") q = q.where("s.opens_at", "<=", now).where("s.closes_at", ">", now);
  if (input.status === "closed") q = q.where("s.closes_at", "<=", now);
  if (input.status === "upcoming") q = q.where("s.opens_at", ">", now);
  if (input.billId) {
    if (!isUuid(input.billId)) return [];
    q = q.where("s.bill_id", "=", input.billId);
  }
  if (input.after) {
    const { createdAt: at, id } = input.after;
    q = q.where((eb) =>
      eb.or([
        eb("s.closes_at", "<", at),
        eb.and([eb("s.closes_at", "=", at), eb("s.id", "<", id)]),
      ]),
    );
  }
  return (await q.execute()).map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    purpose: r.purpose,
    billId: r.bill_id,
    billTitle: r.billTitle,
    projectId: r.project_id,
    projectTitle: r.projectTitle,
    versionId: r.version_id,
    versionLabel: r.versionLabel,
    organizationName: r.organizationName,
    audience: r.audience,
    onePerPerson: r.one_per_person,
    opensAt: new Date(r.opens_at),
    closesAt: new Date(r.closes_at),
    publishedAt: new Date(r.published_at!),
    resultsPublishedAt: r.results_published_at ? new Date(r.results_published_at) : null,
    status: surveyStatus(r, now) as Exclude<SurveyStatus, "draft">,
    questions: Number(r.questionCount ?? 0),
  }));
}

/** The surveys of the legislatures a drafter works for, drafts included, newest first. */
export async function listDrafterSurveys(
  db: Kysely<Database>,
  organizationIds: string[],
  now = new Date(),
) {
  if (organizationIds.length === 0) return [];
  const rows = await surveyHeads(db)
    .select((eb) => [
      eb
        .selectFrom("survey_questions as q")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("q.survey_id", "=", "s.id")
        .as("questionCount"),
      eb
        .selectFrom("survey_responses as r")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("r.survey_id", "=", "s.id")
        .where("r.status", "=", "published")
        .as("responseCount"),
    ])
    .where("s.organization_id", "in", organizationIds)
    .orderBy("s.created_at", "desc")
    .orderBy("s.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    ...r,
    status: surveyStatus(r, now),
    questionCount: Number(r.questionCount ?? 0),
    responseCount: Number(r.responseCount ?? 0),
  }));
}

/** Counted responses of a survey (online and paper). */
export async function countSurveyResponses(db: Kysely<Database>, surveyId: string) {
  const row = await db
    .selectFrom("survey_responses")
    .select(sql<number>`count(*)`.as("n"))
    .where("survey_id", "=", surveyId)
    .where("status", "=", "published")
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The response filed under an idempotency key, or undefined. */
export async function findSurveyResponseByKey(db: Kysely<Database>, surveyId: string, key: string) {
  return db
    .selectFrom("survey_responses")
    .select(["id", "receipt", "request_hash", "channel", "contact_point_id", "created_at"])
    .where("survey_id", "=", surveyId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

/** The receipt of a person's response to a one-per-person survey, or undefined. */
export async function findOwnSurveyResponse(
  db: Kysely<Database>,
  surveyId: string,
  userId: string,
) {
  return db
    .selectFrom("survey_responses")
    .select(["id", "receipt", "created_at"])
    .where("survey_id", "=", surveyId)
    .where("one_per_person_key", "=", userId)
    .executeTakeFirst();
}

/** The paper responses a contact point entered for a survey, latest first (its own only). */
export async function listPaperResponses(
  db: Kysely<Database>,
  surveyId: string,
  contactPointId: string,
  limit = 50,
) {
  const rows = await db
    .selectFrom("survey_responses")
    .select(["id", "receipt", "provenance", "received_on", "respondent_type", "created_at"])
    .where("survey_id", "=", surveyId)
    .where("contact_point_id", "=", contactPointId)
    .where("channel", "=", "paper")
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  const total = await db
    .selectFrom("survey_responses")
    .select(sql<number>`count(*)`.as("n"))
    .where("survey_id", "=", surveyId)
    .where("contact_point_id", "=", contactPointId)
    .where("channel", "=", "paper")
    .executeTakeFirst();
  return { rows, total: Number(total?.n ?? 0) };
}

/**
 * What a drafter may attach a new survey to: the bills and plan projects of their legislatures,
 * each bill with its versions (newest first) for the article questions.
 */
export async function listSurveyTargets(db: Kysely<Database>, organizationIds: string[]) {
  if (organizationIds.length === 0) return { bills: [], projects: [] };
  const [bills, versions, projects] = await Promise.all([
    db
      .selectFrom("bills")
      .select(["id", "title", "organization_id"])
      .where("organization_id", "in", organizationIds)
      .orderBy("updated_at", "desc")
      .orderBy("id")
      .limit(500)
      .execute(),
    db
      .selectFrom("versions as v")
      .innerJoin("bills as b", "b.id", "v.bill_id")
      .select(["v.id", "v.bill_id", "v.label", "v.title", "v.seq"])
      .where("b.organization_id", "in", organizationIds)
      .orderBy("v.bill_id")
      .orderBy("v.seq", "desc")
      .execute(),
    db
      .selectFrom("plan_projects as pp")
      .innerJoin("legislative_plans as lp", "lp.id", "pp.plan_id")
      .select(["pp.id", "pp.title", "pp.bill_id", "lp.year", "lp.organization_id"])
      .where("lp.organization_id", "in", organizationIds)
      .orderBy("lp.year", "desc")
      .orderBy("pp.title")
      .limit(500)
      .execute(),
  ]);
  return {
    bills: bills.map((b) => ({
      ...b,
      versions: versions
        .filter((v) => v.bill_id === b.id)
        .map((v) => ({ id: v.id, label: v.label, title: v.title })),
    })),
    projects,
  };
}

/** The provisions of a version an article question may name (articles, in document order). */
export async function listSurveyProvisions(db: Kysely<Database>, versionId: string) {
  if (!isUuid(versionId)) return [];
  return db
    .selectFrom("provisions")
    .select(["pid", "kind", "label", "text"])
    .where("version_id", "=", versionId)
    .where("kind", "in", ["article", "chapter", "section"])
    .orderBy("ordinal")
    .execute();
}

/** Whether a pid is a provision of a version. */
export async function isProvisionOf(db: Kysely<Database>, versionId: string, pid: string) {
  const row = await db
    .selectFrom("provisions")
    .select("pid")
    .where("version_id", "=", versionId)
    .where("pid", "=", pid)
    .executeTakeFirst();
  return !!row;
}

/** The timeline stage of a survey: 立法后评估 is the evaluation stage, the others 调研. */
const stageOf = (purpose: SurveyPurpose) =>
  purpose === "post_legislative" ? ("evaluation" as const) : ("survey" as const);

/**
 * The published surveys of a bill (directly, or through the plan project that became it) as
 * timeline entries: upcoming, open, closed, or done once the results are published.
 */
export async function listSurveyTimelineEntries(
  db: Kysely<Database>,
  billId: string,
  now: Date = new Date(),
): Promise<TimelineEntry[]> {
  if (!isUuid(billId)) return [];
  const rows = await db
    .selectFrom("surveys as s")
    .leftJoin("plan_projects as pp", "pp.id", "s.project_id")
    .select((eb) => [
      "s.id",
      "s.title",
      "s.purpose",
      "s.version_id",
      "s.opens_at",
      "s.closes_at",
      "s.published_at",
      "s.results_published_at",
      eb
        .selectFrom("survey_responses as r")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("r.survey_id", "=", "s.id")
        .where("r.status", "=", "published")
        .as("responses"),
    ])
    .where("s.published_at", "is not", null)
    .where((eb) => eb.or([eb("s.bill_id", "=", billId), eb("pp.bill_id", "=", billId)]))
    .orderBy("s.opens_at")
    .orderBy("s.id")
    .execute();
  return rows.map((r) => {
    const status = surveyStatus(r, now);
    const done = !!r.results_published_at;
    return {
      stage: stageOf(r.purpose),
      date: new Date(r.opens_at),
      closesAt: new Date(r.closes_at),
      status: done ? "done" : (status as "upcoming" | "open" | "closed"),
      title: r.title,
      href: `/surveys/${r.id}`,
      outcome: done
        ? { key: "surveys.timeline.results", values: { responses: Number(r.responses ?? 0) } }
        : null,
      outcomeHref: done ? `/surveys/${r.id}/results` : null,
      // A reading's 调研 stands under that reading; 立法前评估 and 立法后评估 stand alone.
      versionId: r.purpose === "reading" ? r.version_id : null,
    };
  });
}

/** The published surveys open for answers now, soonest deadline first. */
export async function listOpenSurveyCalls(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<OpenCall[]> {
  const rows = await db
    .selectFrom("surveys as s")
    .leftJoin("bills as b", "b.id", "s.bill_id")
    .leftJoin("plan_projects as pp", "pp.id", "s.project_id")
    .select(["s.id", "s.title", "s.purpose", "s.opens_at", "s.closes_at", "b.title as billTitle"])
    .select("pp.title as projectTitle")
    .where("s.published_at", "is not", null)
    .where("s.opens_at", "<=", now)
    .where("s.closes_at", ">", now)
    .orderBy("s.closes_at")
    .orderBy("s.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    stage: stageOf(r.purpose),
    title: r.title,
    subject: r.billTitle ?? r.projectTitle ?? null,
    href: `/surveys/${r.id}`,
    opensAt: new Date(r.opens_at),
    closesAt: new Date(r.closes_at),
  }));
}
