// Mail delivery: drains the mail outbox (migration 0015) into the SMTP transport, in the worker.
// The search indexer's pattern (search/indexer.ts), with one difference that matters for mail:
// a message, once handed to the transport, cannot be taken back, so rows are sent one at a time
// and each is marked sent the moment the transport accepts it.
//
// - Claim: a batch is claimed with FOR UPDATE SKIP LOCKED in one short statement that stamps it
//   with this round's claim token and a lease (claimed_until), so several workers never take the
//   same rows and no transaction stays open while SMTP is talked to. A killed worker's lease
//   simply expires and another worker takes the rows.
// - Before each send the claim is confirmed (and the lease renewed) in one statement; a row whose
//   lease was lost to another worker is skipped. Every later write is guarded by the token.
// - A refused or unanswered send comes back after an exponential backoff (the indexer's
//   `backoffSeconds`), its error kept; past `maxAttempts` the row is given up (failed_at) and
//   logged, and stays for an operator to look at or requeue.
// - Stopping finishes the message being sent and hands the rest of the batch back.
//
// Delivery is at least once, as with any SMTP client: if the process dies (or the database drops
// out) after the server accepted a message and before the row says so, the message is sent again
// once the lease expires. That window is one UPDATE long, and every message carries a Message-ID
// derived from its outbox row, so a receiving server or mail client can drop the duplicate.

import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { isDatabaseUnavailable } from "../db/unavailable.ts";
import { backoffSeconds, startPollingLoop, type PollingLoop } from "../db/polling-loop.ts";
import { mailSender, mailTransport, type MailTransport } from "./notifications.ts";

/** How a delivery round behaves; every field has a default fit for production. */
export interface DeliveryOptions {
  /** Where messages go; by default the configured transport (services/notifications.ts). */
  transport?: MailTransport;
  /** Messages claimed at once (default 10): small, since they are sent one after another. */
  batchSize?: number;
  /** How long a claim lasts without being renewed (default 300 s). */
  leaseSeconds?: number;
  /** Tries before a message is given up (default 20: about an hour of backoff). */
  maxAttempts?: number;
  /** Seconds before a failed message is tried again (default: 2, 4, 8… up to five minutes). */
  retryDelaySeconds?: (attempts: number) => number;
  /** A send with no answer after this long counts as failed (default 60 s; 0: wait forever). */
  sendTimeoutMs?: number;
}

/** What one round did: messages sent, to be retried, and given up. */
export interface DeliveryRound {
  claimed: number;
  sent: string[];
  retried: { id: string; attempts: number; inSeconds: number; error: string }[];
  failed: { id: string; attempts: number; error: string }[];
}

interface Claimed {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  last_error: string | null;
}

/** The database dropped out during a round; `ids` are still claimed under `token`. */
export class MailDeliveryInterrupted extends Error {
  constructor(
    readonly token: string,
    readonly ids: string[],
    cause: unknown,
  ) {
    super((cause as Error)?.message || String(cause), { cause });
    this.name = "MailDeliveryInterrupted";
  }
}

/** The Message-ID of an outbox row: stable across retries, so a duplicate can be recognised. */
export function messageIdFor(outboxId: string, from: string = mailSender()): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "kaimen.local";
  return `<mail-outbox-${outboxId}@${domain}>`;
}

