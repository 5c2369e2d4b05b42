import type { Kysely } from "kysely";
import { z } from "zod";
import {
  respondentTypes,
  surveyAudiences,
  surveyPurposes,
  surveyQuestionKinds,
  type RespondentType,
} from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import {
  findSurveyResponseByKey,
  getSurvey,
  isProvisionOf,
  listSurveyQuestions,
  type SurveyQuestionView,
} from "../db/queries/surveys.ts";
import type { Database, SurveyQuestionOption } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError, conflict, invalidInput, notFound } from "./errors.ts";
import { textLine, textLines } from "./input.ts";
import { randomCode, requestHash } from "./opinions.ts";

// 调研 and 评估 questionnaires (issue 17 item 2). The drafters of a legislature make a survey on
// a bill or a plan project, add questions (single or multiple choice, a scale, free text; any of
// them may ask about one provision of the survey's version; any may be shown only when an
// earlier choice question was answered a certain way), and publish it. The public answers
// online while it is open (anonymously, or signed in when the survey says so; once per person
// when configured); a contact point's coordinator enters the paper questionnaires gathered at
// the point. Both answers carry an idempotency key: the same key again gets the first receipt,
// the same key with other answers is refused (422), like an opinion.
//
// Questions are frozen once the survey is published: the answers refer to them, and a question
// changed under respondents would make their answers mean something else.

/** Who acts, and the legislatures they draft for (a survey of another is refused). */
export interface DrafterActor {
  userId: string;
  organizationIds: string[];
  ip: string | null;
}

const forbidden = () => new ServiceError("forbidden", "error.forbidden");

/** Turns a zod failure into one refusal naming each refused field. */
function refuse(error: z.ZodError): ServiceError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = issue.path.join(".") || "_form";
    fields[name] ??= issue.message;
  }
  return invalidInput(Object.values(fields)[0] ?? "error.invalidInput", fields);
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw refuse(parsed.error);
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// The survey

/** The fields of a survey the drafters set (the new-survey form and the builder). */
export const SurveyFields = z
  .object({
    title: textLine()
      .trim()
      .min(1, "surveys.error.titleRequired")
      .max(200, "surveys.error.titleTooLong"),
    description: textLines().max(5000, "error.tooLong5000").default(""),
    purpose: z.enum(surveyPurposes, "error.invalidInput"),
    versionId: z.string().uuid("surveys.error.version").nullable().default(null),
    opensAt: z.date("surveys.error.date"),
    closesAt: z.date("surveys.error.date"),
    audience: z.enum(surveyAudiences, "error.invalidInput").default("anyone"),
    onePerPerson: z.boolean().default(false),
  })
  .refine((v) => v.closesAt > v.opensAt, {
    message: "surveys.error.closesBeforeOpens",
    path: ["closesAt"],
  })
  .refine((v) => !v.onePerPerson || v.audience === "signed_in", {
    message: "surveys.error.onePerPersonNeedsAccount",
    path: ["onePerPerson"],
  });
export type SurveyFieldsInput = z.input<typeof SurveyFields>;

const Target = z
  .object({
    billId: z.string().uuid("surveys.error.target").nullable().default(null),
    projectId: z.string().uuid("surveys.error.target").nullable().default(null),
  })
  .refine((v) => v.billId !== null || v.projectId !== null, {
    message: "surveys.error.target",
    path: ["billId"],
  });

/**
 * The legislature and the bill of what a survey is attached to: a bill, or a plan project
 * (whose bill, once linked, is where a version may come from).
 */
async function resolveTarget(
  db: Kysely<Database>,
  target: { billId: string | null; projectId: string | null },
) {
  let organizationId: string | null = null;
  let billId = target.billId;
  if (target.billId) {
    const bill = await db
      .selectFrom("bills")
      .select(["id", "organization_id"])
      .where("id", "=", target.billId)
      .executeTakeFirst();
    if (!bill) throw invalidInput("surveys.error.target", { billId: "surveys.error.target" });
    organizationId = bill.organization_id;
  }
  if (target.projectId) {
    const project = await db
      .selectFrom("plan_projects as pp")
      .innerJoin("legislative_plans as lp", "lp.id", "pp.plan_id")
      .select(["pp.id", "pp.bill_id", "lp.organization_id"])
      .where("pp.id", "=", target.projectId)
      .executeTakeFirst();
    if (!project || (organizationId && project.organization_id !== organizationId))
      throw invalidInput("surveys.error.target", { projectId: "surveys.error.target" });
    organizationId = project.organization_id;
    billId ??= project.bill_id;
  }
  return { organizationId: organizationId!, billId };
}

