import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { dispositionCodes, drafterChannels, respondentTypes } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { consultationStatus } from "../db/queries/consultations.ts";
import { visibleToDrafters } from "../db/queries/handling.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { billOfConsultation, requireCapability } from "./bill-team.ts";
import { ServiceError, type ErrorCode } from "./errors.ts";
import { hashLookupCode, requestHash } from "./opinions.ts";
import {
  recordNotifications,
  type Notice,
  type OutgoingMail,
  type RenderNotice,
} from "./notifications.ts";

// The drafters' side of a consultation (处理情况): opinions that reached them another way, the
// form of a disposition (saved, reviewed and published by services/disposition-workflow.ts), and
// the publication of the handling (the report).
// Each operation checks everything first, then writes in one transaction with its audit rows and
// notifications; the notifications' e-mails are queued in the same transaction (the mail outbox,
// services/mail-delivery.ts), and the operations return them so the page can say who was told.

const codeOf: Record<number, ErrorCode> = {
  400: "invalid",
  404: "not_found",
  409: "conflict",
  422: "idempotency_conflict",
};

/** A refusal: `key` is the catalogue message, `field` the form field it is about, if any. */
function refuse(key: string, status: 400 | 404 | 409 | 422 = 400, field?: string): ServiceError {
  return new ServiceError(codeOf[status]!, key, field ? { [field]: key } : undefined);
}

const isDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The form of an opinion recorded from another channel; messages are catalogue keys. */
export const OtherChannelOpinion = z.object({
  channel: z.enum(drafterChannels, { message: "handling.record.channelRequired" }),
  provenance: z
    .string()
    .trim()
    .min(1, "handling.record.provenanceRequired")
    .max(500, "handling.record.tooLong500"),
  receivedOn: z.string().trim().refine(isDate, "handling.record.dateInvalid"),
  target: z.string().trim().max(64).default(""),
  body: z
    .string()
    .trim()
    .min(1, "handling.record.bodyRequired")
    .max(5000, "handling.record.tooLong5000"),
  proposedText: z.string().trim().max(5000, "handling.record.tooLong5000").default(""),
  authorName: z.string().trim().max(50, "handling.record.tooLong50").default(""),
  respondentType: z.enum(respondentTypes, { message: "handling.record.respondentRequired" }),
  headcount: z.coerce
    .number({ message: "handling.record.headcountInvalid" })
    .int("handling.record.headcountInvalid")
    .min(1, "handling.record.headcountInvalid")
    .max(100000, "handling.record.headcountInvalid"),
});

const RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const randomCode = (length: number) =>
  Array.from({ length }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join("");

/** Today's calendar date in the deployment's time zone. */
export function today(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
}

/**
 * Records an opinion received by letter, from a department, at an expert meeting or hearing,
 * with where it came from. It is published at once: drafters enter it from the official record,
 * so there is nothing to moderate, and the adoption report must count it beside the online ones
 * (a moderator can still hide it). Returns its receipt and lookup code, to pass on to the sender.
 */
export async function recordOtherChannelOpinion(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    values: z.infer<typeof OtherChannelOpinion>;
    /** The drafter who entered it; null when it came in by itself (an expert's private link). */
    recordedBy: string | null;
    ip: string | null;
    timeZone: string;
    /** The form's key: sending the same form twice records it once (the repeat gets no code). */
    formKey?: string;
    now?: Date;
  },
): Promise<{ id: string; receipt: string; lookupCode: string | null }> {
  const now = input.now ?? new Date();
  const v = input.values;
  const consultation = await db
    .selectFrom("consultations")
    .select(["id", "version_id", "opens_at", "closes_at"])
    .where("id", "=", input.consultationId)
    .executeTakeFirstOrThrow();
  if (
    consultationStatus(new Date(consultation.opens_at), new Date(consultation.closes_at), now) ===
    "upcoming"
  )
    throw refuse("handling.record.notOpen", 409);
  if (v.receivedOn > today(input.timeZone, now))
    throw refuse("handling.record.dateFuture", 400, "receivedOn");
  let scope: "article" | "chapter" | "draft" = "draft";
  if (v.target) {
    const provision = await db
      .selectFrom("provisions")
      .select("kind")
      .where("version_id", "=", consultation.version_id)
      .where("pid", "=", v.target)
      .executeTakeFirst();
    if (!provision) throw refuse("handling.record.targetUnknown", 400, "target");
    scope = provision.kind === "chapter" || provision.kind === "section" ? "chapter" : "article";
  }
  const lookupCode = randomCode(8);
  const receipt = `KM${now.toISOString().slice(0, 10).replace(/-/g, "")}${randomCode(6)}`;
  const key = input.formKey ? `record:${input.formKey}` : null;
  const hash = key ? requestHash(v) : null;
  const earlier = async () => {
    const found = await db
      .selectFrom("opinions")
      .select(["id", "receipt", "request_hash"])
      .where("consultation_id", "=", consultation.id)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    if (!found) return null;
    if (found.request_hash !== hash) throw refuse("handling.record.changedRepeat", 422);
    return { id: found.id, receipt: found.receipt, lookupCode: null };
  };
  if (key) {
    const repeat = await earlier();
    if (repeat) return repeat;
  }
  const stored = await inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("opinions")
      .values({
        consultation_id: consultation.id,
        version_id: consultation.version_id,
        provision_pid: v.target || null,
        scope,
        body: v.body,
        proposed_text: v.proposedText || null,
        channel: v.channel,
        headcount: v.headcount,
        author_name: v.authorName || null,
        respondent_type: v.respondentType,
        status: "published",
        receipt,
        lookup_code_hash: hashLookupCode(lookupCode),
        provenance: v.provenance,
        received_on: v.receivedOn,
        recorded_by: input.recordedBy,
        idempotency_key: key,
        request_hash: hash,
      })
      .onConflict((oc) =>
        oc
          .columns(["consultation_id", "idempotency_key"])
          .where("idempotency_key", "is not", null)
          .doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .insertInto("search_outbox")
      .values({ entity: "opinion", entity_id: row.id, op: "upsert" })
      .execute();
    await recordAudit(trx, {
      actorUserId: input.recordedBy,
      action: "opinion.record",
      subjectType: "opinion",
      subjectId: row.id,
      data: { channel: v.channel, provenance: v.provenance, receivedOn: v.receivedOn },
      ip: input.ip,
    });
    return { id: row.id, receipt, lookupCode };
  });
  // A concurrent repeat of the same form committed first.
  return stored ?? (await earlier()) ?? Promise.reject(refuse("error.generic", 409));
}

