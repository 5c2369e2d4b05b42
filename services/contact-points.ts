import { createHash, randomBytes, randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { contactPointChannels, respondentTypes } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import {
  consultationForPoint,
  findActivity,
  listSubmissions,
  reportState,
} from "../db/queries/contact-points.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { conflict, invalidInput, notFound, ServiceError } from "./errors.ts";

// The work of a grassroots legislative contact point (基层立法联系点) in one consultation: its
// activities (座谈会、走访…), the opinions heard there, and its report (汇总报送), which goes
// draft → submitted → received. A submitted report is frozen (here, and by triggers in the
// database); a correction is a new report that copies the one it replaces. The opinions of a
// draft report wait as `pending` and become `published` (public, counted) when it is submitted;
// those of a replaced report are hidden when its correction is submitted. Each command refuses
// with a ServiceError (services/errors.ts); the reads are db/queries/contact-points.ts.

export { participantCodes, type ParticipantCode } from "./contact-point-codes.ts";
// The seed (cli/seed) still reads the consultation through here; the read is in db/queries.
export { consultationForPoint } from "../db/queries/contact-points.ts";
import { participantCodes } from "./contact-point-codes.ts";

/** The reason shown on the opinions of a report a correction replaced (set by migration 0010). */
export const REPLACED_REASON = "已被更正报送替代";

export const ActivityInput = z.object({
  kind: z.enum(contactPointChannels),
  heldOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "cp.error.date")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "cp.error.date"),
  place: z.string().trim().max(200, "cp.error.tooLong").default(""),
  headcount: z.coerce
    .number({ error: "cp.error.headcount" })
    .int("cp.error.headcount")
    .min(1, "cp.error.headcount")
    .max(100000, "cp.error.headcount"),
  participants: z.array(z.enum(participantCodes)).default([]),
  notes: z.string().trim().max(10000, "cp.error.tooLong").default(""),
  // Issue 18: what tells two activities of one day, kind and place apart.
  startTime: z
    .string()
    .trim()
    .regex(/^(?:([01][0-9]|2[0-3]):[0-5][0-9])?$/, "cp.error.time")
    .default("")
    .transform((s) => s || null),
  host: z.string().trim().max(100, "cp.error.tooLong").default(""),
  title: z.string().trim().max(100, "cp.error.tooLong").default(""),
});
type ActivityFields = z.infer<typeof ActivityInput>;
/** An activity's fields; time, host and title may be left out (activities recorded before). */
export type ActivityInput = Omit<ActivityFields, "startTime" | "host" | "title"> &
  Partial<Pick<ActivityFields, "startTime" | "host" | "title">>;

export const OpinionInput = z.object({
  target: z.string().min(1, "cp.error.target").max(64),
  body: z
    .string()
    .max(5000, "error.tooLong5000")
    .refine((s) => s.trim() !== "", "error.required"),
  proposedText: z.string().max(5000, "error.tooLong5000").default(""),
  headcount: z.coerce
    .number({ error: "cp.error.headcount" })
    .int("cp.error.headcount")
    .min(1, "cp.error.headcount")
    .max(100000, "cp.error.headcount"),
  respondentType: z.enum(respondentTypes).default("individual"),
});
export type OpinionInput = z.infer<typeof OpinionInput>;

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const code = (n: number) =>
  Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");

/** A fresh token for an activity's printable QR code. */
export const newLookupToken = () => randomBytes(12).toString("base64url");

