import { type Kysely, sql } from "kysely";

// Moderation (issue 5 item 5): the sensitive words that sent an opinion to the queue, and the
// category a reporter chose when reporting an opinion.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE opinions
      ADD COLUMN held_words text[] CHECK (held_words IS NULL OR cardinality(held_words) BETWEEN 1 AND 50);

    ALTER TABLE opinion_reports
      ADD COLUMN category text NOT NULL DEFAULT 'other'
        CHECK (category IN ('spam', 'abuse', 'privacy', 'illegal', 'off_topic', 'other'));
    CREATE UNIQUE INDEX opinion_reports_once_per_address
      ON opinion_reports (opinion_id, reporter_ip)
      WHERE reporter_user_id IS NULL AND reporter_ip IS NOT NULL AND resolved_at IS NULL;
    CREATE INDEX opinions_pending ON opinions (consultation_id, created_at) WHERE status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX opinions_pending;
    DROP INDEX opinion_reports_once_per_address;
    ALTER TABLE opinion_reports DROP COLUMN category;
    ALTER TABLE opinions DROP COLUMN held_words;
  `.execute(db);
}
