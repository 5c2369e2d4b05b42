import { type Kysely, sql } from "kysely";

// Contact-point reports (issue 6): an activity belongs to the report (submission) it was
// recorded in; a correction copies the activities of the report it replaces (copied_from_id, so
// a printed QR code follows the correction). Once a report is submitted it is frozen: the
// database refuses to change or delete its activities and the substance of its opinions, to add
// to it, or to move it back to draft. Moderation (status, hidden_reason) stays possible.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE contact_point_activities
      ADD COLUMN submission_id text REFERENCES submissions(id),
      ADD COLUMN copied_from_id text REFERENCES contact_point_activities(id);
    CREATE INDEX contact_point_activities_by_submission
      ON contact_point_activities (submission_id);
    CREATE INDEX contact_point_activities_copied_from
      ON contact_point_activities (copied_from_id) WHERE copied_from_id IS NOT NULL;
    CREATE INDEX opinions_by_submission ON opinions (submission_id) WHERE submission_id IS NOT NULL;

    CREATE FUNCTION kaimen_submission_is_frozen(sid text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT status <> 'draft' FROM submissions WHERE id = sid), false)
      $$;

    CREATE FUNCTION kaimen_opinions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND kaimen_submission_is_frozen(OLD.submission_id) THEN
        IF TG_OP = 'DELETE' OR
           ROW(NEW.body, NEW.proposed_text, NEW.provision_pid, NEW.scope, NEW.headcount,
               NEW.channel, NEW.contact_point_id, NEW.submission_id, NEW.activity_id,
               NEW.respondent_type, NEW.consultation_id, NEW.version_id)
           IS DISTINCT FROM
           ROW(OLD.body, OLD.proposed_text, OLD.provision_pid, OLD.scope, OLD.headcount,
               OLD.channel, OLD.contact_point_id, OLD.submission_id, OLD.activity_id,
               OLD.respondent_type, OLD.consultation_id, OLD.version_id) THEN
          RAISE EXCEPTION 'submission_frozen: the opinions of a submitted report cannot change'
            USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND kaimen_submission_is_frozen(NEW.submission_id)
         AND (TG_OP = 'INSERT' OR NEW.submission_id IS DISTINCT FROM OLD.submission_id) THEN
        RAISE EXCEPTION 'submission_frozen: a submitted report takes no new opinions'
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published'
         AND NEW.submission_id IS NOT NULL AND NOT kaimen_submission_is_frozen(NEW.submission_id) THEN
        RAISE EXCEPTION 'submission_draft: an opinion of a report in preparation is not published'
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER opinions_frozen BEFORE INSERT OR UPDATE OR DELETE ON opinions
      FOR EACH ROW EXECUTE FUNCTION kaimen_opinions_frozen();

    CREATE FUNCTION kaimen_activities_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND kaimen_submission_is_frozen(OLD.submission_id) THEN
        RAISE EXCEPTION 'submission_frozen: the activities of a submitted report cannot change'
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND kaimen_submission_is_frozen(NEW.submission_id) THEN
        RAISE EXCEPTION 'submission_frozen: a submitted report takes no new activities'
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER contact_point_activities_frozen
      BEFORE INSERT OR UPDATE OR DELETE ON contact_point_activities
      FOR EACH ROW EXECUTE FUNCTION kaimen_activities_frozen();

    CREATE FUNCTION kaimen_submissions_forward() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'submission_frozen: a submitted report cannot be deleted'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status <> 'draft' AND (
           NEW.status = 'draft' OR (OLD.status = 'received' AND NEW.status <> 'received')
           OR NEW.contact_point_id <> OLD.contact_point_id
           OR NEW.consultation_id <> OLD.consultation_id
           OR NEW.replaces_id IS DISTINCT FROM OLD.replaces_id
           OR NEW.note <> OLD.note
           OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at) THEN
        RAISE EXCEPTION 'submission_frozen: a submitted report only moves on to received'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER submissions_forward BEFORE UPDATE OR DELETE ON submissions
      FOR EACH ROW EXECUTE FUNCTION kaimen_submissions_forward();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER submissions_forward ON submissions;
    DROP FUNCTION kaimen_submissions_forward();
    DROP TRIGGER contact_point_activities_frozen ON contact_point_activities;
    DROP FUNCTION kaimen_activities_frozen();
    DROP TRIGGER opinions_frozen ON opinions;
    DROP FUNCTION kaimen_opinions_frozen();
    DROP FUNCTION kaimen_submission_is_frozen(text);
    DROP INDEX opinions_by_submission;
    DROP INDEX contact_point_activities_copied_from;
    DROP INDEX contact_point_activities_by_submission;
    ALTER TABLE contact_point_activities DROP COLUMN copied_from_id, DROP COLUMN submission_id;
  `.execute(db);
}
