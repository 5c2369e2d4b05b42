import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { hearingStances, respondentTypes, type HearingOutcome } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { billStandingOf } from "../db/queries/disposition-work.ts";
import { getHearing, type HearingRow } from "../db/queries/hearings.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError, conflict, invalidInput, notFound } from "./errors.ts";
import { OtherChannelOpinion, recordOtherChannelOpinion, today } from "./handling.ts";
import { drawSpeakers, seedCommitment } from "./hearing-draw.ts";
import { textLine, textLines } from "./input.ts";
import {
  queueMails,
  recordNotifications,
  type Notice,
  type OutgoingMail,
  type RenderNotice,
} from "./notifications.ts";

// 听证会 (issue 17 item 3): the drafters create and announce a hearing on a consultation, people
// register (anonymous allowed, with a contact), the draw chooses the speakers (commit-reveal,
// services/hearing-draw.ts), and the published report's points become opinions on the
// consultation. Every drafter action writes its audit row; no audit row, notification or error
// ever carries a registrant's phone or e-mail.

const blankToNull = (v: string | undefined) => (v && v.trim() !== "" ? v.trim() : null);

/** A hearing's details, as the drafters' form gives them (times already in UTC). */
export const HearingDetails = z
  .object({
    title: textLine()
      .trim()
      .min(1, "hearings.error.titleRequired")
      .max(200, "hearings.error.tooLong200"),
    description: textLines().trim().max(5000, "error.tooLong5000").default(""),
    questions: textLines()
      .trim()
      .min(1, "hearings.error.questionsRequired")
      .max(5000, "error.tooLong5000"),
    heldAt: z.date({ message: "hearings.error.heldAt" }),
    place: textLine()
      .trim()
      .min(1, "hearings.error.placeRequired")
      .max(200, "hearings.error.tooLong200"),
    speakerSeats: z.coerce
      .number({ message: "hearings.error.seats" })
      .int("hearings.error.seats")
      .min(1, "hearings.error.seats")
      .max(50, "hearings.error.seats"),
    reserveSeats: z.coerce
      .number({ message: "hearings.error.reserves" })
      .int("hearings.error.reserves")
      .min(0, "hearings.error.reserves")
      .max(20, "hearings.error.reserves"),
    selectionMethod: textLines().trim().max(2000, "hearings.error.tooLong2000").default(""),
    registrationOpensAt: z.date({ message: "hearings.error.opensAt" }),
    registrationClosesAt: z.date({ message: "hearings.error.closesAt" }),
  })
  .superRefine((v, ctx) => {
    if (v.registrationClosesAt <= v.registrationOpensAt)
      ctx.addIssue({
        code: "custom",
        path: ["registrationClosesAt"],
        message: "hearings.error.closesBeforeOpens",
      });
    if (v.heldAt < v.registrationClosesAt)
      ctx.addIssue({ code: "custom", path: ["heldAt"], message: "hearings.error.heldBeforeClose" });
  });
export type HearingDetailsInput = z.infer<typeof HearingDetails>;

/** Field keys of a refused parse, first message per field. */
function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[String(issue.path[0] ?? "_form")] ??= issue.message;
  return fields;
}

function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = fieldsOf(parsed.error);
  throw invalidInput(Object.values(fields)[0] ?? "error.invalidInput", fields);
}

/** The hearing for a drafter (or admin) of the legislature owning its bill; else 403/404. */
async function hearingForDrafter(
  db: Kysely<Database>,
  hearingId: string,
  userId: string,
  now: Date,
): Promise<HearingRow> {
  const hearing = await getHearing(db, hearingId, now);
  if (!hearing) throw notFound("hearings.notFound");
  await requireDrafter(db, userId, hearing.billId);
  return hearing;
}

async function requireDrafter(db: Kysely<Database>, userId: string, billId: string) {
  const standing = await billStandingOf(db, userId, billId);
  if (!standing) throw notFound("bill.notFound");
  if (!standing.drafter && !standing.admin) throw new ServiceError("forbidden", "error.forbidden");
}

const detailColumns = (v: HearingDetailsInput) => ({
  title: v.title,
  description: v.description,
  questions: v.questions,
  held_at: v.heldAt,
  place: v.place,
  speaker_seats: v.speakerSeats,
  reserve_seats: v.reserveSeats,
  selection_method: v.selectionMethod,
  registration_opens_at: v.registrationOpensAt,
  registration_closes_at: v.registrationClosesAt,
});

