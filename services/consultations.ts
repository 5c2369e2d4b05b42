import type { Kysely } from "kysely";
import { z } from "zod";
import { channels as channelCodes, moderationModes, type Channel } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { consultationStatus, insertConsultation } from "../db/queries/consultations.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError } from "./errors.ts";
import { textLine, textLines } from "./input.ts";

// Drafters' management of comment periods (issue 5, item 1): opening one on a published version,
// editing its settings, extending its deadline with a public notice. Times are entered as wall
// clock times of the deployment's zone (KAIMEN_TZ) and stored in UTC; the status always follows
// from the stored times (consultationStatus). Rules decided here:
// - one open or upcoming consultation per version (a closed one does not block a new round);
// - a deadline must lie in the future and after the start, and a period lasts at most a year;
// - once open, the start is fixed and the deadline can only be extended (with a notice), never
//   brought forward: people plan their comments by the announced deadline;
// - a closed consultation is not reopened: a new round is a new consultation;
// - every change is audited, and each operation is one transaction.

/**
 * A refused change: invalid input (400), no such consultation (404) or a state that does not
 * allow it (409); `fields` holds each refused field's message, the first is the form's message.
 */
function refuse(status: 400 | 404 | 409, fields: Record<string, string>): ServiceError {
  const code = status === 400 ? "invalid" : status === 404 ? "not_found" : "conflict";
  return new ServiceError(code, Object.values(fields)[0] ?? "consultations.error.invalid", fields);
}

const DAY = 86_400_000;
/** The longest comment period accepted. */
export const MAX_PERIOD_DAYS = 366;
/** Channels checked on a new consultation's form. */
export const defaultChannels: Channel[] = ["online", "letter"];

/** The offset (ms) of a zone from UTC at an instant. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a wall-clock time ("2026-12-01T09:00", as a datetime-local field sends it) in a
 * time zone, or null when it is not a valid time.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(asUtc);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo! - 1 ||
    check.getUTCDate() !== d ||
    h! > 23 ||
    mi! > 59 ||
    s! > 59
  )
    return null;
  let instant = asUtc - zoneOffset(asUtc, timeZone);
  instant = asUtc - zoneOffset(instant, timeZone);
  return new Date(instant);
}

/** The wall-clock time of an instant in a zone, as a datetime-local field shows it. */
export function utcToZonedLocal(value: Date | string, timeZone: string): string {
  const instant = new Date(value).getTime();
  const wall = new Date(instant + zoneOffset(instant, timeZone));
  return wall.toISOString().slice(0, 16);
}

/** A consultation's settings as the drafter gives them. */
export interface ConsultationSettings {
  title: string;
  description: string;
  opensAt?: Date;
  closesAt?: Date;
  channels: Channel[];
  moderation: "post" | "pre";
  allowAnonymous: boolean;
}

/** The settings form's fields; times are wall-clock times of `timeZone` (see zonedLocalToUtc). */
function settingsSchema(timeZone: string, withTimes: boolean) {
  const time = (message: string) =>
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!withTimes) return undefined;
        const instant = zonedLocalToUtc(v ?? "", timeZone);
        if (!instant) ctx.addIssue({ code: "custom", message });
        return instant ?? undefined;
      });
  return z.object({
    title: textLine()
      .optional()
      .transform((v) => (v ?? "").trim())
      .pipe(z.string().min(1, "consultations.error.titleRequired").max(200, "error.tooLong200")),
    description: textLines()
      .optional()
      .transform((v) => (v ?? "").trim())
      .pipe(z.string().max(5000, "error.tooLong5000")),
    // Every checked channel must be one of ours, each once.
    channels: z
      .array(z.string())
      .refine(
        (chosen) =>
          chosen.length > 0 &&
          chosen.length === new Set(chosen).size &&
          chosen.every((c) => (channelCodes as readonly string[]).includes(c)),
        "consultations.error.channels",
      )
      .transform((chosen) => channelCodes.filter((c) => chosen.includes(c))),
    moderation: z
      .string()
      .optional()
      .transform((v) => (v ?? "").trim())
      .pipe(z.enum(moderationModes, "consultations.error.moderation")),
    allowAnonymous: z
      .string()
      .optional()
      .transform((v) => v === "yes"),
    opensAt: time("consultations.error.opensAt"),
    closesAt: time("consultations.error.closesAt"),
  });
}

/**
 * Reads the settings form (times in `timeZone`); `withTimes` false when the form has no time
 * fields (an open or closed consultation). Refuses with each field's message (catalogue keys).
 */
