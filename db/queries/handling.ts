import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Channel, OpinionStatus, RespondentType } from "../codes.ts";
import type { Database } from "../schema.ts";
import { countedSubmissionIds } from "./submissions.ts";

// What the drafters' handling view reads: a consultation's opinions of every channel with their
// disposition, the provisions they sit on, and the provisions of later readings a disposition
// may point to.

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

export interface HandlingFilters {
  channel?: Channel;
  contactPointId?: string;
  respondentType?: RespondentType;
  handled?: "yes" | "no";
  status?: OpinionStatus;
  limit?: number;
}

/** A consultation's opinions as the drafters see them, in text order, with their handling. */
export async function listHandlingOpinions(
  db: Kysely<Database>,
  consultationId: string,
  filters: HandlingFilters = {},
) {
  let q = db
    .selectFrom("opinions as o")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
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
      "d.code",
      "d.reason",
      "d.changed_version_id",
      "d.changed_pid",
      "d.decided_at",
    ])
    .where("o.consultation_id", "=", consultationId)
    .where(visibleToDrafters);
  if (filters.channel) q = q.where("o.channel", "=", filters.channel);
  if (filters.contactPointId) q = q.where("o.contact_point_id", "=", filters.contactPointId);
  if (filters.respondentType) q = q.where("o.respondent_type", "=", filters.respondentType);
  if (filters.status) q = q.where("o.status", "=", filters.status);
  if (filters.handled === "yes") q = q.where("d.code", "is not", null);
  if (filters.handled === "no") q = q.where("d.code", "is", null);
  return q
    .orderBy(sql`p.ordinal nulls first`)
    .orderBy("o.created_at", "asc")
    .orderBy("o.id")
    .limit(filters.limit ?? 2000)
    .execute();
}

export type HandlingOpinion = Awaited<ReturnType<typeof listHandlingOpinions>>[number];

/** How many of the opinions the drafters see in a consultation have no disposition yet. */
export async function countUnhandled(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom("opinions as o")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("o.consultation_id", "=", consultationId)
    .where("d.id", "is", null)
    .where(visibleToDrafters)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The contact points whose opinions the drafters see in a consultation, for the filter. */
export function listContactPointsInConsultation(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("opinions as o")
    .innerJoin("contact_points as cp", "cp.id", "o.contact_point_id")
    .select(["cp.id", "cp.name"])
    .where("o.consultation_id", "=", consultationId)
    .where(visibleToDrafters)
    .groupBy(["cp.id", "cp.name"])
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