async function checkVersion(db: Kysely<Database>, versionId: string | null, billId: string | null) {
  if (!versionId) return;
  const version = await db
    .selectFrom("versions")
    .select(["id", "bill_id"])
    .where("id", "=", versionId)
    .executeTakeFirst();
  if (!version || version.bill_id !== billId)
    throw invalidInput("surveys.error.version", { versionId: "surveys.error.version" });
}

/** Makes a survey (unpublished) on a bill or plan project of the drafter's legislature. */
export async function createSurvey(
  db: Kysely<Database>,
  input: { billId?: string | null; projectId?: string | null } & SurveyFieldsInput,
  actor: DrafterActor,
): Promise<string> {
  const target = parse(Target, {
    billId: input.billId ?? null,
    projectId: input.projectId ?? null,
  });
  const fields = parse(SurveyFields, input);
  const { organizationId, billId } = await resolveTarget(db, target);
  if (!actor.organizationIds.includes(organizationId)) throw forbidden();
  await checkVersion(db, fields.versionId, billId);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("surveys")
      .values({
        organization_id: organizationId,
        bill_id: target.billId,
        project_id: target.projectId,
        version_id: fields.versionId,
        purpose: fields.purpose,
        title: fields.title,
        description: fields.description.trim(),
        opens_at: fields.opensAt,
        closes_at: fields.closesAt,
        audience: fields.audience,
        one_per_person: fields.onePerPerson,
        published_at: null,
        results_published_at: null,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.create",
      subjectType: "survey",
      subjectId: row.id,
      data: { purpose: fields.purpose, bill: target.billId, project: target.projectId },
      ip: actor.ip,
    });
    return row.id;
  });
}

/** The survey locked for a drafter's change, refused when of another legislature. */
async function lockSurvey(trx: Kysely<Database>, surveyId: string, actor: DrafterActor) {
  const found = await getSurvey(trx, surveyId);
  if (!found) throw notFound("surveys.notFound");
  if (!actor.organizationIds.includes(found.organization_id)) throw forbidden();
  const survey = await trx
    .selectFrom("surveys")
    .selectAll()
    .where("id", "=", surveyId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return survey;
}

/**
 * Changes a survey's fields. Before publication anything may change; afterwards only the
 * title, description and the deadline (extending or ending the window), since respondents
 * answered on the terms announced.
 */
export async function updateSurvey(
  db: Kysely<Database>,
  input: { surveyId: string } & SurveyFieldsInput,
  actor: DrafterActor,
): Promise<void> {
  const fields = parse(SurveyFields, input);
  await inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, input.surveyId, actor);
    const billId =
      survey.bill_id ??
      (survey.project_id
        ? ((
            await trx
              .selectFrom("plan_projects")
              .select("bill_id")
              .where("id", "=", survey.project_id)
              .executeTakeFirst()
          )?.bill_id ?? null)
        : null);
    if (survey.published_at) {
      const same =
        fields.purpose === survey.purpose &&
        fields.versionId === survey.version_id &&
        fields.audience === survey.audience &&
        fields.onePerPerson === survey.one_per_person &&
        fields.opensAt.getTime() === new Date(survey.opens_at).getTime();
      if (!same) throw conflict("surveys.error.publishedTerms");
    } else if (fields.versionId !== survey.version_id) {
      await checkVersion(trx, fields.versionId, billId);
      // Article questions name pids of the old version; those the new one lacks would show no text.
      if (fields.versionId) {
        const questions = await listSurveyQuestions(trx, survey.id);
        for (const q of questions)
          if (q.provisionPid && !(await isProvisionOf(trx, fields.versionId, q.provisionPid)))
            throw invalidInput("surveys.error.versionLosesArticles", {
              versionId: "surveys.error.versionLosesArticles",
            });
      } else {
        await trx
          .updateTable("survey_questions")
          .set({ provision_pid: null })
          .where("survey_id", "=", survey.id)
          .execute();
      }
    }
    await trx
      .updateTable("surveys")
      .set({
        title: fields.title,
        description: fields.description.trim(),
        purpose: fields.purpose,
        version_id: fields.versionId,
        opens_at: fields.opensAt,
        closes_at: fields.closesAt,
        audience: fields.audience,
        one_per_person: fields.onePerPerson,
      })
      .where("id", "=", survey.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.update",
      subjectType: "survey",
      subjectId: survey.id,
      ip: actor.ip,
    });
  });
}

