import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { OpinionStatus, ReportCategory } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError, conflict, notFound } from "./errors.ts";

// Moderation (issue 5 item 5): the sensitive-word list that sends matching opinions to the
// queue even under post-moderation, and the moderators' decisions on an opinion (approve, hide
// with a reason, restore, dismiss reports), each one transaction with its audit entry.

/** The app_settings key of the sensitive-word list (one word or phrase per line). */
export const SENSITIVE_WORDS_KEY = "moderation.sensitive_words";

/**
 * The list used while nobody has saved one: advertising and fraud patterns that have no place
 * in comments on a draft law. Saving the settings page (even empty) replaces it.
 */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = [
  "代开发票",
  "刷单返利",
  "网络博彩",
  "裸聊",
  "加微信领取",
  "贷款秒批",
  "casino",
];

export const WORD_LIMITS = { entries: 300, length: 50 } as const;

// Zero-width and soft-hyphen characters people insert to slip a word past a filter.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The form text and words are compared in: NFKC (full-width Ａ１！ → half-width A1!, compatibility
 * forms folded), lower case, invisible characters removed, runs of white space made one space.
 */
export function normalizeForMatch(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/**
 * The listed words found in the texts, in list order. A word with Chinese characters matches as
 * a substring, also across white space put between its characters (“代 开 发 票”); a Latin word
 * matches case-insensitively as a whole word (“casino” but not “occasional”).
 */
export function findSensitiveWords(
  words: readonly string[],
  ...texts: (string | null | undefined)[]
): string[] {
  const text = normalizeForMatch(texts.filter(Boolean).join("\n"));
  if (!text) return [];
  const squeezed = text.replace(/ /g, "");
  const found: string[] = [];
  for (const word of words) {
    const w = normalizedWord(word);
    if (!w) continue;
    const hit = CJK.test(w) ? squeezed.includes(w.replace(/ /g, "")) : wholeWord(text, w);
    if (hit && !found.includes(word)) found.push(word);
  }
  return found;
}

// The words' normal forms, kept: every submission is matched against the same list, and
// normalising it again per opinion showed in the intake profile (bench/opinions.ts).
const normalizedWords = new Map<string, string>();
function normalizedWord(word: string): string {
  let w = normalizedWords.get(word);
  if (w === undefined) {
    if (normalizedWords.size >= 4 * WORD_LIMITS.entries) normalizedWords.clear();
    normalizedWords.set(word, (w = normalizeForMatch(word)));
  }
  return w;
}

function wholeWord(text: string, word: string): boolean {
  const isWordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}_]/u.test(c) && !CJK.test(c);
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    const edgeOk = (c: string | undefined, edge: string) => !isWordChar(edge) || !isWordChar(c);
    if (edgeOk(before, word[0]!) && edgeOk(after, word[word.length - 1]!)) return true;
  }
  return false;
}

/**
 * Reads the text of the settings form: one entry per line; blank lines and repeats (after
 * normalisation) are dropped. Returns the words, or the message key of the first problem.
 */