/** Hands claimed rows back at once, without counting the claim as an attempt. */
async function releaseClaims(db: Kysely<Database>, token: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL,
      attempts = greatest(0, attempts - 1)
    WHERE id = ANY(${ids}::bigint[]) AND claimed_by = ${token} AND sent_at IS NULL
  `.execute(db);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the mail server did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Sends one batch of due messages from the outbox; the worker's loop calls it, and tests call it
 * to deliver what a request queued. `shouldStop` is asked before each message: when it answers
 * true, the rest of the batch is handed back.
 */
export async function deliverPendingMail(
  db: Kysely<Database>,
  options: DeliveryOptions & { shouldStop?: () => boolean } = {},
): Promise<DeliveryRound> {
  const leaseSeconds = options.leaseSeconds ?? 300;
  const maxAttempts = options.maxAttempts ?? 20;
  const retryDelay = options.retryDelaySeconds ?? backoffSeconds;
  const token = randomUUID();
  const claimed = (
    await sql<Claimed>`
      UPDATE mail_outbox SET attempts = attempts + 1, claimed_by = ${token},
        claimed_until = now() + make_interval(secs => ${leaseSeconds})
      WHERE id IN (
        SELECT id FROM mail_outbox
        WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
          AND (claimed_until IS NULL OR claimed_until <= now())
        ORDER BY next_attempt_at, id LIMIT ${options.batchSize ?? 10} FOR UPDATE SKIP LOCKED
      )
      RETURNING id, recipient, subject, body, attempts, last_error
    `.execute(db)
  ).rows.sort((a, b) => Number(a.id) - Number(b.id));
  const round: DeliveryRound = { claimed: claimed.length, sent: [], retried: [], failed: [] };
  const from = mailSender();
  let next = 0;
  try {
    for (; next < claimed.length; next++) {
      const mail = claimed[next]!;
      if (options.shouldStop?.()) break;
      if (mail.attempts > maxAttempts) {
        // Its tries were all used by workers that died holding it (a message that kills the
        // process would otherwise be retried for ever).
        const error = mail.last_error ?? "delivery was interrupted on every attempt";
        await sql`
          UPDATE mail_outbox SET failed_at = now(), claimed_by = NULL, claimed_until = NULL,
            last_error = ${error}
          WHERE id = ${mail.id} AND claimed_by = ${token}
        `.execute(db);
        round.failed.push({ id: mail.id, attempts: mail.attempts, error });
        continue;
      }
      const still = await sql`
        UPDATE mail_outbox SET claimed_until = now() + make_interval(secs => ${leaseSeconds})
        WHERE id = ${mail.id} AND claimed_by = ${token} AND sent_at IS NULL
        RETURNING id
      `.execute(db);
      if (still.rows.length === 0) continue; // the lease ran out and another worker has it
      try {
        const transport = options.transport ?? mailTransport();
        await withTimeout(
          transport.sendMail({
            from,
            to: mail.recipient,
            subject: mail.subject,
            text: mail.body,
            messageId: messageIdFor(mail.id, from),
          }),
          options.sendTimeoutMs ?? 60_000,
        );
      } catch (cause) {
        const error = (cause as Error)?.message?.slice(0, 1000) || String(cause);
        if (mail.attempts >= maxAttempts) {
          await sql`
            UPDATE mail_outbox SET failed_at = now(), claimed_by = NULL, claimed_until = NULL,
              last_error = ${error}
            WHERE id = ${mail.id} AND claimed_by = ${token}
          `.execute(db);
          round.failed.push({ id: mail.id, attempts: mail.attempts, error });
        } else {
          const inSeconds = retryDelay(mail.attempts);
          await sql`
            UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL, last_error = ${error},
              next_attempt_at = now() + make_interval(secs => ${inSeconds})
            WHERE id = ${mail.id} AND claimed_by = ${token}
          `.execute(db);
          round.retried.push({ id: mail.id, attempts: mail.attempts, inSeconds, error });
        }
        continue;
      }
      // The server has the message: record it at once. Between its answer and this statement
      // lies the only window in which a crash makes the message go out twice (see the top).
      await sql`
        UPDATE mail_outbox SET sent_at = now(), claimed_by = NULL, claimed_until = NULL
        WHERE id = ${mail.id} AND claimed_by = ${token}
      `.execute(db);
      round.sent.push(mail.id);
    }
  } catch (error) {
    const unfinished = claimed.slice(next).map((c) => c.id);
    if (isDatabaseUnavailable(error)) throw new MailDeliveryInterrupted(token, unfinished, error);
    throw error;
  }
  await releaseClaims(
    db,
    token,
    claimed.slice(next).map((c) => c.id),
  );
  return round;
}

/**
 * Mail delivery running in this process: kick() looks at the outbox now; stop() finishes the
 * message being sent, hands the rest of its claim back, and ends the loop.
 */
export type RunningMailDelivery = PollingLoop;

/**
 * Runs mail delivery in this process until stopped: drains the outbox, then polls every
 * `pollMs`. Any number of these may run against one database (one per worker process).
 */
export function startMailDelivery(
  db: Kysely<Database>,
  options: DeliveryOptions & {
    log?: (line: string) => void;
    pollMs?: number;
    /** The longest wait between rounds while the outbox cannot be read (default 30 s). */
    maxBackoffMs?: number;
    /** How long sent rows are kept (default seven days). */
    keepSentDays?: number;
  } = {},
): RunningMailDelivery {
  const pollMs = options.pollMs ?? 1000;
  const maxBackoffMs = Math.max(pollMs, options.maxBackoffMs ?? 30_000);
  const log = options.log ?? (() => {});
  let lastTrouble = ""; // the trouble of the current burst, logged once
  let interrupted: MailDeliveryInterrupted | null = null;
  let prunedAt = 0;
  return startPollingLoop({
    pollMs,
    maxBackoffMs,
    async round({ recovered, stopping }) {
      if (interrupted) {
        await releaseClaims(db, interrupted.token, interrupted.ids);
        interrupted = null;
      }
      if (Date.now() - prunedAt > 3_600_000) {
        await sql`
          DELETE FROM mail_outbox
          WHERE sent_at < now() - make_interval(days => ${options.keepSentDays ?? 7})
        `.execute(db);
        prunedAt = Date.now();
      }
      const round = await deliverPendingMail(db, { ...options, shouldStop: stopping });
      for (const f of round.failed)
        log(
          `Mail delivery: gave up on outbox message ${f.id} after ${f.attempts} attempts: ${f.error}`,
        );
      const trouble = round.retried.at(-1)?.error;
      if (trouble && trouble !== lastTrouble)
        log(`Mail delivery: ${trouble} (messages wait and are retried with backoff)`);
      if (!trouble && round.sent.length && (lastTrouble || recovered))
        log("Mail delivery: sending again");
      if (trouble) lastTrouble = trouble;
      else if (round.sent.length) lastTrouble = "";
      return round.sent.length > 0 && round.claimed === (options.batchSize ?? 10);
    },
    caught(error) {
      if (error instanceof MailDeliveryInterrupted) interrupted = error;
    },
    log: (message) =>
      log(`Mail delivery: ${message} (the outbox cannot be read; backing off, will retry)`),
    async finally() {
      if (interrupted)
        await releaseClaims(db, interrupted.token, interrupted.ids).catch(() => undefined);
    },
  });
}

/** How far mail delivery is behind: messages waiting, given up, and the age of the oldest. */
export async function mailOutboxLag(
  db: Kysely<Database>,
): Promise<{ pending: number; failed: number; oldestSeconds: number }> {
  const row = (
    await sql<{ pending: number; failed: number; oldest: number | null }>`
      SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL)::int AS pending,
        count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
        extract(epoch FROM now() - min(created_at) FILTER (
          WHERE sent_at IS NULL AND failed_at IS NULL))::float8 AS oldest
      FROM mail_outbox
    `.execute(db)
  ).rows[0]!;
  return {
    pending: row.pending,
    failed: row.failed,
    oldestSeconds: Math.round((row.oldest ?? 0) * 10) / 10,
  };
}