/** Creates a hearing (not yet public) on a consultation; returns its id. */
export async function createHearing(
  db: Kysely<Database>,
  input: { consultationId: string; values: unknown; userId: string; ip: string | null },
): Promise<string> {
  const consultation = await db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .select(["c.id", "v.bill_id"])
    .where("c.id", "=", input.consultationId)
    .executeTakeFirst();
  if (!consultation) throw notFound("consultation.notFound");
  await requireDrafter(db, input.userId, consultation.bill_id);
  const v = parseOrRefuse(HearingDetails, input.values);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("hearings")
      .values({
        consultation_id: consultation.id,
        ...detailColumns(v),
        created_by: input.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.create",
      subjectType: "hearing",
      subjectId: row.id,
      data: { billId: consultation.bill_id, consultationId: consultation.id, title: v.title },
      ip: input.ip,
    });
    return row.id;
  });
}

/** Changes a hearing's details; only before it is announced (the public relies on them after). */
export async function updateHearing(
  db: Kysely<Database>,
  input: { hearingId: string; values: unknown; userId: string; ip: string | null; now?: Date },
): Promise<void> {
  const hearing = await hearingForDrafter(
    db,
    input.hearingId,
    input.userId,
    input.now ?? new Date(),
  );
  if (hearing.announced_at) throw conflict("hearings.error.alreadyAnnounced");
  const v = parseOrRefuse(HearingDetails, input.values);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("hearings")
      .set({ ...detailColumns(v), updated_at: new Date() })
      .where("id", "=", hearing.id)
      .where("announced_at", "is", null)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.update",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: { billId: hearing.billId, title: v.title },
      ip: input.ip,
    });
  });
}

/**
 * Announces a hearing: it becomes public, and the draw's seed is fixed now, its SHA-256
 * published (the commitment), before registration closes. A hearing whose registration has
 * already closed cannot be announced: the seed would be chosen after the registrations.
 */
export async function announceHearing(
  db: Kysely<Database>,
  input: { hearingId: string; userId: string; ip: string | null; now?: Date },
): Promise<{ seedHash: string }> {
  const now = input.now ?? new Date();
  const hearing = await hearingForDrafter(db, input.hearingId, input.userId, now);
  if (hearing.announced_at) throw conflict("hearings.error.alreadyAnnounced");
  if (now >= new Date(hearing.registration_closes_at))
    throw conflict("hearings.error.windowPassed");
  const seed = randomBytes(32).toString("hex");
  const seedHash = seedCommitment(seed);
  return inTransaction(db, async (trx) => {
    const done = await trx
      .updateTable("hearings")
      .set({ seed, seed_hash: seedHash, announced_at: now, updated_at: now })
      .where("id", "=", hearing.id)
      .where("announced_at", "is", null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw conflict("hearings.error.alreadyAnnounced");
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.announce",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: { billId: hearing.billId, seedHash },
      ip: input.ip,
    });
    return { seedHash };
  });
}

const PHONE = /^[0-9+\-() ]{5,30}$/;

/** A registration as the public form (or any client) sends it. */
export const RegistrationBody = z
  .object({
    name: textLine().trim().min(1, "hearings.error.nameRequired").max(50, "error.tooLong50"),
    respondentType: z.enum(respondentTypes, "error.invalidInput").default("individual"),
    stance: z.enum(hearingStances, "hearings.error.stanceRequired"),
    points: textLines()
      .trim()
      .min(1, "hearings.error.pointsRequired")
      .max(2000, "hearings.error.tooLong2000"),
    phone: textLine()
      .trim()
      .max(30, "hearings.error.phoneInvalid")
      .refine((s) => s === "" || PHONE.test(s), "hearings.error.phoneInvalid")
      .optional(),
    email: textLine()
      .trim()
      .max(200, "hearings.error.emailInvalid")
      .refine((s) => s === "" || z.email().safeParse(s).success, "hearings.error.emailInvalid")
      .optional(),
  })
  .refine((v) => !!blankToNull(v.phone) || !!blankToNull(v.email), {
    path: ["phone"],
    message: "hearings.error.contactRequired",
  });
export type RegistrationInput = z.infer<typeof RegistrationBody>;

/** What a registrant is given: the hearing's public number of the registration. */
export interface RegistrationReceipt {
  number: number;
  stance: (typeof hearingStances)[number];
}

/**
 * Registers for a hearing while its registration is open. Idempotent by key: a repeat with the
 * same request gets the first registration's number again (before any other check); a different
 * request under a used key is refused (422). A signed-in person registers once per hearing.
 * The number is the hearing's next (the hearing row is locked, so two at once get two numbers).
 */
