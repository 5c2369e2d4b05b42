import { type Kysely, sql } from "kysely";

// Frozen. What the consultation loop (issue 5) and the contact points (issue 6) need beyond the
// core: deadline notices, user reports of opinions, in-app notifications, the provenance of
// opinions recorded by drafters from other channels, contact-point activities, and the
// publication of a consultation's handling (采纳情况反馈).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE consultations
      ADD COLUMN report_published_at timestamptz,
      ADD COLUMN report_note text NOT NULL DEFAULT '' CHECK (length(report_note) <= 20000),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

    CREATE TABLE consultation_notices (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('deadline_extended', 'notice')),
      body text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
      previous_closes_at timestamptz,
      new_closes_at timestamptz,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'deadline_extended') = (new_closes_at IS NOT NULL))
    );
    CREATE INDEX consultation_notices_by_consultation
      ON consultation_notices (consultation_id, created_at);

    CREATE TABLE contact_point_activities (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      contact_point_id text NOT NULL REFERENCES contact_points(id),
      consultation_id text NOT NULL REFERENCES consultations(id),
      kind text NOT NULL CHECK (kind IN ('symposium', 'visit', 'questionnaire', 'letter', 'other')),
      held_on date NOT NULL,
      place text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
      headcount integer NOT NULL DEFAULT 1 CHECK (headcount BETWEEN 1 AND 100000),
      participants text[] NOT NULL DEFAULT '{}',
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
      lookup_token text NOT NULL UNIQUE,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX contact_point_activities_by_point
      ON contact_point_activities (contact_point_id, consultation_id);

    ALTER TABLE contact_points
      ADD COLUMN host_organization text NOT NULL DEFAULT '' CHECK (length(host_organization) <= 200);

    ALTER TABLE opinions
      ADD COLUMN activity_id text REFERENCES contact_point_activities(id) ON DELETE CASCADE,
      ADD COLUMN provenance text CHECK (length(provenance) <= 500),
      ADD COLUMN received_on date,
      ADD COLUMN recorded_by text REFERENCES users(id),
      ADD CONSTRAINT opinions_activity_has_point
        CHECK (activity_id IS NULL OR contact_point_id IS NOT NULL);
    CREATE INDEX opinions_by_activity ON opinions (activity_id) WHERE activity_id IS NOT NULL;
    CREATE INDEX opinions_by_consultation_time ON opinions (consultation_id, created_at);

    CREATE TABLE opinion_reports (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      opinion_id text NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
      reporter_user_id text REFERENCES users(id) ON DELETE SET NULL,
      reporter_ip text,
      reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by text REFERENCES users(id)
    );
    CREATE UNIQUE INDEX opinion_reports_once
      ON opinion_reports (opinion_id, reporter_user_id) WHERE reporter_user_id IS NOT NULL;
    CREATE INDEX opinion_reports_open ON opinion_reports (opinion_id) WHERE resolved_at IS NULL;

    CREATE TABLE notifications (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX notifications_by_user ON notifications (user_id, created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE notifications;
    DROP TABLE opinion_reports;
    DROP INDEX opinions_by_consultation_time;
    DROP INDEX opinions_by_activity;
    ALTER TABLE opinions DROP CONSTRAINT opinions_activity_has_point,
      DROP COLUMN recorded_by, DROP COLUMN received_on, DROP COLUMN provenance,
      DROP COLUMN activity_id;
    ALTER TABLE contact_points DROP COLUMN host_organization;
    DROP TABLE contact_point_activities;
    DROP TABLE consultation_notices;
    ALTER TABLE consultations DROP COLUMN updated_at, DROP COLUMN report_note,
      DROP COLUMN report_published_at;
  `.execute(db);
}
