import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/**
 * Returns the session secret: SESSION_SECRET when configured, else the one generated on first
 * start and kept in the database, so every app instance signs cookies alike.
 */
export async function getSessionSecret(db: Kysely<Database>, configured?: string): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto("app_settings")
    .values({ key: "session_secret", value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", "session_secret")
    .executeTakeFirstOrThrow();
  return row.value;
}