/**
 * A disposition's form: one code and reason for one opinion, every member of a cluster, or a bulk
 * selection (saved as working copies by services/disposition-workflow.ts saveDispositions).
 */
export const DispositionInput = z.object({
  opinionIds: z.array(z.string().uuid()).min(1).max(5000),
  code: z.enum(dispositionCodes),
  reason: z.string().trim().max(5000, "handling.record.tooLong5000"),
  /** "versionId:pid" of the provision of a later reading that changed because of it, or "". */
  changed: z.string().trim().max(200).default(""),
});

/** The publication form: a note shown on the adoption report. */
export const PublishInput = z.object({
  note: z.string().trim().max(20000, "handling.publish.noteTooLong").default(""),
});

/**
 * Publishes the consultation's handling (采纳情况反馈): only once it has closed, since opinions
 * still arriving could not be in it, and only by a reviewer of the bill (issue 15: nothing goes
 * public without sign-off). Publishing again updates the note and the date. The first
 * publication tells every author with an account and the coordinators of every contact point
 * whose submitted opinions are in the consultation that the report is out; the dispositions
 * themselves were announced when they were published (services/disposition-workflow.ts).
 */
export async function publishHandling(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    note: string;
    publishedBy: string;
    ip: string | null;
    render: RenderNotice;
    now?: Date;
  },
): Promise<{ first: boolean; mails: OutgoingMail[] }> {
  const now = input.now ?? new Date();
  const c = await db
    .selectFrom("consultations")
    .select(["id", "title", "opens_at", "closes_at", "report_published_at"])
    .where("id", "=", input.consultationId)
    .executeTakeFirstOrThrow();
  const { billId } = await billOfConsultation(db, c.id);
  await requireCapability(db, input.publishedBy, billId, "review");
  if (consultationStatus(new Date(c.opens_at), new Date(c.closes_at), now) !== "closed")
    throw refuse("handling.publish.notClosed", 409);
  const first = c.report_published_at === null;
  return inTransaction(db, async (trx) => {
    await trx
      .updateTable("consultations")
      .set({ report_published_at: now, report_note: input.note, updated_at: now })
      .where("id", "=", c.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.publishedBy,
      action: first ? "consultation.publish_handling" : "consultation.republish_handling",
      subjectType: "consultation",
      subjectId: c.id,
      data: { note: input.note.length > 0 },
      ip: input.ip,
    });
    if (!first) return { first, mails: [] };
    const link = `/consultations/${c.id}/report`;
    const authors = await trx
      .selectFrom("opinions as o")
      .select("o.author_user_id")
      .distinct()
      .where("o.consultation_id", "=", c.id)
      .where("o.author_user_id", "is not", null)
      .where("o.status", "<>", "hidden")
      .execute();
    const points = await trx
      .selectFrom("opinions as o")
      .innerJoin("contact_points as cp", "cp.id", "o.contact_point_id")
      .innerJoin("memberships as m", (join) =>
        join.onRef("m.contact_point_id", "=", "cp.id").on("m.role", "=", "coordinator"),
      )
      .select(["m.user_id", "cp.id as pointId", "cp.name as pointName"])
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("o.consultation_id", "=", c.id)
      .where(visibleToDrafters)
      .groupBy(["m.user_id", "cp.id", "cp.name"])
      .execute();
    const notices: Notice[] = [
      ...authors.map((a) => ({
        userId: a.author_user_id!,
        kind: "handling_published" as const,
        subjectType: "consultation" as const,
        subjectId: c.id,
        data: { consultation: c.title, link },
      })),
      ...points.map((p) => ({
        userId: p.user_id,
        kind: "point_handling_published" as const,
        subjectType: "consultation" as const,
        subjectId: c.id,
        data: {
          consultation: c.title,
          point: p.pointName,
          count: Number(p.n),
          link: "/coordinator",
        },
      })),
    ];
    const mails = await recordNotifications(trx, notices, input.render);
    return { first, mails };
  });
}
