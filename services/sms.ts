import type { Kysely } from "kysely";
import { backoffSeconds, startPollingLoop, type PollingLoop } from "../db/polling-loop.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";

// Text messages (issue 18): the only one Kaimen sends is an opinion's outcome, to a mobile number
// its author left with consent (services/outcome-notices.ts). The sender is pluggable: anything
// with `send` serves. The one built in, the log sender, writes the message as a JSON line to the
// worker's log and talks to no network — a deployment with a gateway adds its adapter here and
// names it in KAIMEN_SMS_SENDER (config/env.ts). Messages are queued in `sms_outbox` (migration
// 0028) by the publishing transaction and drained by the worker, so a rolled-back publication
// texts nobody and a slow gateway never holds up the reviewer.
//
// The drain claims a few rows with FOR UPDATE SKIP LOCKED inside one short transaction, sends
// them and marks them sent before it commits: outcome messages are few (one per published
// disposition with a contact), so holding the rows for the length of a send costs nothing, and
// two workers never send one row. A refused send waits `backoffSeconds` and is given up after
// `MAX_ATTEMPTS`.

/** One text message as a sender receives it. */
export interface SmsMessage {
  to: string;
  text: string;
}

/** Anything that delivers a text message; resolves once the message is handed over. */
export interface SmsSender {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** The senders KAIMEN_SMS_SENDER may name. */
export type SmsSenderName = "log";

/** The default sender: one JSON line per message in the log, no network. */
export function logSmsSender(log: (line: string) => void): SmsSender {
  return {
    name: "log",
    async send(message) {
      log(JSON.stringify({ msg: "sms", to: message.to, text: message.text }));
    },
  };
}

let configured: SmsSender = logSmsSender((line) => process.stdout.write(`${line}\n`));
let override: SmsSender | null = null;

/** Sets the sender once at start-up from the validated setting (KAIMEN_SMS_SENDER). */
export function configureSms(name: SmsSenderName, log: (line: string) => void): void {
  switch (name) {
    case "log":
      configured = logSmsSender(log);
  }
}

/** The sender in use: the one a test put in place, else the configured one. */
export function smsSender(): SmsSender {
  return override ?? configured;
}

/** Replaces the sender (tests catch the messages); null goes back to the configured one. */
export function useSmsSender(next: SmsSender | null): void {
  override = next;
}

/** Queues text messages in the caller's transaction: they go out once it commits. */
export async function queueSms(db: Kysely<Database>, messages: SmsMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto("sms_outbox")
    .values(messages.map((m) => ({ recipient: m.to, body: m.text })))
    .execute();
}

const MAX_ATTEMPTS = 20;

/** Sends the due messages of the outbox (up to `batchSize`); returns how many went out. */
export async function deliverPendingSms(
  db: Kysely<Database>,
  options: { sender?: SmsSender; batchSize?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const sender = options.sender ?? smsSender();
  return inTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom("sms_outbox")
      .select(["id", "recipient", "body", "attempts"])
      .where("sent_at", "is", null)
      .where("failed_at", "is", null)
      .where("next_attempt_at", "<=", new Date())
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(options.batchSize ?? 10)
      .forUpdate()
      .skipLocked()
      .execute();
    let sent = 0;
    let failed = 0;
    for (const row of rows) {
      const attempts = row.attempts + 1;
      try {
        await sender.send({ to: row.recipient, text: row.body });
        await trx
          .updateTable("sms_outbox")
          .set({ sent_at: new Date(), attempts, last_error: null })
          .where("id", "=", row.id)
          .execute();
        sent += 1;
      } catch (error) {
        failed += 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        await trx
          .updateTable("sms_outbox")
          .set({
            attempts,
            last_error: error instanceof Error ? error.message : String(error),
            next_attempt_at: new Date(Date.now() + backoffSeconds(attempts) * 1000),
            failed_at: giveUp ? new Date() : null,
          })
          .where("id", "=", row.id)
          .execute();
      }
    }
    return { sent, failed };
  });
}

/** Drains the SMS outbox in the worker until stopped. */
export function startSmsDelivery(
  db: Kysely<Database>,
  options: { log?: (line: string) => void; pollMs?: number } = {},
): PollingLoop {
  const log = options.log ?? (() => {});
  return startPollingLoop({
    pollMs: options.pollMs ?? 1000,
    maxBackoffMs: 30_000,
    log,
    async round() {
      const round = await deliverPendingSms(db);
      if (round.failed > 0) log(`SMS delivery: ${round.failed} message(s) refused; retried later`);
      return round.sent + round.failed > 0;
    },
  });
}