async function lockDraft(
  trx: Kysely<Database>,
  contactPointId: string,
  consultationId: string,
  userId: string | null,
  create: boolean,
): Promise<string> {
  const existing = await trx
    .selectFrom("submissions")
    .select("id")
    .where("contact_point_id", "=", contactPointId)
    .where("consultation_id", "=", consultationId)
    .where("status", "=", "draft")
    .forUpdate()
    .executeTakeFirst();
  if (existing) return existing.id;
  if (!create) throw notFound();
  // After a report was submitted, new work starts the next batch (补充报送).
  const row = await trx
    .insertInto("submissions")
    .values({
      contact_point_id: contactPointId,
      consultation_id: consultationId,
      created_by: userId,
    })
    .onConflict((oc) =>
      oc.columns(["contact_point_id", "consultation_id"]).where("status", "=", "draft").doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? lockDraft(trx, contactPointId, consultationId, userId, false);
}

async function requireOpen(db: Kysely<Database>, consultationId: string, now: Date) {
  const c = await consultationForPoint(db, consultationId, now);
  if (!c) throw notFound("consultation.notFound");
  if (c.status !== "open")
    throw new ServiceError(
      "not_open",
      c.status === "closed" ? "api.consultationClosed" : "api.consultationUpcoming",
    );
  return c;
}

export interface Actor {
  contactPointId: string;
  /** The coordinator (null only for the demo seed of points without an account). */
  userId: string | null;
  ip?: string | null;
  now?: Date;
}

/** Records an activity in the point's draft report (made when there is none yet). */
export async function createActivity(
  db: Kysely<Database>,
  actor: Actor,
  consultationId: string,
  input: ActivityInput,
): Promise<string> {
  const now = actor.now ?? new Date();
  await requireOpen(db, consultationId, now);
  return inTransaction(db, async (trx) => {
    const submissionId = await lockDraft(
      trx,
      actor.contactPointId,
      consultationId,
      actor.userId,
      true,
    );
    const row = await trx
      .insertInto("contact_point_activities")
      .values({
        contact_point_id: actor.contactPointId,
        consultation_id: consultationId,
        submission_id: submissionId,
        kind: input.kind,
        held_on: input.heldOn,
        place: input.place,
        headcount: input.headcount,
        participants: input.participants,
        notes: input.notes,
        start_time: input.startTime ?? null,
        host: input.host ?? "",
        title: input.title ?? "",
        lookup_token: newLookupToken(),
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "activity.create",
      subjectType: "contact_point_activity",
      subjectId: row.id,
      data: { consultationId, kind: input.kind, headcount: input.headcount },
      ip: actor.ip,
    });
    return row.id;
  });
}

/** An activity of this point, or a 404 (another point's activity is not found either). */
export async function loadActivity(db: Kysely<Database>, contactPointId: string, id: string) {
  const row = await findActivity(db, contactPointId, id);
  if (!row) throw notFound();
  return row;
}

/** Locks an activity's draft report for a change, refusing when it is submitted. */
export async function editableActivity(trx: Kysely<Database>, actor: Actor, activityId: string) {
  const activity = await loadActivity(trx, actor.contactPointId, activityId);
  const submission = activity.submission_id
    ? await trx
        .selectFrom("submissions")
        .select(["id", "status"])
        .where("id", "=", activity.submission_id)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!submission || submission.status !== "draft")
    throw new ServiceError("frozen", "cp.error.frozen");
  return { ...activity, submission_id: submission.id };
}

export async function updateActivity(
  db: Kysely<Database>,
  actor: Actor,
  activityId: string,
  input: ActivityInput,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const activity = await editableActivity(trx, actor, activityId);
    await requireOpen(trx, activity.consultation_id, actor.now ?? new Date());
    const over = await trx
      .selectFrom("opinions")
      .select("id")
      .where("activity_id", "=", activityId)
      .where("headcount", ">", input.headcount)
      .executeTakeFirst();
    if (over) throw invalidInput("cp.error.headcountBelowOpinions");
    await trx
      .updateTable("contact_point_activities")
      .set({
        kind: input.kind,
        held_on: input.heldOn,
        place: input.place,
        headcount: input.headcount,
        participants: input.participants,
        notes: input.notes,
        start_time: input.startTime ?? null,
        host: input.host ?? "",
        title: input.title ?? "",
        updated_at: new Date(),
      })
      .where("id", "=", activityId)
      .execute();
    await trx
      .updateTable("opinions")
      .set({ channel: input.kind, received_on: input.heldOn })
      .where("activity_id", "=", activityId)
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "activity.update",
      subjectType: "contact_point_activity",
      subjectId: activityId,
      data: { kind: input.kind, headcount: input.headcount },
      ip: actor.ip,
    });
  });
}

/** Deletes an activity with its opinions; returns the storage keys of its attachments' files. */
export async function deleteActivity(
  db: Kysely<Database>,
  actor: Actor,
  activityId: string,
): Promise<string[]> {
  return inTransaction(db, async (trx) => {
    await editableActivity(trx, actor, activityId);
    await trx.deleteFrom("opinions").where("activity_id", "=", activityId).execute();
    // The attachments' rows go with the activity; the caller removes their files after the
    // commit (services/activity-attachments.ts), so it is given their keys.
    const attachments = await trx
      .deleteFrom("activity_attachments")
      .where("activity_id", "=", activityId)
      .returning("storage_key")
      .execute();
    await trx.deleteFrom("contact_point_activities").where("id", "=", activityId).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "activity.delete",
      subjectType: "contact_point_activity",
      subjectId: activityId,
      ip: actor.ip,
    });
    return attachments.map((a) => a.storage_key);
  });
}

