import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { consultationStatus } from "./consultations.ts";

// Reads of 立法项目建议征集 (migration 0023). Two kinds of reader, kept apart by what they select:
// the public (published proposals, never the proposer's name or contact, a triage only once
// the plan of its year is published) and the drafters of the legislature (everything).

/** A call with its status (upcoming, open, closed) derived from its times. */
function withStatus<T extends { opens_at: Date | string; closes_at: Date | string }>(
  row: T,
  now: Date,
) {
  return {
    ...row,
    status: consultationStatus(new Date(row.opens_at), new Date(row.closes_at), now),
  };
}

const callColumns = [
  "pc.id",
  "pc.organization_id",
  "pc.year",
  "pc.title",
  "pc.description",
  "pc.opens_at",
  "pc.closes_at",
  "o.name as organizationName",
] as const;

/** One call, or undefined (also for an id that is not a uuid). */
export async function getProposalCall(db: Kysely<Database>, id: string, now = new Date()) {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom("proposal_calls as pc")
    .innerJoin("organizations as o", "o.id", "pc.organization_id")
    .select(callColumns)
    .where("pc.id", "=", id)
    .executeTakeFirst();
  return row ? withStatus(row, now) : undefined;
}

/** Every call, newest first (organization ids limit it to those legislatures). */
export async function listProposalCalls(
  db: Kysely<Database>,
  input: { organizationIds?: string[]; now?: Date; limit?: number } = {},
) {
  let q = db
    .selectFrom("proposal_calls as pc")
    .innerJoin("organizations as o", "o.id", "pc.organization_id")
    .select(callColumns)
    .select((eb) =>
      eb
        .selectFrom("proposals as p")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("p.call_id", "=", "pc.id")
        .where("p.status", "=", "published")
        .as("published"),
    )
    .orderBy("pc.opens_at", "desc")
    .orderBy("pc.id")
    .limit(input.limit ?? 100);
  if (input.organizationIds) {
    if (input.organizationIds.length === 0) return [];
    q = q.where("pc.organization_id", "in", input.organizationIds);
  }
  const now = input.now ?? new Date();
  return (await q.execute()).map((r) => ({
    ...withStatus(r, now),
    published: Number(r.published),
  }));
}

/**
 * A proposal's public fate, as the public may read it: the triage joined only when the plan of
 * its call's year is published, with the project and its bill.
 */
function publicProposals(db: Kysely<Database>) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
    .leftJoin("contact_points as cp", "cp.id", "p.contact_point_id")
    .leftJoin("legislative_plans as lp", (join) =>
      join
        .onRef("lp.organization_id", "=", "pc.organization_id")
        .onRef("lp.year", "=", "pc.year")
        .on("lp.published_at", "is not", null),
    )
    .leftJoin("proposal_triages as tr", (join) =>
      join.onRef("tr.proposal_id", "=", "p.id").on("lp.id", "is not", null),
    )
    .leftJoin("plan_projects as pj", "pj.id", "tr.project_id")
    .leftJoin("bills as b", "b.id", "pj.bill_id")
    .select((eb) => [
      "p.id",
      "p.call_id as callId",
      "pc.title as callTitle",
      "pc.year",
      "p.title",
      "p.reasons",
      "p.problem",
      "p.related_rules as relatedRules",
      "p.respondent_type as respondentType",
      "p.contact_point_id as contactPointId",
      "cp.name as contactPointName",
      "p.created_at",
      "tr.decision",
      "tr.reason as decisionReason",
      "pj.id as projectId",
      "pj.title as projectTitle",
      "pj.category as projectCategory",
      "b.id as billId",
      "b.title as billTitle",
      eb
        .selectFrom("versions as bv")
        .select("bv.id")
        .whereRef("bv.bill_id", "=", "b.id")
        .orderBy("bv.seq", "desc")
        .limit(1)
        .as("billVersionId"),
      eb
        .selectFrom("proposal_supports as s")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("s.proposal_id", "=", "p.id")
        .as("supports"),
    ]);
}

export type PublicProposal = Awaited<ReturnType<typeof listPublishedProposals>>[number];

/**
 * Published proposals, newest first, a page after the cursor (created_at, id) when given; of
 * one call when named.
 */
