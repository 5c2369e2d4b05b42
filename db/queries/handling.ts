import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from "kysely";
import type {
  Channel,
  DispositionCode,
  OpinionStatus,
  RespondentType,
  WorkState,
} from "../codes.ts";
import type { Database } from "../schema.ts";
import { assignedTo, assigneesOf } from "./disposition-work.ts";
import { countedSubmissionIds } from "./submissions.ts";

// What the drafters' handling view reads: a consultation's opinions of every channel with the
// working copy of their disposition (disposition_work, issue 15: the drafters see what they are
// working on; the public record `dispositions` is what everyone else sees), its state and who is
// assigned the opinion, a page at a time within a scope (keyset paging on created_at, id), the counts per
// scope and per provision, the provisions they sit on, and the provisions of later readings a
// disposition may point to. Every query here is planned against migration 0013's indexes and
// stays fast with 120,000 opinions in one consultation.

type OpinionsEB = ExpressionBuilder<Database & { o: Database["opinions"] }, "o">;

/**
 * Whether the drafters see an opinion: every opinion they or the public filed, and a contact
 * point's opinions once the point has submitted them (汇总报送: submitted or received), unless a
 * later submitted correction replaces that submission. Drafts stay the point's own.
 */
export function visibleToDrafters(eb: OpinionsEB) {
  return eb.or([
    eb("o.contact_point_id", "is", null),
    eb("o.submission_id", "in", countedSubmissionIds()),
  ]);
}

/**
 * What narrows the drafters' list of a consultation's opinions. Every field is optional and they
 * combine.
 */
export interface HandlingScope {
  /** Opinions on these provisions: an article with its paragraphs, or a chapter's subtree. */
  provisionPids?: string[];
  /** Opinions on the whole draft (no provision). */
  wholeDraft?: boolean;
  /** The copies of this opinion's wording (a template campaign), itself included. */
  sameWordingAs?: string;
  channel?: Channel;
  contactPointId?: string;
  respondentType?: RespondentType;
  status?: OpinionStatus;
  /** "no": no disposition drafted yet; "yes": any; a code: that disposition (working copies). */
  handled?: "yes" | "no" | DispositionCode;
  /** Opinions assigned to this user (their own assignment, else their provision's). */
  assignee?: string;
  /** The state of the opinion's working copy ("none": nothing drafted yet). */
  workState?: "none" | WorkState;
  /** Lower-cased words each opinion must contain. */
  words?: string[];
}

/** A place in the list's order: the opinion's creation time in microseconds, and its id. */
export interface HandlingCursor {
  time: string;
  id: string;
}

