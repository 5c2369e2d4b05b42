import { type Kysely, sql } from "kysely";

// 起草说明 per provision (issue 18 item 4): the drafters' explanation of a chapter, section or
// article of one reading, shown beside the text. Keyed by (version, pid): a reading is
// immutable, its notes are not (drafters write them after publishing, and correct them), and a
// later reading gets its own. A note goes with its provision row.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE explanatory_notes (
      version_id text NOT NULL,
      pid text NOT NULL,
      body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
      updated_by text REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (version_id, pid),
      FOREIGN KEY (version_id, pid) REFERENCES provisions(version_id, pid) ON DELETE CASCADE
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE explanatory_notes`.execute(db);
}
