import { type Kysely, sql } from "kysely";
import type { BillRole, DispositionCode, WorkState } from "../codes.ts";
import type { Database } from "../schema.ts";
import { countedSubmissionIds } from "./submissions.ts";

// What the handling process (issue 15) reads: a bill's team, the working copies of dispositions
// (disposition_work), who is assigned which opinions, the handlers' and reviewers' queues, the
// reason templates, and what a reviewer is about to publish. The public record stays
// `dispositions`; nothing here is shown to the public.

/** A drafter's, handler's or reviewer's standing on one bill, with what it allows. */
export interface BillStanding {
  /** A drafter of the organization that owns the bill (membership role drafter). */
  drafter: boolean;
  /** An administrator of that organization. */
  admin: boolean;
  /** The bill's team roles the user holds. */
  billRoles: BillRole[];
}

/** The bill team roles a user holds on a bill (none: []). */
export async function billRolesOf(
  db: Kysely<Database>,
  userId: string,
  billId: string,
): Promise<BillRole[]> {
  const rows = await db
    .selectFrom("bill_team")
    .select("role")
    .where("user_id", "=", userId)
    .where("bill_id", "=", billId)
    .orderBy("role")
    .execute();
  return rows.map((r) => r.role);
}

/** The user's organization roles and team roles on a bill, in one round trip. */
export async function billStandingOf(
  db: Kysely<Database>,
  userId: string,
  billId: string,
): Promise<BillStanding | undefined> {
  const row = await db
    .selectFrom("bills as b")
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom("memberships as m")
            .select("m.id")
            .where("m.user_id", "=", userId)
            .whereRef("m.organization_id", "=", "b.organization_id")
            .where("m.role", "=", "drafter"),
        )
        .as("drafter"),
      eb
        .exists(
          eb
            .selectFrom("memberships as m")
            .select("m.id")
            .where("m.user_id", "=", userId)
            .whereRef("m.organization_id", "=", "b.organization_id")
            .where("m.role", "=", "admin"),
        )
        .as("admin"),
    ])
    .where("b.id", "=", billId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    drafter: !!row.drafter,
    admin: !!row.admin,
    billRoles: await billRolesOf(db, userId, billId),
  };
}

/** Whether the user holds any bill team role (for the sign-in landing). */
export async function holdsBillRole(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("bill_team")
    .select("bill_id")
    .where("user_id", "=", userId)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** A bill's team: each member's roles, with their names, by name. */
export async function listBillTeam(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("bill_team as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .leftJoin("users as g", "g.id", "t.granted_by")
    .select([
      "t.user_id as userId",
      "u.display_name as name",
      "u.email",
      "t.role",
      "t.created_at as grantedAt",
      "g.display_name as grantedBy",
    ])
    .where("t.bill_id", "=", billId)
    .orderBy("u.display_name")
    .orderBy("t.role")
    .execute();
}

export type BillTeamMember = Awaited<ReturnType<typeof listBillTeam>>[number];

/** The enabled users of the bill's organization (any membership), who may join its team. */
export async function listTeamCandidates(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("users as u")
    .select(["u.id", "u.display_name as name", "u.email"])
    .where("u.disabled_at", "is", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("memberships as m")
          .innerJoin("bills as b", "b.organization_id", "m.organization_id")
          .select("m.id")
          .whereRef("m.user_id", "=", "u.id")
          .where("b.id", "=", billId),
      ),
    )
    .orderBy("u.display_name")
    .limit(1000)
    .execute();
}

/** The users who may be assigned work on a bill: its handlers and reviewers. */
export async function listAssignableHandlers(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("bill_team as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["u.id", "u.display_name as name"])
    .distinct()
    .where("t.bill_id", "=", billId)
    .where("u.disabled_at", "is", null)
    .orderBy("u.display_name")
    .execute();
}

/** The working copies of these opinions' dispositions, by opinion id. */
export async function listWork(db: Kysely<Database>, opinionIds: string[]) {
  if (opinionIds.length === 0) return new Map<string, WorkRow>();
  const rows = await db
    .selectFrom("disposition_work")
    .selectAll()
    .where("opinion_id", "in", opinionIds)
    .execute();
  return new Map(rows.map((r) => [r.opinion_id, r]));
}

export type WorkRow = {
  opinion_id: string;
  consultation_id: string;
  code: DispositionCode;
  reason: string;
  changed_version_id: string | null;
  changed_pid: string | null;
  state: WorkState;
  review_comment: string;
  drafted_by: string | null;
  drafted_at: Date;
  submitted_by: string | null;
  submitted_at: Date | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  published_by: string | null;
  published_at: Date | null;
  updated_at: Date;
};

/**
 * The latest write to a consultation's working copies: stamps the handling view's kept counts,
 * which the search outbox (the other stamp) does not see move (one index read).
 */
export async function workStamp(db: Kysely<Database>, consultationId: string): Promise<string> {
  const row = await db
    .selectFrom("disposition_work")
    .select((eb) => eb.fn.max("updated_at").as("at"))
    .where("consultation_id", "=", consultationId)
    .executeTakeFirst();
  const at = row?.at as Date | string | null | undefined;
  return at ? new Date(at).toISOString() : "none";
}

/** A consultation's assignments with the handler's and assigner's names and the target's label. */
export async function listAssignments(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("handling_assignments as a")
    .innerJoin("consultations as c", "c.id", "a.consultation_id")
    .innerJoin("users as h", "h.id", "a.handler_user_id")
    .leftJoin("users as by", "by.id", "a.assigned_by")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "c.version_id").onRef("p.pid", "=", "a.provision_pid"),
    )
    .leftJoin("opinions as o", "o.id", "a.opinion_id")
    .select([
      "a.id",
      "a.kind",
      "a.provision_pid as provisionPid",
      "p.kind as provisionKind",
      "p.label as provisionLabel",
      "a.opinion_id as opinionId",
      "o.receipt as opinionReceipt",
      "o.provision_pid as opinionProvisionPid",
      "a.handler_user_id as handlerId",
      "h.display_name as handlerName",
      "a.due_on as dueOn",
      "a.assigned_at as assignedAt",
      "by.display_name as assignedBy",
    ])
    .where("a.consultation_id", "=", consultationId)
    .orderBy("p.ordinal")
    .orderBy("a.assigned_at")
    .execute();
}

