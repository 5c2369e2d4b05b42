import { type Kysely, sql } from "kysely";

// Frozen. Collaborative drafting: the server orders drafters' steps (prosemirror-collab's model),
// and a draft remembers the revision it last published, so the app knows whether it holds
// unpublished work.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE drafts
      ADD COLUMN published_revision integer NOT NULL DEFAULT 0 CHECK (published_revision >= 0),
      ADD CONSTRAINT drafts_published_not_ahead CHECK (published_revision <= revision);

    -- Step n turns revision n-1 into revision n. Kept so a client that fell behind can catch up
    -- by fetching the steps it missed.
    CREATE TABLE draft_steps (
      draft_id text NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
      revision integer NOT NULL CHECK (revision >= 1),
      step jsonb NOT NULL CHECK (jsonb_typeof(step) = 'object'),
      client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 100),
      user_id text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (draft_id, revision)
    );

  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE draft_steps;
    ALTER TABLE drafts DROP CONSTRAINT drafts_published_not_ahead, DROP COLUMN published_revision;
  `.execute(db);
}
