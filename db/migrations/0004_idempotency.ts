import { type Kysely, sql } from "kysely";

// Frozen. Every public write carries an idempotency key; the first answer given for a key is
// kept (at least 24 hours, CONTRACTS.md) so a repeat gets exactly that answer again.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE idempotency_keys (
      scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 200),
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      request_hash text NOT NULL,
      status integer NOT NULL CHECK (status BETWEEN 200 AND 599),
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );
    CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE idempotency_keys;`.execute(db);
}