export type Assignment = Awaited<ReturnType<typeof listAssignments>>[number];

/**
 * Who handles each of these opinions: an assignment of the opinion itself, else the deepest
 * provision assignment covering its provision (kaimen_provision_assignees, migration 0018).
 */
export async function assigneesOf(
  db: Kysely<Database>,
  consultationId: string,
  opinionIds: string[],
): Promise<Map<string, { userId: string; name: string; dueOn: string | null }>> {
  if (opinionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("opinions as o")
    .leftJoin("handling_assignments as oa", (join) =>
      join.onRef("oa.opinion_id", "=", "o.id").on("oa.consultation_id", "=", consultationId),
    )
    .leftJoin(
      sql<{
        pid: string;
        handler_user_id: string;
        due_on: string | null;
      }>`kaimen_provision_assignees(${consultationId})`.as("pa"),
      (join) => join.onRef("pa.pid", "=", "o.provision_pid"),
    )
    .innerJoin("users as u", (join) =>
      join.on(sql<boolean>`u.id = coalesce(oa.handler_user_id, pa.handler_user_id)`),
    )
    .select([
      "o.id",
      "u.id as userId",
      "u.display_name as name",
      sql<string | null>`CASE WHEN oa.id IS NOT NULL THEN oa.due_on ELSE pa.due_on END`.as("dueOn"),
    ])
    .where("o.consultation_id", "=", consultationId)
    .where("o.id", "in", opinionIds)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { userId: r.userId, name: r.name, dueOn: dateText(r.dueOn) }]),
  );
}

/** A date column as YYYY-MM-DD, whatever the driver returned. */
function dateText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** The condition "the opinion (aliased o) is assigned to this user", for the handling scope. */
export function assignedTo(consultationId: string, userId: string) {
  return sql<boolean>`(
    EXISTS (SELECT 1 FROM handling_assignments ha
      WHERE ha.consultation_id = ${consultationId} AND ha.opinion_id = o.id
        AND ha.handler_user_id = ${userId})
    OR (NOT EXISTS (SELECT 1 FROM handling_assignments ha
          WHERE ha.consultation_id = ${consultationId} AND ha.opinion_id = o.id)
        AND o.provision_pid IN (SELECT pa.pid FROM kaimen_provision_assignees(${consultationId}) pa
          WHERE pa.handler_user_id = ${userId})))`;
}

/** The counts of a queue entry, by work state ("none": nothing drafted yet). */
export type StateCounts = Record<"none" | WorkState, number>;

const emptyCounts = (): StateCounts => ({
  none: 0,
  draft: 0,
  submitted: 0,
  approved: 0,
  returned: 0,
  published: 0,
});

