import { sql, type Kysely } from "kysely";
import type { DispositionCode } from "../codes.ts";
import type { Database } from "../schema.ts";
import { consultationsWithBill, opinionsWithOutcome, supportCount } from "./fragments.ts";

// What the public sees of opinions on one provision: the consultation's own opinions and, on
// the same pid, those given on the bill's earlier readings (DESIGN.md decision 5). Published
// opinions show their text; hidden ones only that they were hidden and why; pending ones
// nothing. The text of a hidden opinion never leaves the database: the columns are nulled in SQL.

/** Where a list of public opinions belongs: a consultation, and a provision or the whole draft. */
export interface OpinionListTarget {
  consultationId: string;
  billId: string;
  /** The consultation's version's place among the bill's versions. */
  versionSeq: number;
  /** The provision's pid, or null for opinions on the whole draft. */
  pid: string | null;
}

const VISIBLE = ["published", "hidden"] as const;

/**
 * The two parts of a list, each an index range: this consultation's opinions on the provision
 * (or on the whole draft), and those on the same pid from the bill's earlier readings. Kept
 * apart rather than joined by OR, so each part reads opinions_handling_provision (or
 * opinions_by_pid) in order instead of sorting a hot article's ten thousand opinions
 * (bench/scale.ts).
 */
function currentPart(db: Kysely<Database>, target: OpinionListTarget) {
  const q = db
    .selectFrom("opinions as o")
    .where("o.consultation_id", "=", target.consultationId)
    .where("o.status", "in", VISIBLE);
  return target.pid === null
    ? q.where("o.provision_pid", "is", null)
    : q.where("o.provision_pid", "=", target.pid);
}

function earlierPart(db: Kysely<Database>, target: OpinionListTarget & { pid: string }) {
  return db
    .selectFrom("opinions as o")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .where("o.provision_pid", "=", target.pid)
    .where("o.status", "in", VISIBLE)
    .where("v.bill_id", "=", target.billId)
    .where("v.seq", "<", target.versionSeq)
    .where("o.consultation_id", "<>", target.consultationId);
}

/** How a list of public opinions is ordered: by date either way, or most supported (附议) first. */
export type OpinionOrder = "newest" | "oldest" | "supports";

/**
 * One page of the public opinions on a provision (or the whole draft): this consultation's
 * first, then earlier readings' (latest reading first), each part in `order` — newest first by
 * default, oldest first, or most supported first with the newest first among equals; with
 * supports, whether `userId` supports each, and the disposition of published ones. The page's
 * ids are found first (each part read no further than the page's end: in index order by date;
 * by 附议, each candidate's supports counted through supports' primary key), then only those
 * rows are read whole.
 */