/** What an opinion is about: an article, a chapter, or the whole draft. */
export interface Target {
  pid: string | null;
  scope: "article" | "chapter" | "draft";
}

/** Resolves a target field ("draft" or a provision pid of the consultation's reading). */
export async function resolveTarget(
  db: Kysely<Database>,
  versionId: string,
  target: string,
): Promise<Target> {
  if (target === "draft") return { pid: null, scope: "draft" };
  const p = await db
    .selectFrom("provisions")
    .select(["pid", "kind"])
    .where("version_id", "=", versionId)
    .where("pid", "=", target)
    .executeTakeFirst();
  if (!p || !["article", "chapter", "section"].includes(p.kind))
    throw invalidInput("cp.error.target");
  return { pid: p.pid, scope: p.kind === "article" ? "article" : "chapter" };
}

/** The columns of a new contact-point opinion (waiting, unpublished, in the draft report). */
export function opinionValues(input: {
  consultationId: string;
  versionId: string;
  activity: { id: string; kind: string; held_on: string; place: string };
  contactPointId: string;
  district: string;
  submissionId: string;
  userId: string | null;
  target: Target;
  body: string;
  proposedText: string;
  headcount: number;
  respondentType: (typeof respondentTypes)[number];
}) {
  const date = input.activity.held_on.replace(/-/g, "");
  return {
    consultation_id: input.consultationId,
    version_id: input.versionId,
    provision_pid: input.target.pid,
    scope: input.target.scope,
    body: input.body.trim(),
    proposed_text: input.proposedText.trim() || null,
    channel: input.activity.kind as (typeof contactPointChannels)[number],
    contact_point_id: input.contactPointId,
    submission_id: input.submissionId,
    activity_id: input.activity.id,
    headcount: input.headcount,
    author_region: input.district.slice(0, 50),
    respondent_type: input.respondentType,
    status: "pending" as const,
    receipt: `CP${date}${code(8)}`,
    lookup_code_hash: createHash("sha256").update(code(16)).digest("hex"),
    received_on: input.activity.held_on,
    recorded_by: input.userId,
    provenance: input.activity.place ? input.activity.place.slice(0, 500) : null,
  };
}

async function pointDistrict(db: Kysely<Database>, contactPointId: string) {
  const p = await db
    .selectFrom("contact_points")
    .select("district")
    .where("id", "=", contactPointId)
    .executeTakeFirstOrThrow();
  return p.district;
}

/** Adds an opinion heard at an activity of the draft report. */
export async function addOpinion(
  db: Kysely<Database>,
  actor: Actor,
  activityId: string,
  input: OpinionInput,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const activity = await editableActivity(trx, actor, activityId);
    const c = await requireOpen(trx, activity.consultation_id, actor.now ?? new Date());
    if (input.headcount > activity.headcount) throw invalidInput("cp.error.headcountOverActivity");
    const target = await resolveTarget(trx, c.version_id, input.target);
    const row = await trx
      .insertInto("opinions")
      .values(
        opinionValues({
          consultationId: c.id,
          versionId: c.version_id,
          activity,
          contactPointId: actor.contactPointId,
          district: await pointDistrict(trx, actor.contactPointId),
          submissionId: activity.submission_id,
          userId: actor.userId,
          target,
          body: input.body,
          proposedText: input.proposedText,
          headcount: input.headcount,
          respondentType: input.respondentType,
        }),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "opinion.record",
      subjectType: "opinion",
      subjectId: row.id,
      data: { activityId, headcount: input.headcount },
      ip: actor.ip,
    });
    return row.id;
  });
}

async function editableOpinion(trx: Kysely<Database>, actor: Actor, opinionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(opinionId)) throw notFound();
  const opinion = await trx
    .selectFrom("opinions")
    .select(["id", "activity_id", "consultation_id", "version_id", "provision_pid", "headcount"])
    .where("id", "=", opinionId)
    .where("contact_point_id", "=", actor.contactPointId)
    .executeTakeFirst();
  if (!opinion?.activity_id) throw notFound();
  const activity = await editableActivity(trx, actor, opinion.activity_id);
  return { opinion, activity };
}