/**
 * Announces a survey: from now on the public sees it (and may answer inside its window).
 * It needs at least one question, and a window that has not already ended.
 */
export async function publishSurvey(
  db: Kysely<Database>,
  input: { surveyId: string; now?: Date },
  actor: DrafterActor,
): Promise<void> {
  const now = input.now ?? new Date();
  await inTransaction(db, async (trx) => {
    const survey = await lockSurvey(trx, input.surveyId, actor);
    if (survey.published_at) return;
    const count = await trx
      .selectFrom("survey_questions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("survey_id", "=", survey.id)
      .executeTakeFirst();
    if (Number(count?.n ?? 0) === 0) throw conflict("surveys.error.noQuestions");
    if (new Date(survey.closes_at) <= now) throw conflict("surveys.error.windowOver");
    await trx
      .updateTable("surveys")
      .set({ published_at: now })
      .where("id", "=", survey.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.publish",
      subjectType: "survey",
      subjectId: survey.id,
      ip: actor.ip,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Questions

const OptionInput = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]{1,12}$/, "error.invalidInput")
    .optional(),
  label: textLine()
    .trim()
    .min(1, "surveys.error.optionLabel")
    .max(200, "surveys.error.optionLabel"),
});

/** A question as the builder sends it; option ids are kept when given, made when new. */
export const QuestionFields = z
  .object({
    kind: z.enum(surveyQuestionKinds, "error.invalidInput"),
    prompt: textLine()
      .trim()
      .min(1, "surveys.error.promptRequired")
      .max(500, "surveys.error.promptTooLong"),
    help: textLines().max(1000, "surveys.error.helpTooLong").default(""),
    required: z.boolean().default(false),
    options: z.array(OptionInput).max(30, "surveys.error.tooManyOptions").default([]),
    scaleMin: z.number().int("surveys.error.scale").nullable().default(null),
    scaleMax: z.number().int("surveys.error.scale").nullable().default(null),
    scaleMinLabel: textLine().trim().max(50, "error.tooLong50").default(""),
    scaleMaxLabel: textLine().trim().max(50, "error.tooLong50").default(""),
    provisionPid: z.string().min(1).max(100).nullable().default(null),
    showIf: z
      .object({
        questionId: z.string().uuid("surveys.error.condition"),
        optionIds: z.array(z.string()).min(1, "surveys.error.condition"),
      })
      .nullable()
      .default(null),
  })
  .superRefine((v, ctx) => {
    const choice = v.kind === "single" || v.kind === "multiple";
    if (choice && v.options.length < 2)
      ctx.addIssue({ code: "custom", message: "surveys.error.twoOptions", path: ["options"] });
    if (choice) {
      const labels = v.options.map((o) => o.label);
      if (new Set(labels).size !== labels.length)
        ctx.addIssue({
          code: "custom",
          message: "surveys.error.duplicateOption",
          path: ["options"],
        });
    }
    if (v.kind === "scale") {
      const ok =
        v.scaleMin !== null &&
        v.scaleMax !== null &&
        v.scaleMax > v.scaleMin &&
        v.scaleMax - v.scaleMin <= 10 &&
        v.scaleMin >= -10 &&
        v.scaleMax <= 100;
      if (!ok) ctx.addIssue({ code: "custom", message: "surveys.error.scale", path: ["scaleMax"] });
    }
  });
export type QuestionInput = z.input<typeof QuestionFields>;

/** Options with an id each: kept where given (a condition may name it), new ones made unique. */
function withOptionIds(
  options: { id?: string | undefined; label: string }[],
): SurveyQuestionOption[] {
  const taken = new Set(options.map((o) => o.id).filter((id): id is string => !!id));
  return options.map((o) => {
    if (o.id) return { id: o.id, label: o.label };
    let id = randomCode(6).toLowerCase();
    while (taken.has(id)) id = randomCode(6).toLowerCase();
    taken.add(id);
    return { id, label: o.label };
  });
}

/** The row values of a question, its article and its condition checked against the survey. */
async function questionValues(
  trx: Kysely<Database>,
  survey: { id: string; version_id: string | null },
  q: z.infer<typeof QuestionFields>,
  self: { id: string; position: number } | null,
  questions: SurveyQuestionView[],
) {
  const choice = q.kind === "single" || q.kind === "multiple";
  if (q.provisionPid) {
    if (!survey.version_id || !(await isProvisionOf(trx, survey.version_id, q.provisionPid)))
      throw invalidInput("surveys.error.provision", { provisionPid: "surveys.error.provision" });
  }
  if (q.showIf) {
    const source = questions.find((x) => x.id === q.showIf!.questionId);
    const before = source && (!self || source.position < self.position) && source.id !== self?.id;
    if (!source || !before || (source.kind !== "single" && source.kind !== "multiple"))
      throw invalidInput("surveys.error.condition", { showIf: "surveys.error.condition" });
    const known = new Set(source.options.map((o) => o.id));
    if (!q.showIf.optionIds.every((id) => known.has(id)))
      throw invalidInput("surveys.error.condition", { showIf: "surveys.error.condition" });
  }
  return {
    kind: q.kind,
    prompt: q.prompt,
    help: q.help.trim(),
    required: q.required,
    options: JSON.stringify(choice ? withOptionIds(q.options) : []),
    scale_min: q.kind === "scale" ? q.scaleMin : null,
    scale_max: q.kind === "scale" ? q.scaleMax : null,
    scale_min_label: q.kind === "scale" ? q.scaleMinLabel : "",
    scale_max_label: q.kind === "scale" ? q.scaleMaxLabel : "",
    provision_pid: q.provisionPid,
    show_if_question_id: q.showIf ? q.showIf.questionId : null,
    show_if_option_ids: q.showIf ? [...new Set(q.showIf.optionIds)] : null,
  };
}

/** An unpublished survey locked for a question change. */
async function lockDraftSurvey(trx: Kysely<Database>, surveyId: string, actor: DrafterActor) {
  const survey = await lockSurvey(trx, surveyId, actor);
  if (survey.published_at) throw conflict("surveys.error.questionsFrozen");
  return survey;
}

/** Adds a question at the end of an unpublished survey; answers its id. */
export async function addQuestion(
  db: Kysely<Database>,
  input: { surveyId: string; question: QuestionInput },
  actor: DrafterActor,
): Promise<string> {
  const q = parse(QuestionFields, input.question);
  return inTransaction(db, async (trx) => {
    const survey = await lockDraftSurvey(trx, input.surveyId, actor);
    const questions = await listSurveyQuestions(trx, survey.id);
    if (questions.length >= 200) throw conflict("surveys.error.tooManyQuestions");
    const position = questions.length ? Math.max(...questions.map((x) => x.position)) + 1 : 0;
    const values = await questionValues(trx, survey, q, null, questions);
    const row = await trx
      .insertInto("survey_questions")
      .values({ survey_id: survey.id, position, ...values })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.question_add",
      subjectType: "survey",
      subjectId: survey.id,
      data: { question: row.id, kind: q.kind },
      ip: actor.ip,
    });
    return row.id;
  });
}