export function parseWordList(
  text: string,
): { ok: true; words: string[] } | { ok: false; error: string; line?: number } {
  const words: string[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const word = lines[i]!.normalize("NFKC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
    if (!word) continue;
    if ([...word].length > WORD_LIMITS.length)
      return { ok: false, error: "moderation.words.tooLong", line: i + 1 };
    if ([...word].length < 2) return { ok: false, error: "moderation.words.tooShort", line: i + 1 };
    const key = normalizeForMatch(word);
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  if (words.length > WORD_LIMITS.entries) return { ok: false, error: "moderation.words.tooMany" };
  return { ok: true, words };
}

// A short-lived copy of the list per database handle: an opinion submission should not cost a
// settings read. Saving clears it here; another app instance sees a change within CACHE_MS.
const CACHE_MS = 10_000;
let cache = new WeakMap<object, { at: number; words: string[] }>();

/** The configured list (the defaults while none was saved). */
export async function getSensitiveWords(db: Kysely<Database>): Promise<string[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.words;
  const row = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", SENSITIVE_WORDS_KEY)
    .executeTakeFirst();
  const words = row
    ? row.value.split("\n").filter((w) => w.trim() !== "")
    : [...DEFAULT_SENSITIVE_WORDS];
  cache.set(db, { at: Date.now(), words });
  return words;
}

/** Whether the list was ever saved (else the defaults apply). */
export async function sensitiveWordsSaved(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("app_settings")
    .select("key")
    .where("key", "=", SENSITIVE_WORDS_KEY)
    .executeTakeFirst();
  return !!row;
}

/**
 * The hook of submitOpinion: the listed words found in an opinion's body or proposed wording
 * (null when none), which send it to the queue whatever the consultation's moderation mode.
 */
export async function heldWordsFor(
  db: Kysely<Database>,
  body: string,
  proposedText: string | null | undefined,
): Promise<string[] | null> {
  const found = findSensitiveWords(await getSensitiveWords(db), body, proposedText);
  return found.length ? found.slice(0, 50) : null;
}

/** Saves the list and audits what changed, in one transaction. */
export async function saveSensitiveWords(
  db: Kysely<Database>,
  input: { words: string[]; actorUserId: string; ip: string | null },
): Promise<{ added: string[]; removed: string[] }> {
  const before = await getSensitiveWords(db);
  const value = input.words.join("\n");
  const result = await inTransaction(db, async (trx) => {
    await trx
      .insertInto("app_settings")
      .values({ key: SENSITIVE_WORDS_KEY, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
    const added = input.words.filter((w) => !before.includes(w));
    const removed = before.filter((w) => !input.words.includes(w));
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: "moderation.words_update",
      subjectType: "app_setting",
      subjectId: SENSITIVE_WORDS_KEY,
      data: { added, removed, count: input.words.length },
      ip: input.ip,
    });
    return { added, removed };
  });
  cache = new WeakMap();
  return result;
}

export const moderationActions = ["approve", "hide", "restore", "dismiss"] as const;
export type ModerationAction = (typeof moderationActions)[number];

/** The states an action may start from. */
const allowedFrom: Record<ModerationAction, OpinionStatus[]> = {
  approve: ["pending"],
  hide: ["pending", "published"],
  restore: ["hidden"],
  dismiss: ["published", "pending", "hidden"],
};

/** What a moderator's decision did: the opinion's status after it, and the reports it closed. */
export interface ModerationResult {
  status: OpinionStatus;
  resolvedReports: number;
}

/**
 * One moderator decision on one opinion, in one transaction with its audit entry: approve
 * (pending → published), hide with a reason (pending or published → hidden), restore (hidden →
 * published), dismiss the open reports (status unchanged). Approving, hiding and restoring also
 * close the opinion's open reports: a moderator has looked at it. An action from a state it does
 * not apply to (another moderator acted first) changes nothing and is refused (stale, 409), as
 * is dismissing an opinion with no open reports (conflict) and a missing opinion (not_found).
 */
export async function moderateOpinion(
  db: Kysely<Database>,
  input: {
    opinionId: string;
    action: ModerationAction;
    reason?: string;
    actorUserId: string;
    ip: string | null;
    now?: Date;
  },
): Promise<ModerationResult> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const opinion = await trx
      .selectFrom("opinions")
      .select(["id", "status", "hidden_reason"])
      .where("id", "=", input.opinionId)
      .forUpdate()
      .executeTakeFirst();
    if (!opinion) throw notFound("moderation.report.notFound");
    if (!allowedFrom[input.action].includes(opinion.status))
      throw new ServiceError("stale", "moderation.error.stale");
    const to: OpinionStatus =
      input.action === "approve" || input.action === "restore"
        ? "published"
        : input.action === "hide"
          ? "hidden"
          : opinion.status;
    const resolved = await trx
      .updateTable("opinion_reports")
      .set({ resolved_at: now, resolved_by: input.actorUserId })
      .where("opinion_id", "=", opinion.id)
      .where("resolved_at", "is", null)
      .returning("id")
      .execute();
    if (input.action === "dismiss" && resolved.length === 0)
      throw conflict("moderation.error.noReports");
    if (to !== opinion.status) {
      await trx
        .updateTable("opinions")
        .set({ status: to, hidden_reason: to === "hidden" ? (input.reason ?? "").trim() : null })
        .where("id", "=", opinion.id)
        .execute();
      // The search index follows the opinion's visibility.
      await trx
        .insertInto("search_outbox")
        .values({ entity: "opinion", entity_id: opinion.id, op: "upsert" })
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: input.action === "dismiss" ? "opinion.reports_dismiss" : `opinion.${input.action}`,
      subjectType: "opinion",
      subjectId: opinion.id,
      data: {
        from: opinion.status,
        to,
        ...(input.action === "hide" ? { reason: (input.reason ?? "").trim() } : {}),
        ...(input.action === "restore" ? { previousReason: opinion.hidden_reason } : {}),
        resolvedReports: resolved.length,
      },
      ip: input.ip,
    });
    return { status: to, resolvedReports: resolved.length };
  });
}

