import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.ts";

// The probes of /healthz and /readyz: the cheapest statement the database can answer, and the
// migrations it has applied.

/** Runs `select 1`: whether the database answers at all. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The names of the migrations applied to the database (none before the first migration). */
export async function appliedMigrations(db: Kysely<Database>): Promise<Set<string>> {
  const table = await sql<{ present: boolean }>`
    SELECT to_regclass('kysely_migration') IS NOT NULL AS present
  `.execute(db);
  if (!table.rows[0]?.present) return new Set<string>();
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}
