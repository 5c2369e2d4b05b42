import { type Kysely, sql } from "kysely";

// 调研 and 评估 questionnaires (issue 17 item 2). A survey belongs to a bill or to a plan
// project and serves one purpose: 立法前评估 before drafting, a reading's 调研, or 立法后评估
// on the adopted text years later.
// - An article-specific question names a provision pid of the survey's version (the reading or
//   the adopted text), whatever its kind; the answer page shows that provision beside it.
// - A conditional question is shown only when an earlier single or multiple choice question was
//   answered with one of the listed options.
// - One response per person, where configured, is a unique key in the database (the user id is
//   copied into `one_per_person_key`), so two tabs submitting at once cannot both land.
// - A repeated submission with the same idempotency key answers with the first response.
// - Paper responses are entered by a contact point's coordinator with their provenance.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE surveys (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      bill_id text REFERENCES bills(id) ON DELETE CASCADE,
      project_id text REFERENCES plan_projects(id) ON DELETE CASCADE,
      version_id text REFERENCES versions(id) ON DELETE SET NULL,
      purpose text NOT NULL CHECK (purpose IN ('pre_legislative', 'reading', 'post_legislative')),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL,
      audience text NOT NULL DEFAULT 'anyone' CHECK (audience IN ('anyone', 'signed_in')),
      one_per_person boolean NOT NULL DEFAULT false,
      published_at timestamptz,
      results_published_at timestamptz,
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (closes_at > opens_at),
      CHECK (bill_id IS NOT NULL OR project_id IS NOT NULL),
      CHECK (NOT one_per_person OR audience = 'signed_in'),
      CHECK (results_published_at IS NULL OR published_at IS NOT NULL)
    );
    CREATE INDEX surveys_by_bill ON surveys (bill_id, opens_at) WHERE bill_id IS NOT NULL;
    CREATE INDEX surveys_by_project ON surveys (project_id) WHERE project_id IS NOT NULL;
    CREATE INDEX surveys_published ON surveys (closes_at, id) WHERE published_at IS NOT NULL;

    CREATE TABLE survey_questions (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      survey_id text NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      position integer NOT NULL CHECK (position >= 0),
      kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'text')),
      prompt text NOT NULL CHECK (length(btrim(prompt)) BETWEEN 1 AND 500),
      help text NOT NULL DEFAULT '' CHECK (length(help) <= 1000),
      required boolean NOT NULL DEFAULT false,
      -- [{"id": "a", "label": "赞成"}, …] for single and multiple choice; [] otherwise.
      options jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(options) = 'array'),
      scale_min integer,
      scale_max integer,
      scale_min_label text NOT NULL DEFAULT '' CHECK (length(scale_min_label) <= 50),
      scale_max_label text NOT NULL DEFAULT '' CHECK (length(scale_max_label) <= 50),
      provision_pid text,
      show_if_question_id text REFERENCES survey_questions(id) ON DELETE SET NULL,
      show_if_option_ids text[],
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'scale' OR (scale_min IS NOT NULL AND scale_max IS NOT NULL
        AND scale_max > scale_min AND scale_max - scale_min <= 10)),
      CHECK ((show_if_question_id IS NULL) = (show_if_option_ids IS NULL))
    );
    CREATE INDEX survey_questions_by_survey ON survey_questions (survey_id, position);

    CREATE TABLE survey_responses (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      survey_id text NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      user_id text REFERENCES users(id) ON DELETE SET NULL,
      one_per_person_key text,
      channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper')),
      contact_point_id text REFERENCES contact_points(id) ON DELETE SET NULL,
      provenance text CHECK (length(provenance) <= 500),
      received_on date,
      recorded_by text REFERENCES users(id) ON DELETE SET NULL,
      respondent_type text NOT NULL DEFAULT 'individual' CHECK (respondent_type IN
        ('individual', 'enterprise', 'organization', 'deputy', 'cppcc_member', 'expert',
         'department', 'other')),
      region text CHECK (length(region) <= 50),
      idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      request_hash text,
      receipt text NOT NULL UNIQUE,
      status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'hidden')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (channel = 'online' OR (contact_point_id IS NOT NULL AND recorded_by IS NOT NULL)),
      UNIQUE (survey_id, one_per_person_key),
      UNIQUE (survey_id, idempotency_key)
    );
    CREATE INDEX survey_responses_by_survey ON survey_responses (survey_id, created_at, id);
    CREATE INDEX survey_responses_by_point ON survey_responses (contact_point_id)
      WHERE contact_point_id IS NOT NULL;

    CREATE TABLE survey_answers (
      response_id text NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
      question_id text NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
      option_ids text[],
      scale_value integer,
      text_value text CHECK (length(text_value) <= 5000),
      PRIMARY KEY (response_id, question_id),
      CHECK (num_nonnulls(option_ids, scale_value, text_value) = 1)
    );
    CREATE INDEX survey_answers_by_question ON survey_answers (question_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE survey_answers, survey_responses, survey_questions, surveys;`.execute(db);
}
