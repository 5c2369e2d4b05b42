import type { Kysely } from "kysely";
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