/** The question of a survey, or 404. */
function questionOf(questions: SurveyQuestionView[], questionId: string) {
  const question = questions.find((x) => x.id === questionId);
  if (!question) throw notFound("surveys.questionNotFound");
  return question;
}

/**
 * Changes a question of an unpublished survey. Later questions shown on an option that no
 * longer exists lose that option from their condition (and the condition with its last option).
 */
export async function updateQuestion(
  db: Kysely<Database>,
  input: { surveyId: string; questionId: string; question: QuestionInput },
  actor: DrafterActor,
): Promise<void> {
  const q = parse(QuestionFields, input.question);
  await inTransaction(db, async (trx) => {
    const survey = await lockDraftSurvey(trx, input.surveyId, actor);
    const questions = await listSurveyQuestions(trx, survey.id);
    const self = questionOf(questions, input.questionId);
    const values = await questionValues(trx, survey, q, self, questions);
    await trx.updateTable("survey_questions").set(values).where("id", "=", self.id).execute();
    const kept = new Set((JSON.parse(values.options) as SurveyQuestionOption[]).map((o) => o.id));
    for (const dependent of questions.filter((x) => x.showIf?.questionId === self.id)) {
      const optionIds = dependent.showIf!.optionIds.filter((id) => kept.has(id));
      if (optionIds.length === dependent.showIf!.optionIds.length) continue;
      await trx
        .updateTable("survey_questions")
        .set(
          optionIds.length
            ? { show_if_option_ids: optionIds }
            : { show_if_question_id: null, show_if_option_ids: null },
        )
        .where("id", "=", dependent.id)
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.question_update",
      subjectType: "survey",
      subjectId: survey.id,
      data: { question: self.id },
      ip: actor.ip,
    });
  });
}

