import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** A bill with its organization, or undefined (also for ids that are not ids). */
export async function getBill(db: Kysely<Database>, billId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(billId)) return undefined;
  return db
    .selectFrom("bills as b")
    .innerJoin("organizations as o", "o.id", "b.organization_id")
    .select([
      "b.id",
      "b.title",
      "b.kind",
      "b.summary",
      "b.organization_id",
      "b.created_at",
      "b.updated_at",
      "o.name as organizationName",
    ])
    .where("b.id", "=", billId)
    .executeTakeFirst();
}

/** A bill's versions in order of publication, with their article counts. */
export async function listVersions(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("versions as v")
    .select((eb) => [
      "v.id",
      "v.seq",
      "v.label",
      "v.title",
      "v.note",
      "v.published_at",
      eb
        .selectFrom("provisions as p")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("p.version_id", "=", "v.id")
        .where("p.kind", "=", "article")
        .as("articleCount"),
    ])
    .where("v.bill_id", "=", billId)
    .orderBy("v.seq")
    .execute();
}

/** One version of a bill with its document, or undefined. */
export async function getVersion(db: Kysely<Database>, billId: string, versionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return undefined;
  return db
    .selectFrom("versions")
    .select(["id", "bill_id", "seq", "label", "title", "note", "document", "published_at"])
    .where("id", "=", versionId)
    .where("bill_id", "=", billId)
    .executeTakeFirst();
}

/** A version with what its exported file names (bill, organization), or undefined. */
export async function versionForExport(db: Kysely<Database>, versionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return undefined;
  return db
    .selectFrom("versions as v")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .innerJoin("organizations as o", "o.id", "b.organization_id")
    .select([
      "v.id",
      "v.label",
      "v.title",
      "v.document",
      "v.published_at",
      "b.id as billId",
      "o.name as organizationName",
    ])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
}

/** A version as versionForExport reads it. */
export type VersionForExport = NonNullable<Awaited<ReturnType<typeof versionForExport>>>;

/** The latest version of a bill (its document is the base that new readings inherit pids from). */
export async function latestVersion(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("versions")
    .select(["id", "label", "document", "seq"])
    .where("bill_id", "=", billId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Whether a version (any text as its id) is one of the bill's. */
export async function isVersionOfBill(db: Kysely<Database>, billId: string, versionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return false;
  const row = await db
    .selectFrom("versions")
    .select("id")
    .where("id", "=", versionId)
    .where("bill_id", "=", billId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these versions have a consultation open or still to come (closing after `now`). */
export async function versionsWithLiveConsultation(
  db: Kysely<Database>,
  versionIds: string[],
  now: Date,
): Promise<Set<string>> {
  if (versionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("consultations")
    .select("version_id")
    .where("version_id", "in", versionIds)
    .where("closes_at", ">", now)
    .execute();
  return new Set(rows.map((r) => r.version_id));
}
