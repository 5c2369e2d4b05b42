import { type Kysely, sql } from "kysely";

// The mail outbox (issue 14). Notification e-mails were sent inside the drafter's request after
// its transaction committed, with no retry. Now the writing transaction inserts one row per
// message here (beside its notification rows), and a delivery loop in the worker drains the table
// (services/mail-delivery.ts): a rolled-back write sends nothing, a committed one is always sent,
// and the request never waits on SMTP.
// - claimed_by / claimed_until: the lease of the loop sending the row; a killed loop's lease
//   expires and another takes the row. Every later write of a loop is guarded by its claim token.
// - next_attempt_at: when the row may be tried (again), pushed out by backoff after a failure.
// - attempts counts claims; past the cap the row is given up (failed_at, with last_error).
// - sent_at: kept for a week so an operator can see what went out; the loop prunes older rows.
// The partial index holds only rows still to send, so the drain's claim reads a short index
// however many sent rows the table keeps.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE mail_outbox (
      id bigserial PRIMARY KEY,
      recipient text NOT NULL CHECK (recipient <> ''),
      subject text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_by text,
      claimed_until timestamptz,
      sent_at timestamptz,
      failed_at timestamptz,
      last_error text,
      CHECK ((claimed_by IS NULL) = (claimed_until IS NULL)),
      CHECK (sent_at IS NULL OR failed_at IS NULL)
    );
    CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id)
      WHERE sent_at IS NULL AND failed_at IS NULL;
    CREATE INDEX mail_outbox_sent ON mail_outbox (sent_at) WHERE sent_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE mail_outbox`.execute(db);
}