export async function registerForHearing(
  db: Kysely<Database>,
  input: {
    hearingId: string;
    key: string;
    hash: string;
    body: unknown;
    userId: string | null;
    locale?: "zh-CN" | "en";
    ip?: string | null;
    now?: Date;
  },
): Promise<RegistrationReceipt> {
  const now = input.now ?? new Date();
  const earlier = async (trx: Kysely<Database>) => {
    const kept = await trx
      .selectFrom("hearing_registrations")
      .select(["number", "stance", "request_hash"])
      .where("hearing_id", "=", input.hearingId)
      .where("idempotency_key", "=", input.key)
      .executeTakeFirst();
    if (!kept) return null;
    if (kept.request_hash !== input.hash)
      throw new ServiceError("idempotency_conflict", "api.idempotencyConflict");
    return { number: kept.number, stance: kept.stance };
  };
  const hearing = await getHearing(db, input.hearingId, now);
  if (!hearing || !hearing.announced_at) throw notFound("hearings.notFound");
  const repeat = await earlier(db);
  if (repeat) return repeat;
  if (hearing.status !== "open") throw conflict("hearings.error.notOpen");
  const v = parseOrRefuse(RegistrationBody, input.body);
  return inTransaction(db, async (trx) => {
    await trx
      .selectFrom("hearings")
      .select("id")
      .where("id", "=", hearing.id)
      .forUpdate()
      .execute();
    const again = await earlier(trx);
    if (again) return again;
    if (input.userId) {
      const mine = await trx
        .selectFrom("hearing_registrations")
        .select("number")
        .where("hearing_id", "=", hearing.id)
        .where("one_per_user_key", "=", input.userId)
        .executeTakeFirst();
      if (mine) throw conflict("hearings.error.alreadyRegistered");
    }
    const last = await trx
      .selectFrom("hearing_registrations")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("hearing_id", "=", hearing.id)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const row = await trx
      .insertInto("hearing_registrations")
      .values({
        hearing_id: hearing.id,
        number,
        name: v.name,
        respondent_type: v.respondentType,
        stance: v.stance,
        points: v.points,
        contact_phone: blankToNull(v.phone),
        contact_email: blankToNull(v.email),
        locale: input.locale ?? "zh-CN",
        user_id: input.userId,
        one_per_user_key: input.userId,
        idempotency_key: input.key,
        request_hash: input.hash,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.register",
      subjectType: "hearing",
      subjectId: hearing.id,
      // The number and stance only: contacts never enter the log.
      data: { billId: hearing.billId, registration: row.id, number, stance: v.stance },
      ip: input.ip ?? null,
    });
    return { number, stance: v.stance };
  });
}

/**
 * The draw: once registration has closed, reveals the seed and stores each registration's
 * outcome and position (services/hearing-draw.ts), then tells every registrant: in the app
 * (and by e-mail to the account) for the signed in, by e-mail via the mail outbox for the others
 * who gave an address. Drawing twice is refused: the outcome is fixed once published.
 */