export interface HandlerQueueEntry {
  consultationId: string;
  consultationTitle: string;
  billId: string;
  billTitle: string;
  closesAt: Date;
  counts: StateCounts;
  /** Opinions assigned in all. */
  total: number;
  /** The nearest due date of the opinions still to do (none, draft, returned), if any. */
  nearestDue: string | null;
  /** Whether some opinion still to do is past its due date. */
  overdue: boolean;
}

/**
 * 待我处理: per consultation with work assigned to the user, the assigned opinions counted by
 * state, the nearest due date of what is still to do, and whether some of it is overdue
 * (`today`: the calendar date in the deployment's time zone).
 */
export async function listHandlerQueue(
  db: Kysely<Database>,
  userId: string,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<HandlerQueueEntry[]> {
  const consultations = await db
    .selectFrom("handling_assignments as a")
    .innerJoin("consultations as c", "c.id", "a.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select(["c.id", "c.title", "c.closes_at", "b.id as billId", "b.title as billTitle"])
    .distinct()
    .where("a.handler_user_id", "=", userId)
    .execute();
  const out: HandlerQueueEntry[] = [];
  for (const c of consultations) {
    const rows = await db
      .selectFrom("opinions as o")
      .leftJoin("handling_assignments as oa", (join) =>
        join.onRef("oa.opinion_id", "=", "o.id").on("oa.consultation_id", "=", c.id),
      )
      .leftJoin(
        sql<{
          pid: string;
          handler_user_id: string;
          due_on: string | null;
        }>`kaimen_provision_assignees(${c.id})`.as("pa"),
        (join) => join.onRef("pa.pid", "=", "o.provision_pid"),
      )
      .leftJoin("disposition_work as w", "w.opinion_id", "o.id")
      .select([
        sql<string>`coalesce(w.state, 'none')`.as("state"),
        sql<string>`count(*)`.as("n"),
        sql<unknown>`min(CASE WHEN oa.id IS NOT NULL THEN oa.due_on ELSE pa.due_on END)`.as("due"),
      ])
      .where("o.consultation_id", "=", c.id)
      // The drafters' visibility rule (db/queries/handling.ts visibleToDrafters, which imports
      // this module): a contact point's opinions count once its report is submitted.
      .where((eb) =>
        eb.or([
          eb("o.contact_point_id", "is", null),
          eb("o.submission_id", "in", countedSubmissionIds()),
        ]),
      )
      .where("o.status", "<>", "hidden")
      .where(sql<boolean>`coalesce(oa.handler_user_id, pa.handler_user_id) = ${userId}`)
      .groupBy(sql`coalesce(w.state, 'none')`)
      .execute();
    const counts = emptyCounts();
    let nearestDue: string | null = null;
    for (const r of rows) {
      const state = r.state as keyof StateCounts;
      counts[state] = Number(r.n);
      const due = dateText(r.due);
      if (due && ["none", "draft", "returned"].includes(state) && (!nearestDue || due < nearestDue))
        nearestDue = due;
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    out.push({
      consultationId: c.id,
      consultationTitle: c.title,
      billId: c.billId,
      billTitle: c.billTitle,
      closesAt: new Date(c.closes_at),
      counts,
      total,
      nearestDue,
      overdue: nearestDue !== null && nearestDue < today,
    });
  }
  return out.sort(
    (a, b) =>
      (a.nearestDue ?? "9999").localeCompare(b.nearestDue ?? "9999") ||
      a.consultationTitle.localeCompare(b.consultationTitle),
  );
}

export interface ReviewQueueEntry {
  consultationId: string;
  consultationTitle: string;
  billId: string;
  billTitle: string;
  /** Working copies by state (opinions without one are not counted). */
  counts: StateCounts;
}

/**
 * A reviewer's queue: every consultation of the bills they review, with the working copies
 * counted by state (submitted: awaiting review; approved: awaiting publication).
 */
export async function listReviewQueue(
  db: Kysely<Database>,
  userId: string,
): Promise<ReviewQueueEntry[]> {
  const rows = await db
    .selectFrom("bill_team as t")
    .innerJoin("bills as b", "b.id", "t.bill_id")
    .innerJoin("versions as v", "v.bill_id", "b.id")
    .innerJoin("consultations as c", "c.version_id", "v.id")
    .leftJoin("disposition_work as w", "w.consultation_id", "c.id")
    .select([
      "c.id",
      "c.title",
      "c.created_at",
      "b.id as billId",
      "b.title as billTitle",
      "w.state",
      sql<string>`count(w.opinion_id)`.as("n"),
    ])
    .where("t.user_id", "=", userId)
    .where("t.role", "=", "reviewer")
    .groupBy(["c.id", "c.title", "c.created_at", "b.id", "b.title", "w.state"])
    .execute();
  const byId = new Map<string, ReviewQueueEntry & { createdAt: Date }>();
  for (const r of rows) {
    let e = byId.get(r.id);
    if (!e) {
      e = {
        consultationId: r.id,
        consultationTitle: r.title,
        billId: r.billId,
        billTitle: r.billTitle,
        counts: emptyCounts(),
        createdAt: new Date(r.created_at),
      };
      byId.set(r.id, e);
    }
    if (r.state) e.counts[r.state] = Number(r.n);
  }
  return [...byId.values()]
    .sort(
      (a, b) =>
        b.counts.submitted - a.counts.submitted ||
        b.counts.approved - a.counts.approved ||
        b.createdAt.getTime() - a.createdAt.getTime(),
    )
    .map(({ createdAt: _, ...e }) => e);
}

/** A bill's reason templates (常用答复), by title. */
export function listReasonTemplates(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("reason_templates")
    .select(["id", "title", "body", "code", "updated_at as updatedAt"])
    .where("bill_id", "=", billId)
    .orderBy("title")
    .orderBy("id")
    .execute();
}

export type ReasonTemplate = Awaited<ReturnType<typeof listReasonTemplates>>[number];

export interface ApprovedGroup {
  /** The article (or chapter/section, or null: the whole draft) the opinions are on. */
  pid: string | null;
  label: string | null;
  /** Approved working copies awaiting publication. */
  count: number;
  /** Of them, those whose public disposition would change. */
  changing: number;
  /** Authors with an account who would be notified (distinct per group). */
  authors: number;
  /** Contact points with opinions among the changing ones. */
  points: number;
}

/**
 * What a reviewer may publish: the approved working copies of a consultation grouped by the
 * article they are on (an opinion on a paragraph counts with its article), in text order, with
 * how many would change the public record and who would be told.
 */
export async function listApprovedByProvision(
  db: Kysely<Database>,
  consultationId: string,
): Promise<ApprovedGroup[]> {
  const rows = await db
    .selectFrom("disposition_work as w")
    .innerJoin("opinions as o", "o.id", "w.opinion_id")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select([
      "o.provision_pid as pid",
      "o.author_user_id as author",
      "o.contact_point_id as point",
      sql<boolean>`(d.id IS NULL OR d.code <> w.code OR d.reason <> w.reason
        OR d.changed_version_id IS DISTINCT FROM w.changed_version_id
        OR d.changed_pid IS DISTINCT FROM w.changed_pid)`.as("changing"),
    ])
    .where("w.consultation_id", "=", consultationId)
    .where("w.state", "=", "approved")
    .execute();
  if (rows.length === 0) return [];
  const outline = await db
    .selectFrom("provisions as p")
    .innerJoin("consultations as c", "c.version_id", "p.version_id")
    .select(["p.pid", "p.kind", "p.label", "p.parent_pid", "p.ordinal"])
    .where("c.id", "=", consultationId)
    .execute();
  const byPid = new Map(outline.map((p) => [p.pid, p]));
  const groupOf = (pid: string | null) => {
    let p = pid ? byPid.get(pid) : undefined;
    while (p && !["article", "chapter", "section"].includes(p.kind) && p.parent_pid)
      p = byPid.get(p.parent_pid);
    return p ?? null;
  };
  const groups = new Map<
    string,
    ApprovedGroup & { ordinal: number; authorSet: Set<string>; pointSet: Set<string> }
  >();
  for (const r of rows) {
    const p = groupOf(r.pid);
    const key = p?.pid ?? "";
    let g = groups.get(key);
    if (!g) {
      g = {
        pid: p?.pid ?? null,
        label: p?.label ?? null,
        count: 0,
        changing: 0,
        authors: 0,
        points: 0,
        ordinal: p?.ordinal ?? -1,
        authorSet: new Set(),
        pointSet: new Set(),
      };
      groups.set(key, g);
    }
    g.count += 1;
    if (r.changing) {
      g.changing += 1;
      if (r.author) g.authorSet.add(r.author);
      if (r.point) g.pointSet.add(r.point);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map(({ ordinal: _o, authorSet, pointSet, ...g }) => ({
      ...g,
      authors: authorSet.size,
      points: pointSet.size,
    }));
}

/** The consultation's working copies counted by state (for the review and handling pages). */
export async function countWorkStates(
  db: Kysely<Database>,
  consultationId: string,
): Promise<StateCounts> {
  const rows = await db
    .selectFrom("disposition_work")
    .select(["state", sql<string>`count(*)`.as("n")])
    .where("consultation_id", "=", consultationId)
    .groupBy("state")
    .execute();
  const counts = emptyCounts();
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}