export function parseSettingsForm(
  form: FormData,
  timeZone: string,
  withTimes: boolean,
): ConsultationSettings {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  const parsed = settingsSchema(timeZone, withTimes).safeParse({
    title: text("title"),
    description: text("description"),
    channels: form.getAll("channels").map(String),
    moderation: text("moderation"),
    allowAnonymous: text("allowAnonymous"),
    opensAt: text("opensAt"),
    closesAt: text("closesAt"),
  });
  const fields: Record<string, string> = {};
  for (const issue of parsed.error?.issues ?? [])
    fields[String(issue.path[0] ?? "_form")] ??= issue.message;
  // The start and the deadline are checked together, whatever else the form got wrong.
  if (withTimes && !fields.opensAt && !fields.closesAt) {
    const opensAt = zonedLocalToUtc(text("opensAt") ?? "", timeZone)!;
    const closesAt = zonedLocalToUtc(text("closesAt") ?? "", timeZone)!;
    if (closesAt <= opensAt) fields.closesAt = "consultations.error.endBeforeStart";
  }
  if (!parsed.success || Object.keys(fields).length) throw refuse(400, fields);
  return parsed.data;
}

/** The checks every period passes: a future deadline after the start, at most a year long. */
function checkPeriod(opensAt: Date, closesAt: Date, now: Date): Record<string, string> {
  if (closesAt <= opensAt) return { closesAt: "consultations.error.endBeforeStart" };
  if (closesAt <= now) return { closesAt: "consultations.error.endInPast" };
  if (closesAt.getTime() - opensAt.getTime() > MAX_PERIOD_DAYS * DAY)
    return { closesAt: "consultations.error.tooLong" };
  return {};
}

/** The consultations of a version that are open or still to come. */
async function liveOnVersion(db: Kysely<Database>, versionId: string, now: Date) {
  return db
    .selectFrom("consultations")
    .select("id")
    .where("version_id", "=", versionId)
    .where("closes_at", ">", now)
    .execute();
}

/** Opens a comment period on a published version of a bill; returns its id. */
export async function createConsultation(
  db: Kysely<Database>,
  input: {
    billId: string;
    versionId: string;
    settings: ConsultationSettings;
    actorId: string;
    ip?: string | null;
    now?: Date;
  },
): Promise<string> {
  const now = input.now ?? new Date();
  const s = input.settings;
  if (!s.opensAt || !s.closesAt) throw refuse(400, { closesAt: "consultations.error.closesAt" });
  const period = checkPeriod(s.opensAt, s.closesAt, now);
  if (Object.keys(period).length) throw refuse(400, period);
  return inTransaction(db, async (trx) => {
    // Locking the version serialises two drafters opening a period on it at the same moment.
    const version = await trx
      .selectFrom("versions")
      .select(["id", "bill_id"])
      .where("id", "=", input.versionId)
      .forUpdate()
      .executeTakeFirst();
    if (!version || version.bill_id !== input.billId)
      throw refuse(400, { versionId: "consultations.error.versionNotInBill" });
    if ((await liveOnVersion(trx, version.id, now)).length)
      throw refuse(409, { versionId: "consultations.error.overlap" });
    const id = await insertConsultation(trx, {
      versionId: version.id,
      title: s.title,
      description: s.description,
      opensAt: s.opensAt!,
      closesAt: s.closesAt!,
      channels: s.channels,
      moderation: s.moderation,
      allowAnonymous: s.allowAnonymous,
      createdBy: input.actorId,
    });
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "consultation.create",
      subjectType: "consultation",
      subjectId: id,
      data: {
        versionId: version.id,
        opensAt: s.opensAt!.toISOString(),
        closesAt: s.closesAt!.toISOString(),
        channels: s.channels,
        moderation: s.moderation,
        allowAnonymous: s.allowAnonymous,
      },
      ip: input.ip ?? null,
    });
    return id;
  });
}

