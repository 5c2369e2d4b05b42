import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

// The reads that surround a search: the names its hits and facets show (the engine stores ids),
// keyed by id.

/** The titles of these bills, by id (unknown ids are left out). */
export async function billTitles(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db
    .selectFrom("bills")
    .select(["id", "title"])
    .where("id", "in", [...ids])
    .execute();
  return Object.fromEntries(rows.map((b) => [b.id, b.title]));
}

/** The names of these contact points, by id (unknown ids are left out). */
export async function contactPointNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db
    .selectFrom("contact_points")
    .select(["id", "name"])
    .where("id", "in", [...ids])
    .execute();
  return Object.fromEntries(rows.map((p) => [p.id, p.name]));
}
