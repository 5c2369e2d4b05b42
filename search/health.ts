// How healthy the search outbox is, for /readyz: cheap enough to be polled by a load balancer
// every few seconds. The indexer takes rows in id order, so the oldest rows are the ones that
// show lag and repeated failures; only those (a bounded window of them) are read, and the
// backlog is counted up to a cap, so a reindex of millions of rows costs the probe nothing more.

import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * The bounds of "outbox lag within bounds" (CONTRACTS.md, /readyz). A row older than
 * MAX_AGE_SECONDS means the index is visibly behind (the indexer polls every half second and
 * drains 500 rows a pass). A row that failed MAX_FAILED_ATTEMPTS times in a row has been failing
 * for 2 + 4 + 8 = 14 seconds of backoff: the engine is down or refuses it, not a blip.
 */
export const OUTBOX_BOUNDS = {
  maxAgeSeconds: 300,
  maxFailedAttempts: 3,
} as const;

/** How many of the oldest rows are looked at for failures. */
const WINDOW = 1000;
/** The backlog is counted up to this many rows ("at least" past it). */
const COUNT_CAP = 100_000;

export interface OutboxHealth {
  ok: boolean;
  /** Rows waiting, counted up to `pendingCapped`. */
  pending: number;
  pendingCapped: boolean;
  /** Among the oldest rows, those whose last attempt failed, and those past the bound. */
  failing: number;
  failingBeyondBound: number;
  /** Age of the oldest waiting row, in seconds (0 when none wait). */
  oldestSeconds: number;
  bounds: typeof OUTBOX_BOUNDS;
}

/** The outbox's backlog, failures and lag, and whether they are within OUTBOX_BOUNDS. */
export async function outboxHealth(db: Kysely<Database>): Promise<OutboxHealth> {
  const row = (
    await sql<{
      pending: number;
      failing: number;
      beyond: number;
      oldest: number | null;
    }>`
      WITH oldest AS (
        SELECT attempts, last_error, created_at FROM search_outbox ORDER BY id LIMIT ${WINDOW}
      )
      SELECT
        (SELECT count(*) FROM (SELECT 1 FROM search_outbox LIMIT ${COUNT_CAP}) c)::int AS pending,
        (SELECT count(*) FROM oldest WHERE last_error IS NOT NULL)::int AS failing,
        (SELECT count(*) FROM oldest
          WHERE last_error IS NOT NULL AND attempts >= ${OUTBOX_BOUNDS.maxFailedAttempts})::int
          AS beyond,
        (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM oldest) AS oldest
    `.execute(db)
  ).rows[0]!;
  const oldestSeconds = Math.max(0, Math.round((row.oldest ?? 0) * 10) / 10);
  return {
    ok: row.beyond === 0 && oldestSeconds <= OUTBOX_BOUNDS.maxAgeSeconds,
    pending: row.pending,
    pendingCapped: row.pending >= COUNT_CAP,
    failing: row.failing,
    failingBeyondBound: row.beyond,
    oldestSeconds,
    bounds: OUTBOX_BOUNDS,
  };
}