/** The distinct two-character substrings of a word, as kaimen_bigrams (migration 0013) cuts them. */
export function wordBigrams(word: string): string[] {
  const chars = Array.from(word);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/** The condition of a scope, over opinions aliased "o" (every index it needs is in 0013). */
export function scopeCondition(
  eb: OpinionsEB,
  consultationId: string,
  scope: HandlingScope,
  options: { byIndex?: boolean } = {},
) {
  const all: Expression<SqlBool>[] = [eb("o.consultation_id", "=", consultationId)];
  all.push(visibleToDrafters(eb));
  const on: Expression<SqlBool>[] = [];
  if (scope.provisionPids)
    on.push(
      scope.provisionPids.length > 0
        ? eb("o.provision_pid", "in", scope.provisionPids)
        : sql<SqlBool>`false`,
    );
  if (scope.wholeDraft) on.push(eb("o.provision_pid", "is", null));
  if (on.length > 0) all.push(eb.or(on));
  if (scope.sameWordingAs)
    all.push(
      sql<SqlBool>`o.wording = (SELECT w.wording FROM opinions w WHERE w.id = ${scope.sameWordingAs})`,
    );
  if (scope.channel) all.push(eb("o.channel", "=", scope.channel));
  if (scope.contactPointId) all.push(eb("o.contact_point_id", "=", scope.contactPointId));
  if (scope.respondentType) all.push(eb("o.respondent_type", "=", scope.respondentType));
  if (scope.status) all.push(eb("o.status", "=", scope.status));
  // The working copy decides what is handled for the drafters; every public disposition has one
  // (migration 0018 gave the earlier ones theirs, in state published).
  const work = () =>
    eb
      .selectFrom("disposition_work as dw")
      .select("dw.opinion_id")
      .whereRef("dw.opinion_id", "=", "o.id");
  if (scope.handled === "no") all.push(eb.not(eb.exists(work())));
  else if (scope.handled === "yes") all.push(eb.exists(work()));
  else if (scope.handled) all.push(eb.exists(work().where("dw.code", "=", scope.handled)));
  if (scope.workState === "none") all.push(eb.not(eb.exists(work())));
  else if (scope.workState) all.push(eb.exists(work().where("dw.state", "=", scope.workState)));
  if (scope.assignee) all.push(assignedTo(consultationId, scope.assignee));
  const words = scope.words ?? [];
  const bigrams = [...new Set(words.flatMap(wordBigrams))];
  // The GIN index finds the opinions holding every bigram; strpos keeps those holding the words.
  // For words in thousands of opinions, walking the page's order and testing strpos finds a page
  // sooner than reading every match (the planner cannot tell, as array statistics are coarse).
  if (bigrams.length > 0 && options.byIndex !== false)
    all.push(sql<SqlBool>`kaimen_bigrams(lower(o.body)) @> ${bigrams}::text[]`);
  for (const w of words) all.push(sql<SqlBool>`strpos(lower(o.body), ${w}) > 0`);
  return eb.and(all);
}

const cursorTime = sql<string>`(extract(epoch from o.created_at) * 1000000)::bigint::text`;
const cursorValue = (c: HandlingCursor) =>
  sql`(timestamptz 'epoch' + ${c.time}::bigint * interval '1 microsecond', ${c.id}::text)`;

/**
 * One page of a scope's opinions in the order they arrived (created_at, id), after or before a
 * cursor, with their handling: the working copy (code, reason, changed provision, state, the
 * reviewer's comment of a returned one), the public disposition's code, and who is assigned the
 * opinion. Reads size + 1 rows to know whether more follow. `common`: the words searched for are
 * in many opinions (see scopeCondition).
 */
export async function listHandlingPage(
  db: Kysely<Database>,
  consultationId: string,
  scope: HandlingScope,
  page: { size: number; after?: HandlingCursor; before?: HandlingCursor; common?: boolean },
) {
  let q = db
    .selectFrom("opinions as o")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("disposition_work as w", "w.opinion_id", "o.id")
    .leftJoin("contact_points as cp", "cp.id", "o.contact_point_id")
    .select([
      "o.id",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.status",
      "o.author_name",
      "o.author_region",
      "o.author_user_id",
      "o.respondent_type",
      "o.headcount",
      "o.created_at",
      "o.provision_pid",
      "o.scope",
      "o.provenance",
      "o.received_on",
      "o.receipt",
      "o.contact_point_id",
      "cp.name as contactPointName",
      "p.label as provisionLabel",
      "p.ordinal",
      "w.code",
      "w.reason",
      "w.changed_version_id",
      "w.changed_pid",
      "w.drafted_at as decided_at",
      "w.state as workState",
      "w.review_comment as reviewComment",
      "o.disposition_code as publicCode",
      cursorTime.as("cursorTime"),
      "o.wording",
    ])
    .where((eb) => scopeCondition(eb, consultationId, scope, { byIndex: !page.common }));
  const backwards = !page.after && !!page.before;
  if (page.after) q = q.where(sql<SqlBool>`(o.created_at, o.id) > ${cursorValue(page.after)}`);
  if (page.before) q = q.where(sql<SqlBool>`(o.created_at, o.id) < ${cursorValue(page.before)}`);
  const rows = await q
    .orderBy("o.created_at", backwards ? "desc" : "asc")
    .orderBy("o.id", backwards ? "desc" : "asc")
    .limit(page.size + 1)
    .execute();
  const more = rows.length > page.size;
  const shown = rows.slice(0, page.size);
  if (backwards) shown.reverse();
  const assignees = await assigneesOf(
    db,
    consultationId,
    shown.map((r) => r.id),
  );
  return {
    rows: shown.map((r) => {
      const a = assignees.get(r.id);
      return {
        ...r,
        assigneeId: a?.userId ?? null,
        assigneeName: a?.name ?? null,
        dueOn: a?.dueOn ?? null,
      };
    }),
    more,
  };
}

export type HandlingOpinion = Awaited<ReturnType<typeof listHandlingPage>>["rows"][number];

/** How many opinions a scope holds and how many people they speak for. */
export async function countHandlingScope(
  db: Kysely<Database>,
  consultationId: string,
  scope: HandlingScope,
) {
  const row = await db
    .selectFrom("opinions as o")
    .select((eb) => [
      eb.fn.countAll<string>().as("n"),
      eb.fn.coalesce(eb.fn.sum<string>("o.headcount"), sql<string>`0`).as("people"),
    ])
    .where((eb) => scopeCondition(eb, consultationId, scope))
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), people: Number(row.people) };
}

