// The worker's jobs beyond the outboxes (worker_jobs, migration 0017): work that follows a
// change but has no place in the request that made it.
//
// - comparison: when a reading is published, its comparison with the reading before it is
//   computed and kept (services/comparison.ts), so the first drafter or citizen to open the
//   comparison does not wait for the alignment.
// - consultation_closed: when a consultation's deadline passes, the drafters of its bill are told
//   (a notification and its e-mail), once per consultation. Nothing in the app sends a notice
//   when a consultation opens, so opening has no job.
//
// Nothing is queued by the requests: a sweep (every `sweepMs`) inserts the jobs that are due —
// published readings without a kept comparison, closed consultations without a notice job — and
// the unique (kind, subject) makes the insert a no-op for a job already queued or done, however
// many workers sweep at once. Readings published and deadlines passed while no worker ran are
// caught up by the first sweep.
//
// Jobs are claimed like the outboxes' rows (services/mail-delivery.ts): FOR UPDATE SKIP LOCKED
// in one statement that stamps this round's token and a lease, so concurrent workers never take
// the same job and a killed worker's lease runs out. A failure comes back after a backoff and is
// given up past `maxAttempts`. A notice job is marked done in the transaction that records the
// notifications, guarded by the claim: if the lease was lost to another worker meanwhile, one of
// the two finds the job done and records nothing, so drafters are told exactly once. A comparison
// computed twice (a lease that ran out mid-computation) is stored once (its key is the pair).

import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { backoffSeconds, startPollingLoop, type PollingLoop } from "../db/polling-loop.ts";
import { COMPARISON_ALGORITHM, compareVersions, type CompareFunction } from "./comparison.ts";
import { recordNotifications, type Notice, type RenderNotice } from "./notifications.ts";

export type JobKind = "comparison" | "consultation_closed";

/** What a round needs beyond the database; every option but `render` has a default. */
export interface JobOptions {
  /** Renders a notice in a person's language (app/lib/notice-text.ts in the worker). */
  render: RenderNotice;
  /** Where comparisons are computed (default: this thread). */
  compute?: CompareFunction;
  /** Jobs claimed at once (default 5). */
  batchSize?: number;
  /** How long a claim lasts (default 600 s: a long bill's comparison takes seconds). */
  leaseSeconds?: number;
  /** Tries before a job is given up (default 10). */
  maxAttempts?: number;
  /** Seconds before a failed job is tried again (default: the outboxes' backoff). */
  retryDelaySeconds?: (attempts: number) => number;
}

/** What a round did, by job id. */
export interface JobRound {
  claimed: number;
  done: { id: string; kind: JobKind; subject: string }[];
  /** Claimed, but another worker finished it first (its lease had run out). */
  skipped: string[];
  retried: { id: string; error: string }[];
  failed: { id: string; error: string }[];
}

/**
 * How long after its deadline a consultation's closing is still announced. A closing older than
 * this when a worker first sees it (a seeded history, such as the demo's consultation closed
 * months ago, or workers down for a week) is news to no one and gets no notice.
 */
export const CLOSING_NOTICE_DAYS = 7;

/** Queues the jobs that are due; returns how many were new. */
export async function queueDueJobs(db: Kysely<Database>, now = new Date()): Promise<number> {
  // The reading before a reading is the one of the previous seq of the same bill.
  const comparisons = await sql`
    INSERT INTO worker_jobs (kind, subject)
    SELECT 'comparison', ${COMPARISON_ALGORITHM} || ':' || p.id || '>' || v.id
    FROM versions v JOIN versions p ON p.bill_id = v.bill_id AND p.seq = v.seq - 1
    WHERE NOT EXISTS (
      SELECT 1 FROM comparisons c
      WHERE c.from_version_id = p.id AND c.to_version_id = v.id
        AND c.algorithm = ${COMPARISON_ALGORITHM})
    ON CONFLICT (kind, subject) DO NOTHING
  `.execute(db);
  const closings = await sql`
    INSERT INTO worker_jobs (kind, subject)
    SELECT 'consultation_closed', c.id FROM consultations c
    WHERE c.closes_at <= ${now}
      AND c.closes_at > ${new Date(now.getTime() - CLOSING_NOTICE_DAYS * 86_400_000)}
      AND NOT EXISTS (
        SELECT 1 FROM worker_jobs j WHERE j.kind = 'consultation_closed' AND j.subject = c.id)
    ON CONFLICT (kind, subject) DO NOTHING
  `.execute(db);
  return Number(comparisons.numAffectedRows ?? 0) + Number(closings.numAffectedRows ?? 0);
}

