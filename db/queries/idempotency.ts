import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

export const IDEMPOTENCY_HOURS = 48;

/** The answer first given for a key, with the hash of the request that got it. */
export async function findIdempotentAnswer(db: Kysely<Database>, scope: string, key: string) {
  return db
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status", "body"])
    .where("scope", "=", scope)
    .where("key", "=", key)
    .where("created_at", ">", new Date(Date.now() - IDEMPOTENCY_HOURS * 3_600_000))
    .executeTakeFirst();
}

/**
 * Keeps the answer given for a key. Returns false when another request stored one first (a
 * concurrent repeat): the caller then rolls back and answers with the stored one.
 */
export async function storeIdempotentAnswer(
  db: Kysely<Database>,
  input: { scope: string; key: string; requestHash: string; status: number; body: object },
): Promise<boolean> {
  // Expired keys go first, so a key can be reused once its answer is no longer kept.
  await db
    .deleteFrom("idempotency_keys")
    .where("scope", "=", input.scope)
    .where("key", "=", input.key)
    .where("created_at", "<=", new Date(Date.now() - IDEMPOTENCY_HOURS * 3_600_000))
    .execute();
  const inserted = await db
    .insertInto("idempotency_keys")
    .values({
      scope: input.scope,
      key: input.key,
      request_hash: input.requestHash,
      status: input.status,
      body: JSON.stringify(input.body),
    })
    .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return !!inserted;
}

/** Drops the kept answer for one key once it has expired, so the key may be used again. */
export async function deleteExpiredIdempotentAnswer(
  db: Kysely<Database>,
  scope: string,
  key: string,
): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("scope", "=", scope)
    .where("key", "=", key)
    .where("created_at", "<=", new Date(Date.now() - IDEMPOTENCY_HOURS * 3_600_000))
    .execute();
}

/** Drops answers kept longer than needed (they hold lookup codes in the clear). */
export async function pruneIdempotencyKeys(db: Kysely<Database>): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<=", new Date(Date.now() - IDEMPOTENCY_HOURS * 3_600_000))
    .execute();
}