/**
 * The drafters' opinions of a consultation counted per provision (null: the whole draft), with
 * how many of them have no disposition drafted yet and the people they speak for: one grouped
 * scan joined to the working copies, which also gives the total of a scope made of provisions
 * alone. Kept counts must be stamped with workStamp (db/queries/disposition-work.ts) too.
 */
export async function countOpinionsByProvision(db: Kysely<Database>, consultationId: string) {
  const rows = await db
    .selectFrom("opinions as o")
    .leftJoin("disposition_work as w", "w.opinion_id", "o.id")
    .select((eb) => [
      "o.provision_pid",
      eb.fn.countAll<string>().as("n"),
      sql<string>`count(*) FILTER (WHERE w.opinion_id IS NULL)`.as("open"),
      sql<string>`sum(o.headcount)`.as("people"),
    ])
    .where((eb) => scopeCondition(eb, consultationId, {}))
    .groupBy("o.provision_pid")
    .execute();
  return rows.map((r) => ({
    pid: r.provision_pid,
    count: Number(r.n),
    open: Number(r.open),
    people: Number(r.people),
  }));
}

/** How many of the consultation's opinions share each of these wordings (an index-only scan). */
export async function countSameWording(
  db: Kysely<Database>,
  consultationId: string,
  wordings: string[],
): Promise<Map<string, number>> {
  if (wordings.length === 0) return new Map();
  const rows = await db
    .selectFrom("opinions as o")
    .select(["o.wording", sql<string>`count(*)`.as("n")])
    .where((eb) => scopeCondition(eb, consultationId, {}))
    .where("o.wording", "in", [...new Set(wordings)])
    .groupBy("o.wording")
    .execute();
  return new Map(rows.map((r) => [r.wording, Number(r.n)]));
}

/** The version's provisions as a tree without their text (a chapter's or section's title kept). */
export function listProvisionOutline(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom("provisions as p")
    .select([
      "p.pid",
      "p.kind",
      "p.label",
      "p.parent_pid",
      "p.heading_path",
      sql<string | null>`CASE WHEN p.kind IN ('chapter', 'section') THEN p.text END`.as("title"),
    ])
    .where("p.version_id", "=", versionId)
    .orderBy("p.ordinal")
    .execute();
}

export type OutlineProvision = Awaited<ReturnType<typeof listProvisionOutline>>[number];