interface Claimed {
  id: string;
  kind: JobKind;
  subject: string;
  attempts: number;
}

/** Hands claimed jobs back without counting the claim as an attempt (stopping). */
async function releaseClaims(db: Kysely<Database>, token: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE worker_jobs SET claimed_by = NULL, claimed_until = NULL,
      attempts = greatest(0, attempts - 1)
    WHERE id = ANY(${ids}::bigint[]) AND claimed_by = ${token} AND done_at IS NULL
  `.execute(db);
}

/** Computes and keeps a comparison job's pair (kept already: nothing to do). */
async function runComparison(db: Kysely<Database>, subject: string, compute?: CompareFunction) {
  const match = /^([^:]+):([^>]+)>(.+)$/.exec(subject);
  if (!match) throw new Error(`not a comparison job: ${subject}`);
  // A job of an algorithm this build no longer has is done: its comparisons are never read.
  if (match[1] !== COMPARISON_ALGORITHM) return;
  await compareVersions(db, match[2]!, match[3]!, compute);
}

/** The notices of a consultation's closing: one per drafter of its bill's legislature. */
async function closingNotices(db: Kysely<Database>, consultationId: string): Promise<Notice[]> {
  const consultation = await db
    .selectFrom("consultations")
    .innerJoin("versions", "versions.id", "consultations.version_id")
    .innerJoin("bills", "bills.id", "versions.bill_id")
    .select(["consultations.id", "consultations.title", "bills.organization_id"])
    .where("consultations.id", "=", consultationId)
    .executeTakeFirst();
  if (!consultation) return [];
  const [drafters, received] = await Promise.all([
    db
      .selectFrom("memberships")
      .select("user_id")
      .distinct()
      .where("organization_id", "=", consultation.organization_id)
      .where("role", "=", "drafter")
      .execute(),
    db
      .selectFrom("opinions")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("consultation_id", "=", consultationId)
      .executeTakeFirstOrThrow(),
  ]);
  return drafters.map((d): Notice => ({
    userId: d.user_id,
    kind: "consultation_closed",
    subjectType: "consultation",
    subjectId: consultation.id,
    data: {
      consultation: consultation.title,
      count: Number(received.n),
      link: `/consultations/${consultation.id}/handling`,
    },
  }));
}

/**
 * Claims due jobs and runs them; the worker's loop calls it, tests call it to run what is due.
 * `shouldStop` is asked before each job: when it answers true, the rest is handed back.
 */
export async function runDueJobs(
  db: Kysely<Database>,
  options: JobOptions & { shouldStop?: () => boolean },
): Promise<JobRound> {
  const leaseSeconds = options.leaseSeconds ?? 600;
  const maxAttempts = options.maxAttempts ?? 10;
  const retryDelay = options.retryDelaySeconds ?? backoffSeconds;
  const token = randomUUID();
  const claimed = (
    await sql<Claimed>`
      UPDATE worker_jobs SET attempts = attempts + 1, claimed_by = ${token},
        claimed_until = now() + make_interval(secs => ${leaseSeconds})
      WHERE id IN (
        SELECT id FROM worker_jobs
        WHERE done_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
          AND (claimed_until IS NULL OR claimed_until <= now())
        ORDER BY next_attempt_at, id LIMIT ${options.batchSize ?? 5} FOR UPDATE SKIP LOCKED
      )
      RETURNING id, kind, subject, attempts
    `.execute(db)
  ).rows.sort((a, b) => Number(a.id) - Number(b.id));
  const round: JobRound = {
    claimed: claimed.length,
    done: [],
    skipped: [],
    retried: [],
    failed: [],
  };
  let next = 0;
  for (; next < claimed.length; next++) {
    const job = claimed[next]!;
    if (options.shouldStop?.()) break;
    try {
      let finished: boolean;
      if (job.kind === "consultation_closed") {
        finished = await inTransaction(db, async (trx) => {
          // Marked done first: the row stays locked until commit, so a second worker holding an
          // expired claim waits here and then finds it done (or no longer its own).
          const mine = await sql`
            UPDATE worker_jobs SET done_at = now(), claimed_by = NULL, claimed_until = NULL
            WHERE id = ${job.id} AND claimed_by = ${token} AND done_at IS NULL
            RETURNING id
          `.execute(trx);
          if (mine.rows.length === 0) return false;
          await recordNotifications(trx, await closingNotices(trx, job.subject), options.render);
          return true;
        });
      } else {
        await runComparison(db, job.subject, options.compute);
        const mine = await sql`
          UPDATE worker_jobs SET done_at = now(), claimed_by = NULL, claimed_until = NULL
          WHERE id = ${job.id} AND claimed_by = ${token} AND done_at IS NULL
          RETURNING id
        `.execute(db);
        finished = mine.rows.length > 0;
      }
      if (finished) round.done.push({ id: job.id, kind: job.kind, subject: job.subject });
      else round.skipped.push(job.id);
    } catch (cause) {
      const error = (cause as Error)?.message?.slice(0, 1000) || String(cause);
      if (job.attempts >= maxAttempts) {
        await sql`
          UPDATE worker_jobs SET failed_at = now(), claimed_by = NULL, claimed_until = NULL,
            last_error = ${error}
          WHERE id = ${job.id} AND claimed_by = ${token}
        `.execute(db);
        round.failed.push({ id: job.id, error });
      } else {
        await sql`
          UPDATE worker_jobs SET claimed_by = NULL, claimed_until = NULL, last_error = ${error},
            next_attempt_at = now() + make_interval(secs => ${retryDelay(job.attempts)})
          WHERE id = ${job.id} AND claimed_by = ${token}
        `.execute(db);
        round.retried.push({ id: job.id, error });
      }
    }
  }
  await releaseClaims(
    db,
    token,
    claimed.slice(next).map((c) => c.id),
  );
  return round;
}

/**
 * The jobs running in this process: kick() sweeps and runs now; stop() finishes the job in
 * progress, hands the rest of its claim back, and ends the loop.
 */
export type RunningJobs = PollingLoop;

/**
 * Runs the jobs in this process until stopped: sweeps for due jobs every `sweepMs`, runs what is
 * claimable, then polls every `pollMs`. Any number of these may run against one database.
 */
export function startBackgroundJobs(
  db: Kysely<Database>,
  options: JobOptions & {
    log?: (line: string) => void;
    pollMs?: number;
    sweepMs?: number;
    /** The longest wait between rounds while the table cannot be read (default 30 s). */
    maxBackoffMs?: number;
  },
): RunningJobs {
  const pollMs = options.pollMs ?? 1000;
  const sweepMs = options.sweepMs ?? 5000;
  const maxBackoffMs = Math.max(pollMs, options.maxBackoffMs ?? 30_000);
  const log = options.log ?? (() => {});
  let sweptAt = 0;
  return startPollingLoop({
    pollMs,
    maxBackoffMs,
    async round({ stopping }) {
      if (Date.now() - sweptAt >= sweepMs) {
        await queueDueJobs(db);
        sweptAt = Date.now();
      }
      const round = await runDueJobs(db, { ...options, shouldStop: stopping });
      for (const f of round.failed) log(`Worker jobs: gave up on job ${f.id}: ${f.error}`);
      for (const r of round.retried) log(`Worker jobs: job ${r.id} failed, will retry: ${r.error}`);
      return round.claimed === (options.batchSize ?? 5);
    },
    log: (message) =>
      log(`Worker jobs: ${message} (the jobs cannot be read; backing off, will retry)`),
    onKick: () => {
      sweptAt = 0;
    },
  });
}
