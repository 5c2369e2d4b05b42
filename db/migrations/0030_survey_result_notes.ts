import { type Kysely, sql } from "kysely";

// The drafters' written summary of a survey's free-text question (issue 17 item 2, results): the
// answers themselves stay internal, so the public results page shows, for a text question, only
// its count and what the drafters wrote of it when they published the results.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE survey_result_notes (
      survey_id text NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      question_id text NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
      summary text NOT NULL CHECK (length(btrim(summary)) BETWEEN 1 AND 2000),
      updated_by text REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (survey_id, question_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE survey_result_notes;`.execute(db);
}