/** The opinion of a consultation the drafters see, by id, or undefined. */
export function findHandlingOpinion(db: Kysely<Database>, consultationId: string, id: string) {
  return db
    .selectFrom("opinions as o")
    .select(["o.id", "o.body"])
    .where((eb) => scopeCondition(eb, consultationId, {}))
    .where("o.id", "=", id)
    .executeTakeFirst();
}

/** The contact points whose reports reached the drafters in a consultation, for the filter. */
export function listContactPointsInConsultation(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("contact_points as cp")
    .select(["cp.id", "cp.name"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("submissions as s")
          .select("s.id")
          .whereRef("s.contact_point_id", "=", "cp.id")
          .where("s.consultation_id", "=", consultationId)
          .where("s.id", "in", countedSubmissionIds()),
      ),
    )
    .orderBy("cp.name")
    .execute();
}

/** The consultation's own facts the handling needs beyond its summary. */
export function getConsultationHandling(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .select([
      "c.id",
      "c.report_published_at",
      "c.report_note",
      "v.seq",
      "v.bill_id as billId",
      "v.label as versionLabel",
    ])
    .where("c.id", "=", consultationId)
    .executeTakeFirstOrThrow();
}

/** The articles of the bill's readings after the given one, which a disposition may point to. */
export function listLaterProvisions(db: Kysely<Database>, billId: string, afterSeq: number) {
  return db
    .selectFrom("provisions as p")
    .innerJoin("versions as v", "v.id", "p.version_id")
    .select(["v.id as versionId", "v.label as versionLabel", "v.seq", "p.pid", "p.label", "p.kind"])
    .where("v.bill_id", "=", billId)
    .where("v.seq", ">", afterSeq)
    .where("p.kind", "in", ["chapter", "section", "article"])
    .orderBy("v.seq")
    .orderBy("p.ordinal")
    .execute();
}

export type LaterProvision = Awaited<ReturnType<typeof listLaterProvisions>>[number];

/** Whether a provision belongs to a reading of the bill after the given one. */
export async function isLaterProvision(
  db: Kysely<Database>,
  billId: string,
  afterSeq: number,
  versionId: string,
  pid: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("provisions as p")
    .innerJoin("versions as v", "v.id", "p.version_id")
    .select("p.pid")
    .where("v.bill_id", "=", billId)
    .where("v.seq", ">", afterSeq)
    .where("p.version_id", "=", versionId)
    .where("p.pid", "=", pid)
    .executeTakeFirst();
  return !!row;
}

/**
 * The contact points' reports of a consultation that reached the drafters (not drafts), newest
 * first, with their opinion count, headcount and the correction that replaced them, if any.
 */
export async function listSubmittedReports(db: Kysely<Database>, consultationId: string) {
  const rows = await db
    .selectFrom("submissions as s")
    .innerJoin("contact_points as cp", "cp.id", "s.contact_point_id")
    .select((eb) => [
      "s.id",
      "s.status",
      "s.submitted_at",
      "s.received_at",
      "s.replaces_id",
      "s.note",
      "cp.name as pointName",
      "cp.district",
      eb
        .selectFrom("opinions as o")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("o.submission_id", "=", "s.id")
        .as("opinions"),
      eb
        .selectFrom("opinions as o")
        .select((e) => e.fn.sum<number>("o.headcount").as("n"))
        .whereRef("o.submission_id", "=", "s.id")
        .as("headcount"),
      eb
        .selectFrom("submissions as r")
        .select("r.id")
        .whereRef("r.replaces_id", "=", "s.id")
        .where("r.status", "<>", "draft")
        .limit(1)
        .as("replacedBy"),
    ])
    .where("s.consultation_id", "=", consultationId)
    .where("s.status", "<>", "draft")
    .orderBy("s.submitted_at", "desc")
    .orderBy("s.id")
    .execute();
  return rows.map((r) => ({
    ...r,
    opinions: Number(r.opinions ?? 0),
    headcount: Number(r.headcount ?? 0),
  }));
}
