import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export const SESSION_DAYS = 30;

function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Starts a session and returns the token for the cookie. Only the token's hash is stored, so
 * a copy of the database cannot be used to sign in as anyone.
 */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id: digest(token),
      user_id: userId,
      created_at: now,
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    })
    .execute();
  return token;
}

/** Returns the user id of a live session token, or undefined. */
export async function findSessionUser(db: Kysely<Database>, token: string, now = new Date()) {
  const row = await db
    .selectFrom("sessions")
    .select("user_id")
    .where("id", "=", digest(token))
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row?.user_id;
}

/** Ends a session (sign-out, or rotation on sign-in). */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", digest(token)).execute();
}

/** Ends every session of a user, for example when an admin disables the account. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
