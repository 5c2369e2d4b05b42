import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

// Reads of the photos and scans attached to contact-point activities (migration 0027). The files
// live under the data directory (services/activity-attachments.ts); these are their rows.

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

const LISTED = ["id", "file_name", "media_type", "byte_size", "public", "created_at"] as const;

/** An activity's attachments, oldest first. */
export function listAttachments(db: Kysely<Database>, activityId: string) {
  return db
    .selectFrom("activity_attachments")
    .select(LISTED)
    .where("activity_id", "=", activityId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/**
 * The attachments marked public of an activity and of the activities it was copied from (a
 * correction copies the activities of the report it replaces, not their files), for its public
 * page.
 */
export async function listPublicAttachments(db: Kysely<Database>, activityId: string) {
  const chain = [activityId];
  for (let hops = 0; hops < 20; hops++) {
    const row = await db
      .selectFrom("contact_point_activities")
      .select("copied_from_id")
      .where("id", "=", chain.at(-1)!)
      .executeTakeFirst();
    if (!row?.copied_from_id) break;
    chain.push(row.copied_from_id);
  }
  return db
    .selectFrom("activity_attachments")
    .select(LISTED)
    .where("activity_id", "in", chain)
    .where("public", "=", true)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** One attachment with what its permission check needs: the point and the bill it belongs to. */
export async function findAttachment(db: Kysely<Database>, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("activity_attachments as f")
    .innerJoin("contact_point_activities as a", "a.id", "f.activity_id")
    .innerJoin("consultations as c", "c.id", "a.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("submissions as s", "s.id", "a.submission_id")
    .select([
      "f.id",
      "f.activity_id",
      "f.file_name",
      "f.media_type",
      "f.byte_size",
      "f.storage_key",
      "f.public",
      "a.contact_point_id",
      "a.consultation_id",
      "v.bill_id",
      "b.organization_id",
      "s.status as submissionStatus",
    ])
    .where("f.id", "=", id)
    .executeTakeFirst();
}

/** The attachments of the activities of some reports, with their report's id (drafters' page). */
export function attachmentsOfSubmissions(db: Kysely<Database>, submissionIds: string[]) {
  if (submissionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("activity_attachments as f")
    .innerJoin("contact_point_activities as a", "a.id", "f.activity_id")
    .select([
      "f.id",
      "f.file_name",
      "f.media_type",
      "f.byte_size",
      "f.public",
      "f.created_at",
      "a.submission_id",
    ])
    .where("a.submission_id", "in", submissionIds)
    .orderBy("a.held_on")
    .orderBy("f.created_at")
    .orderBy("f.id")
    .execute();
}