/**
 * Moves a question one place up or down. A move that would put a conditional question before
 * the question it depends on is refused: the respondent must see the choice first.
 */
export async function moveQuestion(
  db: Kysely<Database>,
  input: { surveyId: string; questionId: string; direction: "up" | "down" },
  actor: DrafterActor,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const survey = await lockDraftSurvey(trx, input.surveyId, actor);
    const questions = await listSurveyQuestions(trx, survey.id);
    const self = questionOf(questions, input.questionId);
    const at = questions.indexOf(self);
    const other = questions[input.direction === "up" ? at - 1 : at + 1];
    if (!other) return;
    const [first, second] = input.direction === "up" ? [other, self] : [self, other];
    if (second.showIf?.questionId === first.id) throw conflict("surveys.error.moveBreaksCondition");
    // Renumber densely, so equal positions left by earlier data cannot make the swap a no-op.
    const order = questions.map((x) => x.id);
    order[at] = other.id;
    order[questions.indexOf(other)] = self.id;
    for (const [position, id] of order.entries())
      await trx.updateTable("survey_questions").set({ position }).where("id", "=", id).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.question_move",
      subjectType: "survey",
      subjectId: survey.id,
      data: { question: self.id, direction: input.direction },
      ip: actor.ip,
    });
  });
}

/** Deletes a question of an unpublished survey; the questions shown on its answer lose that condition. */
export async function deleteQuestion(
  db: Kysely<Database>,
  input: { surveyId: string; questionId: string },
  actor: DrafterActor,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const survey = await lockDraftSurvey(trx, input.surveyId, actor);
    const questions = await listSurveyQuestions(trx, survey.id);
    const self = questionOf(questions, input.questionId);
    // Both condition columns go null together (a table check), before the row they name goes.
    await trx
      .updateTable("survey_questions")
      .set({ show_if_question_id: null, show_if_option_ids: null })
      .where("show_if_question_id", "=", self.id)
      .execute();
    await trx.deleteFrom("survey_questions").where("id", "=", self.id).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "survey.question_delete",
      subjectType: "survey",
      subjectId: survey.id,
      data: { question: self.id, prompt: self.prompt },
      ip: actor.ip,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Responses

/** Answers keyed by question id: a form's values (one or several strings) or a number. */
export const AnswersInput = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).max(50)]),
);
export type SurveyAnswers = z.infer<typeof AnswersInput>;

const AnswerText = textLines().max(5000, "error.tooLong5000");

