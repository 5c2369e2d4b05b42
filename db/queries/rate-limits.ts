import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.ts";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends, for Retry-After. */
  retryAfter: number;
}

/**
 * Counts one hit against `key` in a fixed window and says whether it is within `limit`.
 * The counter lives in the database so that every app instance shares it.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(["key", "window_start"]).doUpdateSet({ count: sql`rate_limits.count + 1` }),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  const retryAfter = Math.max(
    1,
    Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000),
  );
  return { allowed: row.count <= limit, retryAfter };
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  await db
    .deleteFrom("rate_limits")
    .where("window_start", "<", new Date(now.getTime() - 86_400_000))
    .execute();
}