async function lockConsultation(trx: Kysely<Database>, id: string) {
  const row = await trx
    .selectFrom("consultations")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw refuse(404, { _form: "consultation.notFound" });
  return row;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Changes a consultation's settings. Times change only while it is upcoming; an open one keeps
 * its start and has its deadline extended (extendDeadline); a closed one keeps its times.
 * Returns the names of the fields that changed (nothing changed: no write, no audit entry).
 */
export async function updateConsultation(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    settings: ConsultationSettings;
    actorId: string;
    ip?: string | null;
    now?: Date;
  },
): Promise<string[]> {
  const now = input.now ?? new Date();
  const s = input.settings;
  return inTransaction(db, async (trx) => {
    const row = await lockConsultation(trx, input.consultationId);
    const status = consultationStatus(new Date(row.opens_at), new Date(row.closes_at), now);
    const opensAt = s.opensAt ?? new Date(row.opens_at);
    const closesAt = s.closesAt ?? new Date(row.closes_at);
    const opensChanged = opensAt.getTime() !== new Date(row.opens_at).getTime();
    const closesChanged = closesAt.getTime() !== new Date(row.closes_at).getTime();
    if (status === "closed" && (opensChanged || closesChanged))
      throw refuse(409, { closesAt: "consultations.error.closed" });
    if (status === "open" && opensChanged)
      throw refuse(409, { opensAt: "consultations.error.opensAtLocked" });
    if (status === "open" && closesChanged)
      throw refuse(409, {
        closesAt:
          closesAt > new Date(row.closes_at)
            ? "consultations.error.useExtend"
            : "consultations.error.shorten",
      });
    if (opensChanged || closesChanged) {
      const period = checkPeriod(opensAt, closesAt, now);
      if (Object.keys(period).length) throw refuse(400, period);
    }
    const before: Record<string, unknown> = {
      title: row.title,
      description: row.description,
      opensAt: iso(row.opens_at),
      closesAt: iso(row.closes_at),
      channels: [...row.channels].sort(),
      moderation: row.moderation,
      allowAnonymous: row.allow_anonymous,
    };
    const after: Record<string, unknown> = {
      title: s.title,
      description: s.description,
      opensAt: opensAt.toISOString(),
      closesAt: closesAt.toISOString(),
      channels: [...s.channels].sort(),
      moderation: s.moderation,
      allowAnonymous: s.allowAnonymous,
    };
    const changes = Object.fromEntries(
      Object.keys(after)
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    const changed = Object.keys(changes);
    if (changed.length === 0) return [];
    await trx
      .updateTable("consultations")
      .set({
        title: s.title,
        description: s.description,
        opens_at: opensAt,
        closes_at: closesAt,
        channels: s.channels,
        moderation: s.moderation,
        allow_anonymous: s.allowAnonymous,
        updated_at: now,
      })
      .where("id", "=", row.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "consultation.update",
      subjectType: "consultation",
      subjectId: row.id,
      data: { changes },
      ip: input.ip ?? null,
    });
    return changed;
  });
}

/**
 * Extends an open consultation's deadline and announces it: a deadline_extended notice with the
 * previous and new deadline (and the drafters' explanation) shown on the public page.
 */
export async function extendDeadline(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    closesAt: Date;
    body?: string;
    actorId: string;
    ip?: string | null;
    now?: Date;
  },
): Promise<string> {
  const now = input.now ?? new Date();
  const body = (input.body ?? "").trim();
  if (body.length > 2000) throw refuse(400, { body: "consultations.error.noteLong" });
  return inTransaction(db, async (trx) => {
    const row = await lockConsultation(trx, input.consultationId);
    const previous = new Date(row.closes_at);
    const status = consultationStatus(new Date(row.opens_at), previous, now);
    if (status === "closed") throw refuse(409, { closesAt: "consultations.error.closed" });
    if (status === "upcoming") throw refuse(409, { closesAt: "consultations.error.notOpenYet" });
    if (input.closesAt <= previous) throw refuse(400, { closesAt: "consultations.error.notLater" });
    const period = checkPeriod(new Date(row.opens_at), input.closesAt, now);
    if (Object.keys(period).length) throw refuse(400, period);
    await trx
      .updateTable("consultations")
      .set({ closes_at: input.closesAt, updated_at: now })
      .where("id", "=", row.id)
      .execute();
    const notice = await trx
      .insertInto("consultation_notices")
      .values({
        consultation_id: row.id,
        kind: "deadline_extended",
        body,
        previous_closes_at: previous,
        new_closes_at: input.closesAt,
        created_by: input.actorId,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "consultation.extend",
      subjectType: "consultation",
      subjectId: row.id,
      data: {
        previousClosesAt: previous.toISOString(),
        closesAt: input.closesAt.toISOString(),
        noticeId: notice.id,
      },
      ip: input.ip ?? null,
    });
    return notice.id;
  });
}

/** A consultation's public notices, newest first. */
export function listNotices(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("consultation_notices")
    .select(["id", "kind", "body", "previous_closes_at", "new_closes_at", "created_at"])
    .where("consultation_id", "=", consultationId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

/** The consultations of one version (newest first), for the drafters' pages. */
export function listVersionConsultations(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom("consultations")
    .select(["id", "title", "opens_at", "closes_at"])
    .where("version_id", "=", versionId)
    .orderBy("opens_at", "desc")
    .execute();
}