/** One stored answer. */
interface AnswerRow {
  question_id: string;
  option_ids: string[] | null;
  scale_value: number | null;
  text_value: string | null;
}

/**
 * Checks answers against the questions in order. A conditional question is shown when its
 * source question is shown and was answered with one of the listed options; a hidden
 * question's answer is dropped (a respondent without JavaScript sees every question and may
 * have filled one in), and it is required only when shown. Each refused question is named in
 * `fields` as `q-<id>`.
 */
export function checkAnswers(
  questions: SurveyQuestionView[],
  raw: SurveyAnswers,
  options: { enforceRequired: boolean },
): AnswerRow[] {
  const chosen = new Map<string, string[]>();
  const shown = new Set<string>();
  const rows: AnswerRow[] = [];
  const fields: Record<string, string> = {};
  for (const q of questions) {
    if (q.showIf) {
      const source = chosen.get(q.showIf.questionId) ?? [];
      if (!shown.has(q.showIf.questionId) || !source.some((id) => q.showIf!.optionIds.includes(id)))
        continue;
    }
    shown.add(q.id);
    const value = raw[q.id];
    const values = (Array.isArray(value) ? value : value === undefined ? [] : [value])
      .map((v) => String(v))
      .filter((v) => v.trim() !== "");
    if (values.length === 0) {
      if (q.required && options.enforceRequired) fields[`q-${q.id}`] = "surveys.error.required";
      continue;
    }
    const known = new Set(q.options.map((o) => o.id));
    if (q.kind === "single" || q.kind === "multiple") {
      const ids = [...new Set(values)];
      if ((q.kind === "single" && ids.length !== 1) || !ids.every((id) => known.has(id))) {
        fields[`q-${q.id}`] = "surveys.error.option";
        continue;
      }
      // Stored in the question's order, so equal choices compare equal.
      const ordered = q.options.map((o) => o.id).filter((id) => ids.includes(id));
      chosen.set(q.id, ordered);
      rows.push({ question_id: q.id, option_ids: ordered, scale_value: null, text_value: null });
    } else if (q.kind === "scale") {
      const n = values.length === 1 && /^-?\d+$/.test(values[0]!.trim()) ? Number(values[0]) : NaN;
      if (!Number.isInteger(n) || n < (q.scaleMin ?? 0) || n > (q.scaleMax ?? 0)) {
        fields[`q-${q.id}`] = "surveys.error.scaleRange";
        continue;
      }
      rows.push({ question_id: q.id, option_ids: null, scale_value: n, text_value: null });
    } else {
      const text = AnswerText.safeParse(values.join("\n").trim());
      if (!text.success) {
        fields[`q-${q.id}`] = text.error.issues[0]?.message ?? "error.invalidInput";
        continue;
      }
      rows.push({ question_id: q.id, option_ids: null, scale_value: null, text_value: text.data });
    }
  }
  if (Object.keys(fields).length > 0) throw invalidInput("surveys.error.answers", fields);
  return rows;
}

/** A survey response's receipt number: DY (调研), the UTC date, six random letters. */
export function newSurveyReceipt(at: Date): string {
  return `DY${at.toISOString().slice(0, 10).replace(/-/g, "")}${randomCode(6)}`;
}

/** What a respondent is given. */
export interface SurveyReceipt {
  id: string;
  receipt: string;
  /** True when this answer is the first one given under the key (false: a repeat). */
  created: boolean;
}

const ResponseMeta = z.object({
  respondentType: z.enum(respondentTypes, "error.invalidInput").default("individual"),
  region: textLine().trim().max(50, "error.tooLong50").default(""),
});

const IdempotencyKey = z
  .string()
  .min(1, "api.idempotencyKeyRequired")
  .max(200, "error.invalidInput");

/** The first answer under a key, or a refusal when the key came with other content. */
async function replay(db: Kysely<Database>, surveyId: string, key: string, hash: string) {
  const kept = await findSurveyResponseByKey(db, surveyId, key);
  if (!kept) return undefined;
  if (kept.request_hash !== hash)
    throw new ServiceError("idempotency_conflict", "api.idempotencyConflict");
  return { id: kept.id, receipt: kept.receipt, created: false } satisfies SurveyReceipt;
}

