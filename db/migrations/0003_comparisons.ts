import { type Kysely, sql } from "kysely";

// Frozen. The comparison table (修改对照表): versions never change, so a comparison of two
// versions is computed once and kept; drafters write an explanation (修改说明) per row.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE comparisons (
      from_version_id text NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
      to_version_id text NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
      algorithm text NOT NULL,
      result jsonb NOT NULL CHECK (jsonb_typeof(result) = 'object'),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (from_version_id, to_version_id, algorithm),
      CHECK (from_version_id <> to_version_id)
    );

    -- An explanation belongs to a row of one comparison, named by the pids it pairs, so it
    -- survives recomputation and stays with the article across the table's views.
    CREATE TABLE comparison_notes (
      from_version_id text NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
      to_version_id text NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
      row_key text NOT NULL CHECK (length(row_key) BETWEEN 1 AND 2000),
      note text NOT NULL CHECK (length(note) <= 5000),
      updated_by text REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (from_version_id, to_version_id, row_key)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE comparison_notes, comparisons;`.execute(db);
}
