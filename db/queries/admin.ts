import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** Counts for the administrator's overview. */
export async function adminOverview(db: Kysely<Database>) {
  const row = await sql<{ users: number; contact_points: number; bills: number; opinions: number }>`
    SELECT (SELECT count(*) FROM users) AS users,
           (SELECT count(*) FROM contact_points WHERE active) AS contact_points,
           (SELECT count(*) FROM bills) AS bills,
           (SELECT count(*) FROM opinions) AS opinions`.execute(db);
  const r = row.rows[0]!;
  return {
    users: Number(r.users),
    contactPoints: Number(r.contact_points),
    bills: Number(r.bills),
    opinions: Number(r.opinions),
  };
}

/** How many administrators remain, to refuse removing the last one. */
export async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.count<number>("user_id").distinct().as("n"))
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
