import { type Kysely, sql } from "kysely";

// The audit log made readable and unchangeable (issue 15).
//
// Which bill an entry concerns: a column `bill_id`, filled on INSERT by a trigger from the
// entry's subject (a bill itself; a version, consultation, opinion, submission or contact point
// activity through the row it names; else the `billId` the writer put in `data`; else the bill
// of an earlier entry about the same subject, so "opinion.delete" written after its opinion is
// gone still belongs to the bill "opinion.record" named). A trigger rather than recordAudit:
// every writer is covered — the seed and anything else inserting directly — and recordAudit's
// signature stays as its callers know it. The lookups go by primary key or the subject index,
// one or two per entry. Rows already there are backfilled the same way, before the guards below
// exist. No foreign key: the log keeps the id of a bill even if the bill were ever removed, as
// it keeps subject ids.
//
// Entries cannot be changed or removed: UPDATE, DELETE and TRUNCATE of audit_log raise an
// exception. One UPDATE is let through: the one the foreign key actor_user_id ... ON DELETE SET
// NULL makes when a user is deleted (a person's erasure must stay possible, and the entries
// stay, only their link to the erased account goes). It passes only when nothing but
// actor_user_id changes, to NULL, and the user it named no longer exists, so nobody can blank
// an actor by hand. The guard protects against the application and its operators' mistakes; a
// database superuser can still drop it, as they can drop the table.
//
// Indexes for the administrator's page (/admin/audit), which pages newest first by
// (created_at, id): the order itself, and the order within one actor, one action, one bill and
// one subject type, each measured with EXPLAIN ANALYZE at 200,000 entries (bench/audit.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE audit_log ADD COLUMN bill_id text;

    CREATE FUNCTION audit_log_bill_of(p_type text, p_id text, p_data jsonb)
      RETURNS text LANGUAGE plpgsql STABLE AS $$
    DECLARE
      found text;
    BEGIN
      IF p_type = 'bill' THEN
        SELECT id INTO found FROM bills WHERE id = p_id;
      ELSIF p_type = 'version' THEN
        SELECT bill_id INTO found FROM versions WHERE id = p_id;
      ELSIF p_type = 'consultation' THEN
        SELECT v.bill_id INTO found FROM consultations c JOIN versions v ON v.id = c.version_id
          WHERE c.id = p_id;
      ELSIF p_type = 'opinion' THEN
        SELECT v.bill_id INTO found FROM opinions o JOIN versions v ON v.id = o.version_id
          WHERE o.id = p_id;
      ELSIF p_type = 'submission' THEN
        SELECT v.bill_id INTO found FROM submissions s
          JOIN consultations c ON c.id = s.consultation_id
          JOIN versions v ON v.id = c.version_id WHERE s.id = p_id;
      ELSIF p_type = 'contact_point_activity' THEN
        SELECT v.bill_id INTO found FROM contact_point_activities a
          JOIN consultations c ON c.id = a.consultation_id
          JOIN versions v ON v.id = c.version_id WHERE a.id = p_id;
      END IF;
      IF found IS NULL AND jsonb_typeof(p_data -> 'billId') = 'string' THEN
        SELECT id INTO found FROM bills WHERE id = p_data ->> 'billId';
      END IF;
      IF found IS NULL
        AND p_type IN ('version', 'consultation', 'opinion', 'submission', 'contact_point_activity')
      THEN
        SELECT a.bill_id INTO found FROM audit_log a
          WHERE a.subject_type = p_type
            AND a.subject_id = p_id AND a.bill_id IS NOT NULL
          LIMIT 1;
      END IF;
      RETURN found;
    END $$;

    CREATE FUNCTION audit_log_fill_bill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.bill_id IS NULL THEN
        NEW.bill_id := audit_log_bill_of(NEW.subject_type, NEW.subject_id, NEW.data);
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER audit_log_fill_bill BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_fill_bill();

    -- Twice: the second pass finds the bill of entries whose subject is gone through the entries
    -- the first pass placed.
    UPDATE audit_log SET bill_id = audit_log_bill_of(subject_type, subject_id, data);
    UPDATE audit_log SET bill_id = audit_log_bill_of(subject_type, subject_id, data)
      WHERE bill_id IS NULL;

    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
        AND OLD.actor_user_id IS NOT NULL AND NEW.actor_user_id IS NULL
        AND (NEW.id, NEW.action, NEW.subject_type, NEW.subject_id, NEW.data, NEW.ip,
             NEW.created_at, NEW.bill_id)
          IS NOT DISTINCT FROM (OLD.id, OLD.action, OLD.subject_type, OLD.subject_id, OLD.data,
             OLD.ip, OLD.created_at, OLD.bill_id)
        AND NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.actor_user_id)
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only: % of an audit entry is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit entries are written once (recordAudit) and never changed or removed.';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    CREATE INDEX audit_log_recent ON audit_log (created_at, id);
    CREATE INDEX audit_log_actor ON audit_log (actor_user_id, created_at, id);
    CREATE INDEX audit_log_action ON audit_log (action COLLATE "C", created_at, id);
    CREATE INDEX audit_log_bill ON audit_log (bill_id, created_at, id) WHERE bill_id IS NOT NULL;
    CREATE INDEX audit_log_type ON audit_log (subject_type, created_at, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX audit_log_recent, audit_log_actor, audit_log_action, audit_log_bill,
      audit_log_type;
    DROP TRIGGER audit_log_no_update ON audit_log;
    DROP TRIGGER audit_log_no_delete ON audit_log;
    DROP TRIGGER audit_log_no_truncate ON audit_log;
    DROP FUNCTION audit_log_append_only();
    DROP TRIGGER audit_log_fill_bill ON audit_log;
    DROP FUNCTION audit_log_fill_bill();
    DROP FUNCTION audit_log_bill_of(text, text, jsonb);
    ALTER TABLE audit_log DROP COLUMN bill_id;
  `.execute(db);
}