export async function updateOpinion(
  db: Kysely<Database>,
  actor: Actor,
  opinionId: string,
  input: OpinionInput,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { activity, opinion } = await editableOpinion(trx, actor, opinionId);
    await requireOpen(trx, activity.consultation_id, actor.now ?? new Date());
    if (input.headcount > activity.headcount) throw invalidInput("cp.error.headcountOverActivity");
    const target = await resolveTarget(trx, opinion.version_id, input.target);
    await trx
      .updateTable("opinions")
      .set({
        provision_pid: target.pid,
        scope: target.scope,
        body: input.body.trim(),
        proposed_text: input.proposedText.trim() || null,
        headcount: input.headcount,
        respondent_type: input.respondentType,
      })
      .where("id", "=", opinionId)
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "opinion.edit",
      subjectType: "opinion",
      subjectId: opinionId,
      data: { headcount: input.headcount },
      ip: actor.ip,
    });
  });
}

export async function deleteOpinion(
  db: Kysely<Database>,
  actor: Actor,
  opinionId: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await editableOpinion(trx, actor, opinionId);
    await trx.deleteFrom("opinions").where("id", "=", opinionId).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "opinion.delete",
      subjectType: "opinion",
      subjectId: opinionId,
      ip: actor.ip,
    });
  });
}

/**
 * Merges duplicate opinions of the draft report into the first one named: the others are
 * removed and their headcounts added to it. All must be on the same article (or chapter, or the
 * whole draft).
 */
export async function mergeOpinions(
  db: Kysely<Database>,
  actor: Actor,
  consultationId: string,
  opinionIds: string[],
): Promise<string> {
  const ids = [...new Set(opinionIds)];
  if (ids.length < 2) throw invalidInput("cp.error.mergeTwo");
  return inTransaction(db, async (trx) => {
    const draftId = await lockDraft(trx, actor.contactPointId, consultationId, actor.userId, false);
    const rows = await trx
      .selectFrom("opinions")
      .select(["id", "provision_pid", "headcount", "submission_id"])
      .where("id", "in", ids)
      .where("contact_point_id", "=", actor.contactPointId)
      .where("submission_id", "=", draftId)
      .execute();
    if (rows.length !== ids.length) throw notFound();
    if (new Set(rows.map((r) => r.provision_pid ?? "")).size !== 1)
      throw invalidInput("cp.error.mergeSameTarget");
    const keep = ids[0]!;
    const total = rows.reduce((sum, r) => sum + r.headcount, 0);
    const others = ids.slice(1);
    await trx.deleteFrom("opinions").where("id", "in", others).execute();
    await trx.updateTable("opinions").set({ headcount: total }).where("id", "=", keep).execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "opinion.merge",
      subjectType: "opinion",
      subjectId: keep,
      data: { merged: others, headcount: total },
      ip: actor.ip,
    });
    return keep;
  });
}

/**
 * Submits the point's draft report: it is frozen from now on, its opinions become public and
 * count, and a correction's replaced report stops counting.
 */
export async function submitReport(
  db: Kysely<Database>,
  actor: Actor,
  consultationId: string,
  note = "",
): Promise<string> {
  const now = actor.now ?? new Date();
  await requireOpen(db, consultationId, now);
  return inTransaction(db, async (trx) => {
    const draftId = await lockDraft(trx, actor.contactPointId, consultationId, actor.userId, false);
    const count = await trx
      .selectFrom("opinions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("submission_id", "=", draftId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) === 0) throw invalidInput("cp.error.emptyReport");
    const draft = await trx
      .selectFrom("submissions")
      .select("replaces_id")
      .where("id", "=", draftId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("submissions")
      .set({ status: "submitted", submitted_at: now, note: note.trim().slice(0, 5000) })
      .where("id", "=", draftId)
      .execute();
    // The database publishes the report's opinions and hides those of the report it replaces
    // (migration 0010), whatever code submits a report.
    const ids = await trx
      .selectFrom("opinions")
      .select("id")
      .where((eb) =>
        eb.or([
          eb("submission_id", "=", draftId),
          ...(draft.replaces_id ? [eb("submission_id", "=", draft.replaces_id)] : []),
        ]),
      )
      .execute();
    if (ids.length)
      await trx
        .insertInto("search_outbox")
        .values(
          ids.map((r) => ({ entity: "opinion" as const, entity_id: r.id, op: "upsert" as const })),
        )
        .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "submission.submit",
      subjectType: "submission",
      subjectId: draftId,
      data: { consultationId, opinions: Number(count.n), replaces: draft.replaces_id },
      ip: actor.ip,
    });
    return draftId;
  });
}