export async function drawHearing(
  db: Kysely<Database>,
  input: { hearingId: string; userId: string; ip: string | null; render: RenderNotice; now?: Date },
): Promise<{ selected: number; reserves: number; mails: OutgoingMail[] }> {
  const now = input.now ?? new Date();
  const hearing = await hearingForDrafter(db, input.hearingId, input.userId, now);
  if (!hearing.announced_at) throw conflict("hearings.error.notAnnounced");
  if (hearing.drawn_at) throw conflict("hearings.error.alreadyDrawn");
  if (now < new Date(hearing.registration_closes_at))
    throw conflict("hearings.error.registrationStillOpen");
  return inTransaction(db, async (trx) => {
    const locked = await trx
      .selectFrom("hearings")
      .select(["drawn_at", "seed"])
      .where("id", "=", hearing.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.drawn_at) throw conflict("hearings.error.alreadyDrawn");
    const registrations = await trx
      .selectFrom("hearing_registrations")
      .select(["id", "number", "stance", "user_id", "contact_email", "locale"])
      .where("hearing_id", "=", hearing.id)
      .execute();
    const result = drawSpeakers({
      seed: locked.seed!,
      registrations: registrations.map((r) => ({ number: r.number, stance: r.stance })),
      seats: hearing.speaker_seats,
      reserves: hearing.reserve_seats,
    });
    const outcomeOf = new Map<number, { outcome: HearingOutcome; position: number | null }>();
    result.selected.forEach((e, i) =>
      outcomeOf.set(e.number, { outcome: "selected", position: i + 1 }),
    );
    result.reserves.forEach((e, i) =>
      outcomeOf.set(e.number, { outcome: "reserve", position: i + 1 }),
    );
    for (const r of registrations) {
      const o = outcomeOf.get(r.number) ?? { outcome: "not_selected" as const, position: null };
      await trx
        .updateTable("hearing_registrations")
        .set({ outcome: o.outcome, draw_position: o.position })
        .where("id", "=", r.id)
        .execute();
    }
    await trx
      .updateTable("hearings")
      .set({ drawn_at: now, updated_at: now })
      .where("id", "=", hearing.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.draw",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: {
        billId: hearing.billId,
        registrations: registrations.length,
        selected: result.selected.map((e) => e.number),
        reserves: result.reserves.map((e) => e.number),
      },
      ip: input.ip,
    });
    const link = `/hearings/${hearing.id}`;
    const factsOf = (number: number) => {
      const o = outcomeOf.get(number);
      return {
        hearing: hearing.title,
        number,
        position: o?.position ?? 0,
        heldAt: new Date(hearing.held_at).toISOString(),
        place: hearing.place,
        link,
      };
    };
    const kindOf = (number: number) =>
      `hearing_${outcomeOf.get(number)?.outcome ?? "not_selected"}` as
        "hearing_selected" | "hearing_reserve" | "hearing_not_selected";
    const notices: Notice[] = registrations
      .filter((r) => r.user_id)
      .map((r) => ({
        userId: r.user_id!,
        kind: kindOf(r.number),
        subjectType: "hearing" as const,
        subjectId: hearing.id,
        data: factsOf(r.number),
      }));
    const mails = await recordNotifications(trx, notices, input.render);
    // Registrants without an account hear by the e-mail they gave (if any), in their language.
    const direct: OutgoingMail[] = registrations
      .filter((r) => !r.user_id && r.contact_email)
      .map((r) => {
        const { title, body } = input.render(r.locale, kindOf(r.number), factsOf(r.number));
        return { to: r.contact_email!, subject: title, text: body };
      });
    await queueMails(trx, direct);
    return {
      selected: result.selected.length,
      reserves: result.reserves.length,
      mails: [...mails, ...direct],
    };
  });
}

/** The report's record text (听证记录摘要), saved while the report is unpublished. */
export async function saveReportRecord(
  db: Kysely<Database>,
  input: { hearingId: string; record: string; userId: string; ip: string | null },
): Promise<void> {
  const hearing = await hearingForDrafter(db, input.hearingId, input.userId, new Date());
  if (hearing.report_published_at) throw conflict("hearings.error.reportPublished");
  const record = parseOrRefuse(
    z.object({ record: textLines().trim().max(20000, "hearings.error.recordTooLong") }),
    { record: input.record },
  ).record;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("hearings")
      .set({ report_record: record, updated_at: new Date() })
      .where("id", "=", hearing.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.report_save",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: { billId: hearing.billId, length: record.length },
      ip: input.ip,
    });
  });
}

/** A point of the report as the editor sends it. */
export const ReportPointInput = z.object({
  registrationId: z.string().trim().max(64).default(""),
  speakerName: textLine().trim().max(50, "error.tooLong50").default(""),
  respondentType: z.enum(respondentTypes, "error.invalidInput").default("individual"),
  provisionPid: z.string().trim().max(64).default(""),
  point: textLines().trim().min(1, "hearings.error.pointRequired").max(5000, "error.tooLong5000"),
  response: textLines().trim().max(5000, "error.tooLong5000").default(""),
});

/**
 * Adds a point to the report. A point made by a registered speaker names the registration (the
 * speaker's name and respondent type come from it); otherwise the name is given (a speaker
 * invited by the committee, say). The article must be a provision of the consultation's version.
 */