const isUnique = (error: unknown, constraint?: string) => {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== "23505") return false;
  if (!constraint) return true;
  return (e.constraint ?? e.message ?? "").includes(constraint);
};

/** Stores a response and its answers; unique violations are answered by the caller. */
async function insertResponse(
  db: Kysely<Database>,
  values: {
    surveyId: string;
    userId: string | null;
    onePerPersonKey: string | null;
    channel: "online" | "paper";
    contactPointId: string | null;
    provenance: string | null;
    receivedOn: string | null;
    recordedBy: string | null;
    respondentType: RespondentType;
    region: string | null;
    key: string;
    hash: string;
    now: Date;
  },
  answers: AnswerRow[],
  audit: { actorUserId: string; ip: string | null } | null,
): Promise<SurveyReceipt> {
  const receipt = newSurveyReceipt(values.now);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("survey_responses")
      .values({
        survey_id: values.surveyId,
        user_id: values.userId,
        one_per_person_key: values.onePerPersonKey,
        channel: values.channel,
        contact_point_id: values.contactPointId,
        provenance: values.provenance,
        received_on: values.receivedOn,
        recorded_by: values.recordedBy,
        respondent_type: values.respondentType,
        region: values.region,
        idempotency_key: values.key,
        request_hash: values.hash,
        receipt,
        created_at: values.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (answers.length)
      await trx
        .insertInto("survey_answers")
        .values(answers.map((a) => ({ response_id: row.id, ...a })))
        .execute();
    if (audit)
      await recordAudit(trx, {
        actorUserId: audit.actorUserId,
        action: "survey.paper_response",
        subjectType: "survey",
        subjectId: values.surveyId,
        data: { response: row.id, contactPoint: values.contactPointId },
        ip: audit.ip,
      });
    return { id: row.id, receipt, created: true };
  });
}

/**
 * Answers a survey online. Order of checks: a repeat of a key is answered first (the same
 * content gets the first receipt even after the survey closed; other content is refused), then
 * the survey must be published and open, the audience may require an account, one response
 * per person where configured (the database's unique key decides between two at once), and the
 * answers must pass checkAnswers.
 */
export async function submitResponse(
  db: Kysely<Database>,
  input: {
    surveyId: string;
    key: string;
    answers: unknown;
    respondentType?: string | undefined;
    region?: string | undefined;
    userId: string | null;
    now?: Date;
  },
): Promise<SurveyReceipt> {
  const now = input.now ?? new Date();
  const key = parse(IdempotencyKey, input.key);
  const answers = parse(AnswersInput, input.answers ?? {});
  const meta = parse(ResponseMeta, {
    respondentType: input.respondentType || undefined,
    region: input.region ?? "",
  });
  const hash = requestHash({ answers, ...meta, user: input.userId });
  const survey = await getSurvey(db, input.surveyId, now);
  if (!survey || !survey.published_at) throw notFound("surveys.notFound");
  const repeat = await replay(db, survey.id, key, hash);
  if (repeat) return repeat;
  if (survey.status === "upcoming") throw new ServiceError("not_open", "surveys.error.notOpenYet");
  if (survey.status === "closed") throw new ServiceError("not_open", "surveys.error.closed");
  if (survey.audience === "signed_in" && !input.userId)
    throw new ServiceError("account_required", "surveys.error.signInToAnswer");
  const rows = checkAnswers(await listSurveyQuestions(db, survey.id), answers, {
    enforceRequired: true,
  });
  if (rows.length === 0) throw invalidInput("surveys.error.empty");
  const onePerPersonKey = survey.one_per_person ? input.userId : null;
  try {
    return await insertResponse(
      db,
      {
        surveyId: survey.id,
        userId: input.userId,
        onePerPersonKey,
        channel: "online",
        contactPointId: null,
        provenance: null,
        receivedOn: null,
        recordedBy: null,
        respondentType: meta.respondentType,
        region: meta.region || null,
        key,
        hash,
        now,
      },
      rows,
      null,
    );
  } catch (error) {
    if (isUnique(error, "idempotency_key")) {
      const again = await replay(db, survey.id, key, hash);
      if (again) return again;
    }
    if (isUnique(error, "one_per_person_key") || (onePerPersonKey && isUnique(error)))
      throw conflict("surveys.error.alreadyAnswered");
    throw error;
  }
}

