import { type Kysely, sql } from "kysely";

// Issue 18 item 6: a contact point's activities told apart and their paper kept.
// - Two 座谈会 on one day in one place were indistinguishable in every list and picker; an
//   activity now carries the time it started, who hosted it (主持人/承办) and an optional title.
//   All three are optional, so the activities recorded before stay valid as they are.
// - Photos or scans of the written opinions handed in at a meeting are files under the data
//   directory; only their metadata lives here. `storage_key` is the file's name there (random,
//   never the uploader's name), `public` says the file may be shown on the public activity page.
//   Deleting an activity deletes its rows; the service removes the files.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE contact_point_activities
      ADD COLUMN start_time text CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      ADD COLUMN host text NOT NULL DEFAULT '' CHECK (length(host) <= 100),
      ADD COLUMN title text NOT NULL DEFAULT '' CHECK (length(title) <= 100);

    CREATE TABLE activity_attachments (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      activity_id text NOT NULL REFERENCES contact_point_activities(id) ON DELETE CASCADE,
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
      media_type text NOT NULL
        CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
      byte_size integer NOT NULL CHECK (byte_size > 0),
      sha256 text NOT NULL,
      storage_key text NOT NULL UNIQUE,
      public boolean NOT NULL DEFAULT false,
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX activity_attachments_by_activity ON activity_attachments (activity_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE activity_attachments;
    ALTER TABLE contact_point_activities
      DROP COLUMN start_time, DROP COLUMN host, DROP COLUMN title;
  `.execute(db);
}
