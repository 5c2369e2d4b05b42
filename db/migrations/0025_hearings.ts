import { type Kysely, sql } from "kysely";

// 听证会 (issue 17 item 3). A hearing belongs to one consultation: the reading it hears, whose
// handling view receives the points made at it once the report is published.
// - Registration is open between registration_opens_at and registration_closes_at; each
//   registration gets the next public number of its hearing (1, 2, 3…), by which the drawn list
//   names it. Its phone and e-mail are for the drafters only.
// - One registration per signed-in person is a unique key (the user id is copied into
//   `one_per_user_key`); a repeated submission with the same idempotency key answers with the
//   first registration.
// - The draw is commit-reveal: announcing stores a random seed and publishes its SHA-256
//   (`seed_hash`) before anyone registers; the draw reveals `seed`, and the outcome is a pure
//   function of the seed and the registrations (services/hearing-draw.ts) anyone can re-run.
// - Publishing the report turns each point into an opinion (channel 'hearing'); `opinion_id`
//   links it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE hearings (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      questions text NOT NULL CHECK (length(btrim(questions)) BETWEEN 1 AND 5000),
      held_at timestamptz NOT NULL,
      place text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 200),
      speaker_seats integer NOT NULL CHECK (speaker_seats BETWEEN 1 AND 50),
      reserve_seats integer NOT NULL DEFAULT 0 CHECK (reserve_seats BETWEEN 0 AND 20),
      selection_method text NOT NULL DEFAULT '' CHECK (length(selection_method) <= 2000),
      registration_opens_at timestamptz NOT NULL,
      registration_closes_at timestamptz NOT NULL,
      seed_hash text CHECK (seed_hash ~ '^[0-9a-f]{64}$'),
      seed text CHECK (seed ~ '^[0-9a-f]{64}$'),
      announced_at timestamptz,
      drawn_at timestamptz,
      report_record text NOT NULL DEFAULT '' CHECK (length(report_record) <= 20000),
      report_published_at timestamptz,
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (registration_closes_at > registration_opens_at),
      CHECK (held_at >= registration_closes_at),
      CHECK (announced_at IS NULL OR (seed_hash IS NOT NULL AND seed IS NOT NULL)),
      CHECK (drawn_at IS NULL OR announced_at IS NOT NULL),
      CHECK (report_published_at IS NULL OR drawn_at IS NOT NULL)
    );
    CREATE INDEX hearings_by_consultation ON hearings (consultation_id);
    CREATE INDEX hearings_announced ON hearings (announced_at DESC, id)
      WHERE announced_at IS NOT NULL;

    CREATE TABLE hearing_registrations (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      hearing_id text NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
      number integer NOT NULL CHECK (number >= 1),
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
      respondent_type text NOT NULL DEFAULT 'individual' CHECK (respondent_type IN
        ('individual', 'enterprise', 'organization', 'deputy', 'cppcc_member', 'expert',
         'department', 'other')),
      stance text NOT NULL CHECK (stance IN ('for', 'against', 'other')),
      points text NOT NULL CHECK (length(btrim(points)) BETWEEN 1 AND 2000),
      contact_phone text CHECK (length(contact_phone) <= 30),
      contact_email text CHECK (length(contact_email) <= 200),
      locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
      user_id text REFERENCES users(id) ON DELETE SET NULL,
      one_per_user_key text,
      outcome text CHECK (outcome IN ('selected', 'reserve', 'not_selected')),
      draw_position integer CHECK (draw_position >= 1),
      idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      request_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (contact_phone IS NOT NULL OR contact_email IS NOT NULL),
      CHECK ((outcome IN ('selected', 'reserve')) = (draw_position IS NOT NULL)),
      UNIQUE (hearing_id, number),
      UNIQUE (hearing_id, one_per_user_key),
      UNIQUE (hearing_id, idempotency_key)
    );

    CREATE TABLE hearing_report_points (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      hearing_id text NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
      position integer NOT NULL CHECK (position >= 1),
      registration_id text REFERENCES hearing_registrations(id) ON DELETE SET NULL,
      speaker_name text NOT NULL CHECK (length(btrim(speaker_name)) BETWEEN 1 AND 50),
      respondent_type text NOT NULL DEFAULT 'individual' CHECK (respondent_type IN
        ('individual', 'enterprise', 'organization', 'deputy', 'cppcc_member', 'expert',
         'department', 'other')),
      -- A provision of the consultation's version; NULL: the point is on the whole draft.
      provision_pid text,
      point text NOT NULL CHECK (length(btrim(point)) BETWEEN 1 AND 5000),
      response text NOT NULL DEFAULT '' CHECK (length(response) <= 5000),
      opinion_id text REFERENCES opinions(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX hearing_report_points_by_hearing ON hearing_report_points (hearing_id, position);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE hearing_report_points, hearing_registrations, hearings;`.execute(db);
}