const PaperMeta = z.object({
  provenance: textLines()
    .trim()
    .min(1, "surveys.error.provenanceRequired")
    .max(500, "surveys.error.provenanceTooLong"),
  receivedOn: z.string().regex(/^\d{4}-\d\d-\d\d$/, "surveys.error.receivedOn"),
  respondentType: z.enum(respondentTypes, "error.invalidInput").default("individual"),
  region: textLine().trim().max(50, "error.tooLong50").default(""),
});

/**
 * A coordinator enters a paper questionnaire gathered at their contact point: where it came
 * from (provenance), the day it was received, the respondent's type. Accepted from the day the
 * survey opens until 30 days after it closes (paper arrives late); the day received may not be
 * in the future. Required questions are not enforced: a respondent who left one blank on paper
 * cannot be asked again, and the blank is what they answered. Idempotent like an online answer.
 */
export async function recordPaperResponse(
  db: Kysely<Database>,
  input: {
    surveyId: string;
    key: string;
    answers: unknown;
    provenance: string;
    receivedOn: string;
    respondentType?: string | undefined;
    region?: string | undefined;
    now?: Date;
  },
  actor: { userId: string; contactPointId: string | null; ip: string | null },
): Promise<SurveyReceipt> {
  const now = input.now ?? new Date();
  if (!actor.contactPointId) throw forbidden();
  const key = parse(IdempotencyKey, input.key);
  const answers = parse(AnswersInput, input.answers ?? {});
  const meta = parse(PaperMeta, {
    provenance: input.provenance ?? "",
    receivedOn: input.receivedOn ?? "",
    respondentType: input.respondentType || undefined,
    region: input.region ?? "",
  });
  const hash = requestHash({ answers, ...meta, point: actor.contactPointId });
  const survey = await getSurvey(db, input.surveyId, now);
  if (!survey || !survey.published_at) throw notFound("surveys.notFound");
  const repeat = await replay(db, survey.id, key, hash);
  if (repeat) return repeat;
  const opens = new Date(survey.opens_at);
  const lastEntry = new Date(new Date(survey.closes_at).getTime() + 30 * 86_400_000);
  if (now < opens) throw new ServiceError("not_open", "surveys.error.notOpenYet");
  if (now > lastEntry) throw new ServiceError("not_open", "surveys.error.paperClosed");
  const received = new Date(`${meta.receivedOn}T00:00:00Z`);
  // A day's slack either side: the date is local to the point, the window is in UTC.
  if (
    Number.isNaN(received.getTime()) ||
    received.getTime() > now.getTime() + 86_400_000 ||
    received.getTime() < opens.getTime() - 2 * 86_400_000
  )
    throw invalidInput("surveys.error.receivedOn", { receivedOn: "surveys.error.receivedOn" });
  const rows = checkAnswers(await listSurveyQuestions(db, survey.id), answers, {
    enforceRequired: false,
  });
  if (rows.length === 0) throw invalidInput("surveys.error.empty");
  try {
    return await insertResponse(
      db,
      {
        surveyId: survey.id,
        userId: null,
        onePerPersonKey: null,
        channel: "paper",
        contactPointId: actor.contactPointId,
        provenance: meta.provenance,
        receivedOn: meta.receivedOn,
        recordedBy: actor.userId,
        respondentType: meta.respondentType,
        region: meta.region || null,
        key,
        hash,
        now,
      },
      rows,
      { actorUserId: actor.userId, ip: actor.ip },
    );
  } catch (error) {
    if (isUnique(error, "idempotency_key")) {
      const again = await replay(db, survey.id, key, hash);
      if (again) return again;
    }
    throw error;
  }
}