export async function addReportPoint(
  db: Kysely<Database>,
  input: { hearingId: string; values: unknown; userId: string; ip: string | null },
): Promise<string> {
  const hearing = await hearingForDrafter(db, input.hearingId, input.userId, new Date());
  if (!hearing.drawn_at) throw conflict("hearings.error.notDrawn");
  if (hearing.report_published_at) throw conflict("hearings.error.reportPublished");
  const v = parseOrRefuse(ReportPointInput, input.values);
  let speakerName = v.speakerName;
  let respondentType = v.respondentType;
  let registrationId: string | null = null;
  if (v.registrationId) {
    const reg = await db
      .selectFrom("hearing_registrations")
      .select(["id", "name", "respondent_type"])
      .where("hearing_id", "=", hearing.id)
      .where("id", "=", v.registrationId)
      .executeTakeFirst();
    if (!reg)
      throw invalidInput("hearings.error.speakerUnknown", {
        registrationId: "hearings.error.speakerUnknown",
      });
    registrationId = reg.id;
    speakerName = reg.name;
    respondentType = reg.respondent_type;
  }
  if (!speakerName)
    throw invalidInput("hearings.error.speakerRequired", {
      speakerName: "hearings.error.speakerRequired",
    });
  if (v.provisionPid) {
    const provision = await db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", hearing.versionId)
      .where("pid", "=", v.provisionPid)
      .executeTakeFirst();
    if (!provision)
      throw invalidInput("hearings.error.provisionUnknown", {
        provisionPid: "hearings.error.provisionUnknown",
      });
  }
  return inTransaction(db, async (trx) => {
    const last = await trx
      .selectFrom("hearing_report_points")
      .select((eb) => eb.fn.max("position").as("n"))
      .where("hearing_id", "=", hearing.id)
      .executeTakeFirst();
    const row = await trx
      .insertInto("hearing_report_points")
      .values({
        hearing_id: hearing.id,
        position: Number(last?.n ?? 0) + 1,
        registration_id: registrationId,
        speaker_name: speakerName,
        respondent_type: respondentType,
        provision_pid: v.provisionPid || null,
        point: v.point,
        response: v.response,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.report_point_add",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: { billId: hearing.billId, point: row.id, provisionPid: v.provisionPid || null },
      ip: input.ip,
    });
    return row.id;
  });
}

/** Removes a point from the unpublished report. */
export async function deleteReportPoint(
  db: Kysely<Database>,
  input: { hearingId: string; pointId: string; userId: string; ip: string | null },
): Promise<void> {
  const hearing = await hearingForDrafter(db, input.hearingId, input.userId, new Date());
  if (hearing.report_published_at) throw conflict("hearings.error.reportPublished");
  await inTransaction(db, async (trx) => {
    const gone = await trx
      .deleteFrom("hearing_report_points")
      .where("hearing_id", "=", hearing.id)
      .where("id", "=", input.pointId)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw notFound("hearings.error.pointNotFound");
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.report_point_delete",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: { billId: hearing.billId, point: input.pointId },
      ip: input.ip,
    });
  });
}

/**
 * Publishes the hearing report (听证报告), once the hearing has been held. Each point becomes an
 * opinion on the hearing's consultation through the handling's own path for other channels
 * (services/handling.ts recordOtherChannelOpinion): channel 'hearing', provenance naming the
 * hearing, the speaker's respondent type; so it appears in the handling view and the adoption
 * report like any opinion from a hearing. All in one transaction: the report is public with
 * every one of its opinions or not at all.
 */
export async function publishReport(
  db: Kysely<Database>,
  input: { hearingId: string; userId: string; ip: string | null; timeZone: string; now?: Date },
): Promise<{ opinions: number }> {
  const now = input.now ?? new Date();
  const hearing = await hearingForDrafter(db, input.hearingId, input.userId, now);
  if (!hearing.drawn_at) throw conflict("hearings.error.notDrawn");
  if (hearing.report_published_at) throw conflict("hearings.error.reportPublished");
  if (now < new Date(hearing.held_at)) throw conflict("hearings.error.notHeld");
  const heldOn = today(input.timeZone, new Date(hearing.held_at));
  const provenance = `听证会：${hearing.title}（${heldOn}，${hearing.place}）`.slice(0, 500);
  return inTransaction(db, async (trx) => {
    const points = await trx
      .selectFrom("hearing_report_points")
      .selectAll()
      .where("hearing_id", "=", hearing.id)
      .orderBy("position")
      .execute();
    if (points.length === 0) throw conflict("hearings.error.noPoints");
    for (const p of points) {
      const values = OtherChannelOpinion.parse({
        channel: "hearing",
        provenance,
        receivedOn: heldOn,
        target: p.provision_pid ?? "",
        body: p.point,
        authorName: p.speaker_name,
        respondentType: p.respondent_type,
        headcount: 1,
      });
      const opinion = await recordOtherChannelOpinion(trx, {
        consultationId: hearing.consultation_id,
        values,
        recordedBy: input.userId,
        ip: input.ip,
        timeZone: input.timeZone,
        formKey: `hearing-point:${p.id}`,
        now,
      });
      await trx
        .updateTable("hearing_report_points")
        .set({ opinion_id: opinion.id })
        .where("id", "=", p.id)
        .execute();
    }
    await trx
      .updateTable("hearings")
      .set({ report_published_at: now, updated_at: now })
      .where("id", "=", hearing.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "hearing.publish_report",
      subjectType: "hearing",
      subjectId: hearing.id,
      data: { billId: hearing.billId, points: points.length },
      ip: input.ip,
    });
    return { opinions: points.length };
  });
}
