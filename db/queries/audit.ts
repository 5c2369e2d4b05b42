import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../schema.ts";

export interface AuditEntry {
  actorUserId: string | null;
  action: `${string}.${string}`;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends one entry to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: JSON.stringify(entry.data ?? {}),
      ip: entry.ip ?? null,
    })
    .execute();
}

/** The latest audit entries about one subject, newest first, with the actor's display name. */
export async function listSubjectHistory(
  db: Kysely<Database>,
  subjectType: string,
  subjectId: string,
  limit = 50,
) {
  return db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select(["a.id", "a.action", "a.created_at", "u.display_name as actor"])
    .where("a.subject_type", "=", subjectType)
    .where("a.subject_id", "=", subjectId)
    .orderBy("a.created_at", "desc")
    .limit(limit)
    .execute();
}

// The actions the services write, for the administrator's filter (a select, plus each family as
// a prefix). The log may hold others (an older or newer writer); they show as their code and
// are still found by their family's prefix.
export const AUDIT_ACTIONS = [
  "user.sign_up",
  "user.sign_in",
  "user.admin_create",
  "role.grant",
  "role.revoke",
  "bill.create",
  "bill_team.grant",
  "bill_team.revoke",
  "version.import",
  "version.publish",
  "comparison.note",
  "consultation.create",
  "consultation.update",
  "consultation.extend",
  "consultation.publish_handling",
  "consultation.republish_handling",
  "assignment.assign",
  "assignment.unassign",
  "opinion.record",
  "opinion.edit",
  "opinion.delete",
  "opinion.merge",
  "opinion.import",
  "opinion.support",
  "opinion.unsupport",
  "opinion.report",
  "opinion.approve",
  "opinion.hide",
  "opinion.restore",
  "opinion.reports_dismiss",
  "opinion.dispose",
  "disposition.save",
  "disposition.submit",
  "disposition.approve",
  "disposition.return",
  "disposition.publish",
  "activity.create",
  "activity.update",
  "activity.delete",
  "activity.attachment_add",
  "activity.attachment_delete",
  "submission.submit",
  "submission.correct",
  "submission.receive",
  "contact_point.create",
  "contact_point.update",
  "moderation.words_update",
  "reason_template.save",
  "reason_template.delete",
  "proposal_call.create",
  "proposal_call.open",
  "proposal_call.close",
  "proposal.submit",
  "proposal.support",
  "proposal.approve",
  "proposal.hide",
  "proposal.restore",
  "proposal.triage",
  "plan.project_create",
  "plan.project_link_bill",
  "plan.publish",
  "survey.create",
  "survey.update",
  "survey.publish",
  "survey.question_add",
  "survey.question_update",
  "survey.question_move",
  "survey.question_delete",
  "survey.paper_response",
  "survey_results.publish",
  "survey_results.update",
  "survey_results.unpublish",
  "expert.create",
  "expert.update",
  "expert.activate",
  "expert.deactivate",
  "expert_review.create",
  "expert_review.invite",
  "expert_review.revoke",
  "expert_review.resend",
  "expert_review.close",
  "expert_review.submit",
  "expert_review.decline",
  "version.notes",
  "hearing.create",
  "hearing.update",
  "hearing.announce",
  "hearing.register",
  "hearing.draw",
  "hearing.report_save",
  "hearing.report_point_add",
  "hearing.report_point_delete",
  "hearing.publish_report",
] as const;

/** The families of AUDIT_ACTIONS (the part before the dot), each a filter "family.*". */
export const AUDIT_ACTION_FAMILIES = [...new Set(AUDIT_ACTIONS.map((a) => a.split(".")[0]!))];

/** The kinds of object entries are about (subject_type), for the filter. */
export const AUDIT_SUBJECT_TYPES = [
  "user",
  "bill",
  "version",
  "consultation",
  "opinion",
  "submission",
  "contact_point",
  "contact_point_activity",
  "app_setting",
  "proposal_call",
  "proposal",
  "legislative_plan",
  "plan_project",
  "survey",
  "expert",
  "expert_review",
  "hearing",
] as const;

/** What the administrator filters the log by; every part optional. Dates are YYYY-MM-DD. */
export interface AuditFilter {
  /** Part of the actor's name or e-mail address. */
  actor?: string;
  /** An action ("disposition.save") or a family of them ("disposition.*"). */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  billId?: string;
  /** First and last day, inclusive, as days of `timeZone`. */
  from?: string;
  to?: string;
  timeZone: string;
}