/** Whether the reporter had already reported the opinion (then nothing new was stored). */
export interface ReportResult {
  already: boolean;
}

/**
 * Stores a user's report of a published opinion and audits it: once per signed-in user, once
 * per address for anonymous reporters while their report is open. The opinion stays visible
 * until a moderator acts. An opinion that is not published is refused (not_found).
 */
export async function reportOpinion(
  db: Kysely<Database>,
  input: {
    opinionId: string;
    category: ReportCategory;
    reason: string;
    userId: string | null;
    ip: string | null;
  },
): Promise<ReportResult> {
  return inTransaction(db, async (trx) => {
    const opinion = await trx
      .selectFrom("opinions")
      .select("id")
      .where("id", "=", input.opinionId)
      .where("status", "=", "published")
      .executeTakeFirst();
    if (!opinion) throw notFound("moderation.report.notFound");
    const row = await trx
      .insertInto("opinion_reports")
      .values({
        opinion_id: opinion.id,
        reporter_user_id: input.userId,
        reporter_ip: input.ip,
        category: input.category,
        reason: input.reason.trim() || input.category,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { already: true };
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "opinion.report",
      subjectType: "opinion",
      subjectId: opinion.id,
      data: { report: row.id, category: input.category },
      ip: input.ip,
    });
    return { already: false };
  });
}

/** The organizations whose consultations a user moderates (as moderator or admin). */
export function moderatedOrganizations(user: {
  memberships: { role: string; organizationId: string }[];
}): string[] {
  return [
    ...new Set(
      user.memberships
        .filter((m) => m.role === "moderator" || m.role === "admin")
        .map((m) => m.organizationId),
    ),
  ];
}

/** The organization owning an opinion's bill (for the permission check), or undefined. */
export async function opinionOrganization(db: Kysely<Database>, opinionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(opinionId)) return undefined;
  const row = await db
    .selectFrom("opinions as op")
    .innerJoin("versions as v", "v.id", "op.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select("b.organization_id")
    .where("op.id", "=", opinionId)
    .executeTakeFirst();
  return row?.organization_id;
}

/**
 * A contact point's opinions are pending while its report is a draft: they are the point's
 * unfinished work, published when it submits, never the moderators' to approve.
 */
// The queue joins several tables under aliases; only `op`'s columns are named here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const notADraftReport = (eb: ExpressionBuilder<any, any>) =>
  eb.or([eb("op.contact_point_id", "is", null), eb("op.status", "<>", "pending")]);

// What waits for a moderator, as arrays of ids: at Civil Code scale (120,000 opinions) a few
// thousand, found through the partial index opinions_pending and the open reports, then read
// by primary key, instead of a test of every opinion ("pending OR reported" cannot use an
// index; bench/scale.ts).
const openReports = sql`SELECT r.opinion_id FROM opinion_reports r WHERE r.resolved_at IS NULL`;
const waiting = sql`SELECT w.id FROM opinions w WHERE w.status = 'pending'
  UNION SELECT r.opinion_id FROM opinion_reports r WHERE r.resolved_at IS NULL`;

