import { sql, type Kysely } from "kysely";
import { batcher, perHandle } from "../batch.ts";
import type { Database } from "../schema.ts";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends, for Retry-After. */
  retryAfter: number;
}

// The counters live in the database so that every app instance shares them, but they are not
// written once per request: the hits of concurrent requests (and refunds, see refundRateLimit)
// go in one statement (db/batch.ts), which adds each key's hits and returns its new count. A
// request is answered from that count, as if its hit had been written alone: of the n hits of a
// key in one statement, the j-th sees the count before the statement plus j. Intake at a
// thousand opinions a second, each from its own address, costs tens of statements a second
// instead of a thousand (bench/opinions.ts).

interface Hit {
  key: string;
  windowStart: Date;
  /** 1 for a hit; -1 for a refund, which is not answered with a count. */
  delta: 1 | -1;
}

/** Adds a batch of hits and refunds; answers each hit with its count (refunds with 0). */
async function addHits(db: Kysely<Database>, hits: Hit[]): Promise<number[]> {
  const groups = new Map<string, { key: string; windowStart: Date; delta: number }>();
  for (const h of hits) {
    const id = `${h.windowStart.getTime()} ${h.key}`;
    const group = groups.get(id) ?? { key: h.key, windowStart: h.windowStart, delta: 0 };
    group.delta += h.delta;
    groups.set(id, group);
  }
  // Sorted, so two instances adding the same keys lock their rows in one order (no deadlock).
  const rows = [...groups.values()].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart.getTime() - b.windowStart.getTime(),
  );
  const column = (list: typeof rows) => ({
    keys: list.map((r) => r.key),
    windows: list.map((r) => r.windowStart),
    deltas: list.map((r) => r.delta),
  });
  // Refunds outweighing hits lower an existing count (a new row cannot start below zero).
  const lower = column(rows.filter((r) => r.delta < 0));
  if (lower.keys.length)
    await sql`
      UPDATE rate_limits SET count = greatest(0, count + d.delta)
      FROM unnest(${lower.keys}::text[], ${lower.windows}::timestamptz[], ${lower.deltas}::int[])
        AS d (key, window_start, delta)
      WHERE rate_limits.key = d.key AND rate_limits.window_start = d.window_start
    `.execute(db);
  const raise = column(rows.filter((r) => r.delta >= 0));
  const totals = raise.keys.length
    ? (
        await sql<{ key: string; window_start: Date; count: number }>`
          INSERT INTO rate_limits (key, window_start, count)
          SELECT * FROM unnest(${raise.keys}::text[], ${raise.windows}::timestamptz[],
            ${raise.deltas}::int[])
          ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + excluded.count
          RETURNING key, window_start, count
        `.execute(db)
      ).rows
    : [];
  const after = new Map(
    totals.map((t) => [`${new Date(t.window_start).getTime()} ${t.key}`, t.count]),
  );
  // Hits of a key in this batch, counted in order: the j-th of n sees total - n + j.
  const hitsOf = new Map<string, number>();
  for (const h of hits) {
    const id = `${h.windowStart.getTime()} ${h.key}`;
    if (h.delta === 1) hitsOf.set(id, (hitsOf.get(id) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return hits.map((h) => {
    if (h.delta !== 1) return 0;
    const id = `${h.windowStart.getTime()} ${h.key}`;
    const j = (seen.get(id) ?? 0) + 1;
    seen.set(id, j);
    return (after.get(id) ?? 0) - hitsOf.get(id)! + j;
  });
}

const hitsFor = perHandle((db: Kysely<Database>) =>
  batcher<Hit, number>((hits) => addHits(db, hits), { maxInFlight: 1 }),
);

function windowOf(now: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
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
  const windowStart = windowOf(now, windowSeconds);
  const count = await hitsFor(db)({ key, windowStart, delta: 1 });
  const retryAfter = Math.max(
    1,
    Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000),
  );
  return { allowed: count <= limit, retryAfter };
}

/**
 * Takes back a hit counted by hitRateLimit for a request that turned out not to count (a replay
 * found only after the count). Resolves once the count is down.
 */
export async function refundRateLimit(
  db: Kysely<Database>,
  key: string,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<void> {
  await hitsFor(db)({ key, windowStart: windowOf(now, windowSeconds), delta: -1 });
}

/** Drops windows that ended more than a day ago. */
export async function pruneRateLimits(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  await db
    .deleteFrom("rate_limits")
    .where("window_start", "<", new Date(now.getTime() - 86_400_000))
    .execute();
}

/**
 * The hits counted against `key` in the current window, without adding one (a sign-in checks
 * an account's wrong passwords before trying the password), and the seconds the window has left.
 */
export async function rateLimitCount(
  db: Kysely<Database>,
  key: string,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<{ count: number; retryAfter: number }> {
  const windowStart = windowOf(now, windowSeconds);
  const row = await db
    .selectFrom("rate_limits")
    .select("count")
    .where("key", "=", key)
    .where("window_start", "=", windowStart)
    .executeTakeFirst();
  const retryAfter = Math.max(
    1,
    Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000),
  );
  return { count: row?.count ?? 0, retryAfter };
}

/** Forgets every window of `key` (an account's wrong passwords, once it signs in). */
export async function clearRateLimit(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}
