import { type Kysely, sql } from "kysely";

// The worker's jobs (issue 14): work that follows a change but should not run inside the
// request that made it. One row per job, named by its kind and subject and unique on them, so
// a job is queued once however many workers look for it. Rows are claimed like the outboxes'
// (FOR UPDATE SKIP LOCKED with a lease, services/background-jobs.ts) and kept once done, so the
// unique key also remembers that a job ran.
// - comparison: a published reading compared with the one before it (subject
//   `<algorithm>:<from version>><to version>`), computed ahead of the first reader.
// - consultation_closed: the drafters told that a consultation closed (subject: its id). The
//   job is marked done in the transaction that records the notifications, so they are recorded
//   once.
// Consultations already closed when this migration runs closed before there were notices: they
// are recorded as done, so a first worker does not tell drafters of closings long past.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE worker_jobs (
      id bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('comparison', 'consultation_closed')),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_by text,
      claimed_until timestamptz,
      done_at timestamptz,
      failed_at timestamptz,
      last_error text,
      UNIQUE (kind, subject),
      CHECK ((claimed_by IS NULL) = (claimed_until IS NULL)),
      CHECK (done_at IS NULL OR failed_at IS NULL)
    );
    CREATE INDEX worker_jobs_due ON worker_jobs (next_attempt_at, id)
      WHERE done_at IS NULL AND failed_at IS NULL;
    INSERT INTO worker_jobs (kind, subject, done_at)
      SELECT 'consultation_closed', id, now() FROM consultations WHERE closes_at <= now();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE worker_jobs`.execute(db);
}