export const QUEUE_VIEWS = ["queue", "pending", "held", "reported", "published", "hidden"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const QUEUE_PAGE_SIZE = 20;

/**
 * The moderation queue of the given organizations: "queue" is everything waiting for a
 * moderator (pending, or published with open reports); "pending" the pre-moderated ones,
 * "held" those a sensitive word sent, "reported" those with open reports — oldest first, so
 * nothing waits forever; "published" every public opinion (to hide one nobody reported) and
 * "hidden" the hidden ones (to restore) — newest first. Paged.
 */
export async function listModerationQueue(
  db: Kysely<Database>,
  input: {
    organizationIds: string[];
    view: QueueView;
    consultationId?: string;
    page: number;
  },
) {
  if (input.organizationIds.length === 0) return { items: [], total: 0, page: 1 };
  let q = db
    .selectFrom("opinions as op")
    .innerJoin("consultations as c", "c.id", "op.consultation_id")
    .innerJoin("versions as v", "v.id", "op.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
    )
    .where("b.organization_id", "in", input.organizationIds)
    .where(notADraftReport);
  if (input.consultationId) q = q.where("op.consultation_id", "=", input.consultationId);
  const reported = sql<boolean>`op.id = ANY(ARRAY(${openReports}))`;
  switch (input.view) {
    case "queue":
      q = q.where(sql<boolean>`op.id = ANY(ARRAY(${waiting}))`);
      break;
    case "pending":
      q = q.where("op.status", "=", "pending").where("op.held_words", "is", null);
      break;
    case "held":
      q = q.where("op.status", "=", "pending").where("op.held_words", "is not", null);
      break;
    case "reported":
      q = q.where("op.status", "!=", "hidden").where(reported);
      break;
    case "published":
      q = q.where("op.status", "=", "published");
      break;
    case "hidden":
      q = q.where("op.status", "=", "hidden");
      break;
  }
  const newestFirst = input.view === "published" || input.view === "hidden";
  const totalRow = await q.select(sql<number>`count(*)`.as("n")).executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);
  const page = Math.max(1, Math.min(input.page, Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE))));
  const rows = await q
    .select([
      "op.id",
      "op.body",
      "op.proposed_text",
      "op.status",
      "op.hidden_reason",
      "op.held_words",
      "op.created_at",
      "op.channel",
      "op.author_name",
      "op.author_region",
      "c.id as consultationId",
      "c.title as consultationTitle",
      "c.moderation",
      "p.label as provisionLabel",
      sql<number>`(SELECT count(*) FROM opinion_reports r
        WHERE r.opinion_id = op.id AND r.resolved_at IS NULL)`.as("reportCount"),
    ])
    .orderBy("op.created_at", newestFirst ? "desc" : "asc")
    .orderBy("op.id", newestFirst ? "desc" : "asc")
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  const ids = rows.map((r) => r.id);
  const reports = ids.length
    ? await db
        .selectFrom("opinion_reports")
        .select(["opinion_id", "category", "reason"])
        .where("opinion_id", "in", ids)
        .where("resolved_at", "is", null)
        .orderBy("created_at")
        .execute()
    : [];
  return {
    total,
    page,
    items: rows.map((r) => {
      const mine = reports.filter((x) => x.opinion_id === r.id);
      const categories: Partial<Record<ReportCategory, number>> = {};
      for (const x of mine) categories[x.category] = (categories[x.category] ?? 0) + 1;
      return {
        ...r,
        reportCount: Number(r.reportCount ?? 0),
        reportCategories: categories,
        reportReasons: mine
          .map((x) => x.reason)
          .filter((reason, i) => reason !== mine[i]!.category)
          .slice(0, 5),
      };
    }),
  };
}

