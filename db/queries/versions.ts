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