/**
 * Starts a correction of a report that counts (the latest unless named): a new draft that names it (replaces_id) and
 * starts as a copy of its activities and opinions, to be edited and submitted again.
 */
export async function startCorrection(
  db: Kysely<Database>,
  actor: Actor,
  consultationId: string,
  submissionId?: string,
): Promise<string> {
  const now = actor.now ?? new Date();
  await requireOpen(db, consultationId, now);
  return inTransaction(db, async (trx) => {
    // Serialise with other changes of this point's reports in the consultation.
    await trx
      .selectFrom("submissions")
      .select("id")
      .where("contact_point_id", "=", actor.contactPointId)
      .where("consultation_id", "=", consultationId)
      .forUpdate()
      .execute();
    const { draft, counted, latest } = reportState(
      await listSubmissions(trx, actor.contactPointId, consultationId),
    );
    if (draft) throw conflict("cp.error.draftExists");
    const inForce = submissionId ? counted.find((s) => s.id === submissionId) : latest;
    if (!inForce) throw notFound();
    const created = await trx
      .insertInto("submissions")
      .values({
        contact_point_id: actor.contactPointId,
        consultation_id: consultationId,
        replaces_id: inForce.id,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const activities = await trx
      .selectFrom("contact_point_activities")
      .selectAll()
      .where("submission_id", "=", inForce.id)
      .orderBy("held_on")
      .orderBy("created_at")
      .execute();
    const copies = new Map<string, string>();
    for (const a of activities) {
      const copy = await trx
        .insertInto("contact_point_activities")
        .values({
          contact_point_id: a.contact_point_id,
          consultation_id: a.consultation_id,
          submission_id: created.id,
          copied_from_id: a.id,
          kind: a.kind,
          held_on: a.held_on,
          place: a.place,
          headcount: a.headcount,
          participants: a.participants,
          notes: a.notes,
          start_time: a.start_time,
          host: a.host,
          title: a.title,
          lookup_token: newLookupToken(),
          created_by: actor.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      copies.set(a.id, copy.id);
    }
    const opinions = await trx
      .selectFrom("opinions")
      .selectAll()
      .where("submission_id", "=", inForce.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    for (const o of opinions) {
      await trx
        .insertInto("opinions")
        .values({
          consultation_id: o.consultation_id,
          version_id: o.version_id,
          provision_pid: o.provision_pid,
          scope: o.scope,
          body: o.body,
          proposed_text: o.proposed_text,
          channel: o.channel,
          contact_point_id: o.contact_point_id,
          submission_id: created.id,
          activity_id: o.activity_id ? (copies.get(o.activity_id) ?? null) : null,
          headcount: o.headcount,
          author_region: o.author_region,
          respondent_type: o.respondent_type,
          status: "pending",
          receipt: `CP${String(o.received_on ?? "").replace(/-/g, "")}${code(8)}`,
          lookup_code_hash: o.lookup_code_hash,
          received_on: o.received_on,
          recorded_by: actor.userId,
          provenance: o.provenance,
        })
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "submission.correct",
      subjectType: "submission",
      subjectId: created.id,
      data: { consultationId, replaces: inForce.id },
      ip: actor.ip,
    });
    return created.id;
  });
}

/** A drafter marks a submitted report received. */
export async function markReceived(
  db: Kysely<Database>,
  input: { submissionId: string; consultationId: string; userId: string; ip?: string | null },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const s = /^[0-9a-f-]{36}$/i.test(input.submissionId)
      ? await trx
          .selectFrom("submissions")
          .select(["id", "status"])
          .where("id", "=", input.submissionId)
          .where("consultation_id", "=", input.consultationId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (!s || s.status === "draft") throw notFound();
    if (s.status === "received") return;
    await trx
      .updateTable("submissions")
      .set({ status: "received", received_at: new Date() })
      .where("id", "=", s.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "submission.receive",
      subjectType: "submission",
      subjectId: s.id,
      ip: input.ip,
    });
  });
}