/** How many opinions wait in each view of the queue (the published and hidden views uncounted). */
export async function countQueueViews(
  db: Kysely<Database>,
  input: { organizationIds: string[]; consultationId?: string },
): Promise<Record<"queue" | "pending" | "held" | "reported", number>> {
  if (input.organizationIds.length === 0) return { queue: 0, pending: 0, held: 0, reported: 0 };
  const reported = sql<boolean>`op.id = ANY(ARRAY(${openReports}))`;
  let q = db
    .selectFrom("opinions as op")
    .innerJoin("versions as v", "v.id", "op.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .where("b.organization_id", "in", input.organizationIds)
    .where(notADraftReport)
    .where(sql<boolean>`op.id = ANY(ARRAY(${waiting}))`);
  if (input.consultationId) q = q.where("op.consultation_id", "=", input.consultationId);
  const row = await q
    .select([
      sql<number>`count(*)`.as("queue"),
      sql<number>`count(*) FILTER (WHERE op.status = 'pending' AND op.held_words IS NULL)`.as(
        "pending",
      ),
      sql<number>`count(*) FILTER (WHERE op.status = 'pending' AND op.held_words IS NOT NULL)`.as(
        "held",
      ),
      sql<number>`count(*) FILTER (WHERE op.status <> 'hidden' AND ${reported})`.as("reported"),
    ])
    .executeTakeFirst();
  return {
    queue: Number(row?.queue ?? 0),
    pending: Number(row?.pending ?? 0),
    held: Number(row?.held ?? 0),
    reported: Number(row?.reported ?? 0),
  };
}

/** The consultations of the given organizations that have opinions, for the queue's filter. */
export async function moderatedConsultations(db: Kysely<Database>, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select(["c.id", "c.title"])
    .where("b.organization_id", "in", organizationIds)
    .orderBy("c.opens_at", "desc")
    .execute();
}

/** One opinion with its reports and its moderation log (who, when, what, reason). */
export async function moderationRecord(db: Kysely<Database>, opinionId: string) {
  const opinion = await db
    .selectFrom("opinions as op")
    .innerJoin("consultations as c", "c.id", "op.consultation_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
    )
    .select([
      "op.id",
      "op.body",
      "op.proposed_text",
      "op.status",
      "op.hidden_reason",
      "op.held_words",
      "op.created_at",
      "op.receipt",
      "op.author_name",
      "op.author_region",
      "c.id as consultationId",
      "c.title as consultationTitle",
      "c.moderation",
      "p.label as provisionLabel",
    ])
    .where("op.id", "=", opinionId)
    .executeTakeFirst();
  if (!opinion) return undefined;
  const reports = await db
    .selectFrom("opinion_reports as r")
    .leftJoin("users as u", "u.id", "r.reporter_user_id")
    .select(["r.id", "r.category", "r.reason", "r.created_at", "r.resolved_at", "u.display_name"])
    .where("r.opinion_id", "=", opinionId)
    .orderBy("r.created_at", "desc")
    .limit(100)
    .execute();
  const log = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select(["a.id", "a.action", "a.data", "a.created_at", "u.display_name"])
    .where("a.subject_type", "=", "opinion")
    .where("a.subject_id", "=", opinionId)
    .where("a.action", "in", [
      "opinion.approve",
      "opinion.hide",
      "opinion.restore",
      "opinion.reports_dismiss",
      "opinion.report",
    ])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(200)
    .execute();
  return { opinion, reports, log };
}

/** Whether an opinion waits for a moderator (for the citizen's receipt). */
export async function opinionAwaitsReview(db: Kysely<Database>, opinionId: string) {
  const row = await db
    .selectFrom("opinions")
    .select("status")
    .where("id", "=", opinionId)
    .executeTakeFirst();
  return row?.status === "pending";
}

/** The latest changes of the word list, newest first (who, when, what was added and removed). */
export async function wordListHistory(db: Kysely<Database>, limit = 10) {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select(["a.id", "a.data", "a.created_at", "u.display_name"])
    .where("a.action", "=", "moderation.words_update")
    .where("a.subject_id", "=", SENSITIVE_WORDS_KEY)
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const d = (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as {
      added?: string[];
      removed?: string[];
    };
    return {
      id: r.id,
      who: r.display_name,
      when: r.created_at,
      added: d.added ?? [],
      removed: d.removed ?? [],
    };
  });
}