export async function listPublicOpinions(
  db: Kysely<Database>,
  target: OpinionListTarget,
  page: { limit: number; offset: number; userId: string | null; order?: OpinionOrder },
) {
  const upTo = page.offset + page.limit;
  const order = page.order ?? "newest";
  const direction = order === "oldest" ? "asc" : "desc";
  const supports = sql<number>`(SELECT count(*) FROM supports s WHERE s.opinion_id = o.id)`;
  // The 附议 count is read (and sorted on) only for that order: by date, each part is read in
  // its index's order and stops at the page's end.
  const bySupports = order === "supports";
  const key = bySupports ? supports : sql<number>`0`;
  const current = currentPart(db, target)
    .select([
      "o.id",
      sql<number>`1`.as("part"),
      sql<number>`0`.as("seq"),
      key.as("n"),
      "o.created_at",
    ])
    .$if(bySupports, (q) => q.orderBy("n", "desc"))
    .orderBy("o.created_at", direction)
    .orderBy("o.id", direction)
    .limit(upTo);
  // Each part in a subquery of its own, so its ORDER BY and LIMIT stay its own in the union.
  const ownFirst = db.selectFrom(current.as("c")).selectAll("c");
  const parts =
    target.pid === null
      ? ownFirst
      : ownFirst.unionAll(
          db
            .selectFrom(
              earlierPart(db, { ...target, pid: target.pid })
                .select(["o.id", sql<number>`0`.as("part"), "v.seq", key.as("n"), "o.created_at"])
                .orderBy("v.seq", "desc")
                .$if(bySupports, (q) => q.orderBy("n", "desc"))
                .orderBy("o.created_at", direction)
                .orderBy("o.id", direction)
                .limit(upTo)
                .as("e"),
            )
            .selectAll("e"),
        );
  const published = sql<boolean>`o.status = 'published'`;
  return db
    .selectFrom(parts.as("k"))
    .innerJoin("opinions as o", "o.id", "k.id")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select((eb) => [
      "o.id",
      "o.status",
      "o.consultation_id as consultationId",
      "v.label as versionLabel",
      "o.scope",
      "o.channel",
      "o.author_region as region",
      "o.respondent_type as respondentType",
      "o.created_at as createdAt",
      sql<string | null>`CASE WHEN ${published} THEN o.body END`.as("body"),
      sql<string | null>`CASE WHEN ${published} THEN o.proposed_text END`.as("proposedText"),
      sql<string | null>`CASE WHEN ${published} THEN o.quote_text END`.as("quoteText"),
      sql<string | null>`CASE WHEN ${published}
        THEN coalesce(o.author_name, (SELECT u.display_name FROM users u WHERE u.id = o.author_user_id))
        END`.as("authorName"),
      sql<string | null>`CASE WHEN ${published} THEN NULL ELSE o.hidden_reason END`.as(
        "hiddenReason",
      ),
      sql<DispositionCode | null>`CASE WHEN ${published} THEN d.code END`.as("dispositionCode"),
      sql<string | null>`CASE WHEN ${published} THEN d.reason END`.as("dispositionReason"),
      supportCount(eb),
      page.userId
        ? eb
            .exists(
              eb
                .selectFrom("supports as s")
                .select("s.opinion_id")
                .whereRef("s.opinion_id", "=", "o.id")
                .where("s.user_id", "=", page.userId),
            )
            .as("supported")
        : sql<boolean>`false`.as("supported"),
      page.userId
        ? sql<boolean>`coalesce(o.author_user_id = ${page.userId}, false)`.as("mine")
        : sql<boolean>`false`.as("mine"),
    ])
    .orderBy("k.part", "desc")
    .orderBy("k.seq", "desc")
    .$if(bySupports, (q) => q.orderBy("k.n", "desc"))
    .orderBy("k.created_at", direction)
    .orderBy("k.id", direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many public opinions (published or hidden) a provision's list holds, and how many of them come from earlier readings. */
export async function countPublicOpinions(db: Kysely<Database>, target: OpinionListTarget) {
  const count = sql<number>`count(*)`.as("n");
  const [current, earlier] = await Promise.all([
    currentPart(db, target).select(count).executeTakeFirstOrThrow(),
    target.pid === null
      ? { n: 0 }
      : earlierPart(db, { ...target, pid: target.pid })
          .select(count)
          .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(current.n) + Number(earlier.n), earlier: Number(earlier.n) };
}

/**
 * Public opinions per pid on a consultation's page: this consultation's and earlier readings'
 * (published or hidden), for the "看意见" link of every article and chapter.
 */
export async function countPublicOpinionsByPid(
  db: Kysely<Database>,
  target: Omit<OpinionListTarget, "pid">,
): Promise<Record<string, { total: number; earlier: number; current: number }>> {
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .select([
      "o.provision_pid as pid",
      sql<number>`count(*)`.as("total"),
      sql<number>`count(*) FILTER (WHERE o.consultation_id <> ${target.consultationId})`.as(
        "earlier",
      ),
      // The published opinions of this consultation: the count beside its 提意见.
      sql<number>`count(*) FILTER (WHERE o.consultation_id = ${target.consultationId}
        AND o.status = 'published')`.as("current"),
    ])
    .where("o.status", "in", ["published", "hidden"])
    .where("o.provision_pid", "is not", null)
    .where((eb) =>
      eb.or([
        eb("o.consultation_id", "=", target.consultationId),
        eb.and([eb("v.bill_id", "=", target.billId), eb("v.seq", "<", target.versionSeq)]),
      ]),
    )
    .groupBy("o.provision_pid")
    .execute();
  return Object.fromEntries(
    rows.map((r) => [
      r.pid!,
      { total: Number(r.total), earlier: Number(r.earlier), current: Number(r.current) },
    ]),
  );
}

/** The opinion a support is for, with what decides whether it can be supported. */
export function findSupportable(db: Kysely<Database>, opinionId: string) {
  return db
    .selectFrom("opinions as o")
    .innerJoin("consultations as c", "c.id", "o.consultation_id")
    .select([
      "o.id",
      "o.status",
      "o.author_user_id as authorUserId",
      "o.consultation_id as consultationId",
      "c.opens_at as opensAt",
      "c.closes_at as closesAt",
    ])
    .where("o.id", "=", opinionId)
    .executeTakeFirst();
}

/** Adds a user's support of an opinion; false when it was already there. */
export async function insertSupport(
  db: Kysely<Database>,
  opinionId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .insertInto("supports")
    .values({ opinion_id: opinionId, user_id: userId })
    .onConflict((oc) => oc.columns(["opinion_id", "user_id"]).doNothing())
    .returning("opinion_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a user's support of an opinion; false when there was none. */
export async function deleteSupport(
  db: Kysely<Database>,
  opinionId: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("supports")
    .where("opinion_id", "=", opinionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many people support an opinion. */
export async function countSupports(db: Kysely<Database>, opinionId: string): Promise<number> {
  const row = await db
    .selectFrom("supports")
    .select(sql<number>`count(*)`.as("n"))
    .where("opinion_id", "=", opinionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One provision (by pid) at each of the given readings that has it: label, text and kind. */
export async function listProvisionAcrossVersions(
  db: Kysely<Database>,
  pid: string,
  versionIds: string[],
) {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom("provisions")
    .select(["version_id", "label", "text", "kind"])
    .where("pid", "=", pid)
    .where("version_id", "in", versionIds)
    .execute();
}

/** How many published opinions a provision drew at each reading, per disposition code. */
export async function countProvisionOpinionsByReading(db: Kysely<Database>, pid: string) {
  return opinionsWithOutcome(db)
    .select(["o.version_id", "d.code", sql<number>`count(*)`.as("n")])
    .where("o.provision_pid", "=", pid)
    .where("o.status", "=", "published")
    .groupBy(["o.version_id", "d.code"])
    .execute();
}

/**
 * The activity a printed lookup token names, following submitted corrections to the report in
 * force, with its contact point, bill and submission status (undefined for an unknown token).
 */
export async function findPublicActivity(db: Kysely<Database>, token: string) {
  const activities = consultationsWithBill(db)
    .innerJoin("contact_point_activities as a", "a.consultation_id", "c.id")
    .innerJoin("contact_points as cp", "cp.id", "a.contact_point_id")
    .leftJoin("submissions as s", "s.id", "a.submission_id")
    .select([
      "a.id",
      "a.kind",
      "a.held_on",
      "a.place",
      "a.headcount",
      "a.start_time",
      "a.host",
      "a.title",
      "a.submission_id",
      "s.status as submissionStatus",
      "cp.name as pointName",
      "c.id as consultationId",
      "b.title as billTitle",
    ]);
  let activity = await activities.where("a.lookup_token", "=", token).executeTakeFirst();
  if (!activity) return undefined;
  // Follow submitted corrections: the printed code keeps pointing at the report in force.
  for (let hops = 0; hops < 20; hops++) {
    const next = await activities
      .where("a.copied_from_id", "=", activity.id)
      .where("s.status", "in", ["submitted", "received"])
      .executeTakeFirst();
    if (!next) break;
    activity = next;
  }
  return activity;
}

/** The position (seq) of a reading among its bill's readings. */
export async function versionSeq(db: Kysely<Database>, versionId: string): Promise<number> {
  const row = await db
    .selectFrom("versions")
    .select("seq")
    .where("id", "=", versionId)
    .executeTakeFirstOrThrow();
  return row.seq;
}