export async function listPublishedProposals(
  db: Kysely<Database>,
  input: { callId?: string; after?: { createdAt: Date; id: string }; limit: number },
) {
  let q = publicProposals(db).where("p.status", "=", "published");
  if (input.callId) q = q.where("p.call_id", "=", input.callId);
  if (input.after) {
    const { createdAt, id } = input.after;
    q = q.where((eb) =>
      eb.or([
        eb("p.created_at", "<", createdAt),
        eb.and([eb("p.created_at", "=", createdAt), eb("p.id", ">", id)]),
      ]),
    );
  }
  const rows = await q.orderBy("p.created_at", "desc").orderBy("p.id").limit(input.limit).execute();
  return rows.map((r) => ({ ...r, supports: Number(r.supports ?? 0) }));
}

/** One published proposal as the public reads it, or undefined. */
export async function getPublicProposal(db: Kysely<Database>, id: string) {
  if (!isUuid(id)) return undefined;
  const row = await publicProposals(db)
    .where("p.id", "=", id)
    .where("p.status", "=", "published")
    .executeTakeFirst();
  return row ? { ...row, supports: Number(row.supports ?? 0) } : undefined;
}

/** The proposals a person made while signed in, newest first, with their public fate. */
export async function listProposalsByAuthor(db: Kysely<Database>, userId: string, limit = 100) {
  const rows = await publicProposals(db)
    .select("p.status")
    .where("p.author_user_id", "=", userId)
    .orderBy("p.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, supports: Number(r.supports ?? 0) }));
}

/** A proposal found by its receipt, with its public fate and the hash its code must match. */
export async function findProposalByReceipt(db: Kysely<Database>, receipt: string) {
  const row = await publicProposals(db)
    .select(["p.status", "p.receipt", "p.lookup_code_hash"])
    .where("p.receipt", "=", receipt.trim().toUpperCase())
    .executeTakeFirst();
  return row ? { ...row, supports: Number(row.supports ?? 0) } : undefined;
}

/** Every proposal of a call for its drafters: private fields and the internal triage. */
export async function listCallProposalsForDrafters(db: Kysely<Database>, callId: string) {
  return db
    .selectFrom("proposals as p")
    .leftJoin("contact_points as cp", "cp.id", "p.contact_point_id")
    .leftJoin("users as u", "u.id", "p.author_user_id")
    .leftJoin("proposal_triages as tr", "tr.proposal_id", "p.id")
    .select((eb) => [
      "p.id",
      "p.title",
      "p.reasons",
      "p.problem",
      "p.related_rules as relatedRules",
      "p.respondent_type as respondentType",
      "p.author_name as authorName",
      "p.author_contact as authorContact",
      "u.display_name as userName",
      "cp.name as contactPointName",
      "p.provenance",
      "p.status",
      "p.receipt",
      "p.created_at",
      "tr.decision",
      "tr.reason as decisionReason",
      "tr.project_id as projectId",
      eb
        .selectFrom("proposal_supports as s")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("s.proposal_id", "=", "p.id")
        .as("supports"),
    ])
    .where("p.call_id", "=", callId)
    .orderBy("p.created_at")
    .orderBy("p.id")
    .limit(2000)
    .execute();
}

/** The plan of a legislature's year (published or not), or undefined. */
export function findPlan(db: Kysely<Database>, organizationId: string, year: number) {
  return db
    .selectFrom("legislative_plans")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("year", "=", year)
    .executeTakeFirst();
}

/** A plan's projects with their bills and the published proposals they came from. */
export async function listPlanProjects(db: Kysely<Database>, planId: string) {
  const projects = await db
    .selectFrom("plan_projects as pj")
    .leftJoin("bills as b", "b.id", "pj.bill_id")
    .select((eb) => [
      "pj.id",
      "pj.title",
      "pj.category",
      "pj.sponsor",
      "pj.bill_id as billId",
      "b.title as billTitle",
      eb
        .selectFrom("versions as bv")
        .select("bv.id")
        .whereRef("bv.bill_id", "=", "b.id")
        .orderBy("bv.seq", "desc")
        .limit(1)
        .as("billVersionId"),
    ])
    .where("pj.plan_id", "=", planId)
    .orderBy("pj.created_at")
    .orderBy("pj.id")
    .execute();
  if (projects.length === 0) return [];
  const sources = await db
    .selectFrom("proposal_triages as tr")
    .innerJoin("proposals as p", "p.id", "tr.proposal_id")
    .select(["tr.project_id", "p.id", "p.title"])
    .where(
      "tr.project_id",
      "in",
      projects.map((p) => p.id),
    )
    .where("p.status", "=", "published")
    .orderBy("p.created_at")
    .execute();
  return projects.map((pj) => ({
    ...pj,
    proposals: sources
      .filter((s) => s.project_id === pj.id)
      .map((s) => ({ id: s.id, title: s.title })),
  }));
}

/** The published plans of a year (one per legislature that published one). */
export function listPublishedPlansOfYear(db: Kysely<Database>, year: number) {
  return db
    .selectFrom("legislative_plans as lp")
    .innerJoin("organizations as o", "o.id", "lp.organization_id")
    .select([
      "lp.id",
      "lp.organization_id",
      "lp.year",
      "lp.title",
      "lp.note",
      "lp.published_at",
      "o.name as organizationName",
    ])
    .where("lp.year", "=", year)
    .where("lp.published_at", "is not", null)
    .orderBy("o.name")
    .execute();
}

/** Published plans, newest year first, a page after the cursor (year, id) when given. */
export function listPublishedPlans(
  db: Kysely<Database>,
  input: { after?: { year: number; id: string }; limit: number },
) {
  let q = db
    .selectFrom("legislative_plans as lp")
    .select(["lp.id", "lp.organization_id", "lp.year", "lp.title", "lp.note", "lp.published_at"])
    .where("lp.published_at", "is not", null);
  if (input.after) {
    const { year, id } = input.after;
    q = q.where((eb) =>
      eb.or([eb("lp.year", "<", year), eb.and([eb("lp.year", "=", year), eb("lp.id", ">", id)])]),
    );
  }
  return q.orderBy("lp.year", "desc").orderBy("lp.id").limit(input.limit).execute();
}

/** Whether the user supports the proposal. */
export async function hasSupportedProposal(
  db: Kysely<Database>,
  proposalId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("proposal_supports")
    .select("user_id")
    .where("proposal_id", "=", proposalId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return !!row;
}

/** Proposals waiting for or under moderation in the given legislatures, oldest first. */
export async function listProposalQueue(
  db: Kysely<Database>,
  input: { organizationIds: string[]; status: "pending" | "published" | "hidden"; limit?: number },
) {
  if (input.organizationIds.length === 0) return [];
  return db
    .selectFrom("proposals as p")
    .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
    .select([
      "p.id",
      "p.title",
      "p.reasons",
      "p.problem",
      "p.status",
      "p.held_words",
      "p.hidden_reason",
      "p.created_at",
      "pc.title as callTitle",
    ])
    .where("pc.organization_id", "in", input.organizationIds)
    .where("p.status", "=", input.status)
    .orderBy("p.created_at", input.status === "pending" ? "asc" : "desc")
    .limit(input.limit ?? 100)
    .execute();
}

/** The organization owning a proposal's call, or undefined. */
export async function proposalOrganization(db: Kysely<Database>, proposalId: string) {
  if (!isUuid(proposalId)) return undefined;
  const row = await db
    .selectFrom("proposals as p")
    .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
    .select("pc.organization_id")
    .where("p.id", "=", proposalId)
    .executeTakeFirst();
  return row?.organization_id;
}

/** The bills of a legislature a project may link to, newest first. */
export function listLinkableBills(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("bills")
    .select(["id", "title"])
    .where("organization_id", "=", organizationId)
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
}

/** How many visible proposals of a call's year are not triaged yet (for the publish button). */
export async function countUntriaged(db: Kysely<Database>, organizationId: string, year: number) {
  const row = await db
    .selectFrom("proposals as p")
    .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
    .leftJoin("proposal_triages as tr", "tr.proposal_id", "p.id")
    .select(sql<number>`count(*)`.as("n"))
    .where("pc.organization_id", "=", organizationId)
    .where("pc.year", "=", year)
    .where("p.status", "<>", "hidden")
    .where("tr.proposal_id", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