/** A place in the newest-first order: an entry's time (exact, in microseconds) and id. */
export interface AuditCursor {
  at: string;
  id: string;
}

/** The cursor as one URL-safe string, and back (undefined for anything malformed). */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return `${cursor.at}_${cursor.id}`;
}
export function decodeAuditCursor(text: string | undefined): AuditCursor | undefined {
  const match = /^(\d{1,18})_(\d{1,18})$/.exec(text ?? "");
  return match ? { at: match[1]!, id: match[2]! } : undefined;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// Past this many people matching the actor filter, the page asks the database to match them
// itself (a subquery) rather than sending their ids.
const ACTOR_IDS_MAX = 500;

/**
 * The filter as conditions on audit_log (alias a), or null when it can match nothing. The
 * actor's name or address is looked up first: the ids of the people it matches let the planner
 * weigh each one (a person with ten entries in a year is read through the actor index, not by
 * walking the whole log), and nobody matching answers at once.
 */
async function filterConditions(
  db: Kysely<Database>,
  filter: AuditFilter,
): Promise<Expression<SqlBool>[] | null> {
  const where: Expression<SqlBool>[] = [];
  const actor = filter.actor?.trim();
  if (actor) {
    const like = likePattern(actor);
    const people = await db
      .selectFrom("users")
      .select("id")
      .where((eb) => eb.or([eb("display_name", "ilike", like), eb("email", "ilike", like)]))
      .limit(ACTOR_IDS_MAX + 1)
      .execute();
    if (people.length === 0) return null;
    where.push(
      people.length > ACTOR_IDS_MAX
        ? sql<SqlBool>`a.actor_user_id IN (SELECT id FROM users
            WHERE display_name ILIKE ${like} OR email ILIKE ${like})`
        : sql<SqlBool>`a.actor_user_id IN (${sql.join(people.map((p) => p.id))})`,
    );
  }
  // Compared in the C collation, as the action index is built: a prefix LIKE becomes a range
  // of that index whatever the database's own collation. Codes are [a-z_.] (a CHECK says so).
  if (filter.action?.endsWith(".*")) {
    const family = `${filter.action.slice(0, -2).replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
    where.push(sql<SqlBool>`a.action COLLATE "C" LIKE ${family}`);
  } else if (filter.action) where.push(sql<SqlBool>`a.action COLLATE "C" = ${filter.action}`);
  if (filter.subjectType) where.push(sql<SqlBool>`a.subject_type = ${filter.subjectType}`);
  if (filter.subjectId) where.push(sql<SqlBool>`a.subject_id = ${filter.subjectId}`);
  if (filter.billId) where.push(sql<SqlBool>`a.bill_id = ${filter.billId}`);
  // Days begin at midnight where the deployment is (KAIMEN_TZ), not in UTC.
  if (filter.from)
    where.push(
      sql<SqlBool>`a.created_at >= (${filter.from}::date)::timestamp AT TIME ZONE ${filter.timeZone}`,
    );
  if (filter.to)
    where.push(
      sql<SqlBool>`a.created_at < (${filter.to}::date + 1)::timestamp AT TIME ZONE ${filter.timeZone}`,
    );
  return where;
}

// The cursor's time as whole microseconds since 1970: exact (a JavaScript Date keeps only
// milliseconds, and two entries of one millisecond would be skipped or repeated between pages).
const atMicros = sql<string>`(extract(epoch FROM a.created_at) * 1000000)::bigint::text`;
const fromMicros = (at: string) =>
  sql`(timestamptz 'epoch' + ${at}::bigint * interval '1 microsecond')`;

/**
 * One page of the audit log, newest first, with the actor, the bill and what is needed to name
 * and link each entry's object. `after` continues with older entries; `before` goes back to
 * newer ones. Keyset paging over (created_at, id): each page costs the same however deep.
 */
export async function listAuditEntries(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { after?: AuditCursor; before?: AuditCursor; limit: number },
) {
  const backwards = !page.after && !!page.before;
  const where = await filterConditions(db, filter);
  if (!where) return { entries: [], newer: null, older: null };
  if (page.after)
    where.push(
      sql<SqlBool>`(a.created_at, a.id) < (${fromMicros(page.after.at)}, ${page.after.id}::bigint)`,
    );
  else if (page.before)
    where.push(
      sql<SqlBool>`(a.created_at, a.id) > (${fromMicros(page.before.at)}, ${page.before.id}::bigint)`,
    );
  const direction = backwards ? sql`ASC` : sql`DESC`;
  // The page is chosen first, on audit_log alone; the names are joined to its rows only.
  const picked = db
    .selectFrom("audit_log as a")
    .selectAll("a")
    .select(atMicros.as("at"))
    .where((eb) => eb.and(where))
    .orderBy(sql`a.created_at ${direction}, a.id ${direction}`)
    .limit(page.limit + 1);
  const rows = await db
    .selectFrom(picked.as("e"))
    .leftJoin("users as actor", "actor.id", "e.actor_user_id")
    .leftJoin("bills as b", "b.id", "e.bill_id")
    .leftJoin("users as su", (j) =>
      j.onRef("su.id", "=", "e.subject_id").on("e.subject_type", "=", "user"),
    )
    .leftJoin("consultations as sc", (j) =>
      j.onRef("sc.id", "=", "e.subject_id").on("e.subject_type", "=", "consultation"),
    )
    .leftJoin("opinions as so", (j) =>
      j.onRef("so.id", "=", "e.subject_id").on("e.subject_type", "=", "opinion"),
    )
    .leftJoin("submissions as ss", (j) =>
      j.onRef("ss.id", "=", "e.subject_id").on("e.subject_type", "=", "submission"),
    )
    .leftJoin("contact_point_activities as sa", (j) =>
      j.onRef("sa.id", "=", "e.subject_id").on("e.subject_type", "=", "contact_point_activity"),
    )
    .leftJoin("contact_points as sp", (j) =>
      j.onRef("sp.id", "=", "e.subject_id").on("e.subject_type", "=", "contact_point"),
    )
    .select([
      "e.id",
      "e.at",
      "e.created_at as createdAt",
      "e.action",
      "e.subject_type as subjectType",
      "e.subject_id as subjectId",
      "e.data",
      "e.ip",
      "e.bill_id as billId",
      "e.actor_user_id as actorId",
      "actor.display_name as actorName",
      "actor.email as actorEmail",
      "b.title as billTitle",
      "su.display_name as subjectUserName",
      "su.email as subjectUserEmail",
      "sc.title as subjectConsultationTitle",
      "so.receipt as subjectOpinionReceipt",
      "sp.name as subjectContactPointName",
    ])
    .select((eb) =>
      eb.fn
        .coalesce("so.consultation_id", "ss.consultation_id", "sa.consultation_id")
        .as("consultationId"),
    )
    .orderBy(sql`e.created_at ${direction}, e.id ${direction}`)
    .execute();
  const more = rows.length > page.limit;
  const entries = rows.slice(0, page.limit).map(({ data, ...row }) => ({
    ...row,
    data: (typeof data === "string" ? JSON.parse(data) : data) as Record<string, unknown>,
  }));
  if (backwards) entries.reverse();
  const first = entries[0];
  const last = entries.at(-1);
  const cursor = (e: { at: string; id: string }): AuditCursor => ({ at: e.at, id: String(e.id) });
  return {
    entries,
    // Newer entries exist before this page when it was reached by paging (or more were found
    // going back); older ones after it when more were found going forward (or going back).
    newer: first && (backwards ? more : !!page.after) ? cursor(first) : null,
    older: last && (backwards || more) ? cursor(last) : null,
  };
}

export type AuditLogEntry = Awaited<ReturnType<typeof listAuditEntries>>["entries"][number];

/**
 * Every entry the filter finds, newest first, a page at a time: for the CSV download, which
 * streams however many there are.
 */
export async function* auditEntryPages(
  db: Kysely<Database>,
  filter: AuditFilter,
  batch = 1000,
): AsyncGenerator<AuditLogEntry[]> {
  let after: AuditCursor | undefined;
  for (;;) {
    const page = await listAuditEntries(db, filter, { after, limit: batch });
    if (page.entries.length) yield page.entries;
    if (!page.older) return;
    after = page.older;
  }
}

/** Every bill (id and title), for the log's bill filter. */
export async function listAuditBills(db: Kysely<Database>) {
  return db
    .selectFrom("bills")
    .select(["id", "title"])
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}
