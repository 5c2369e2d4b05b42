import { type Kysely, sql } from "kysely";

// Frozen. Submitting a contact point's report is what makes its opinions count: the database
// publishes the report's opinions when it leaves draft, and hides those of the report a
// correction replaces (已被更正报送替代), whatever code moves the report on — so the rule "a
// contact point's opinions count once its report is submitted" holds in one place.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION kaimen_submission_publishes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'draft' AND NEW.status <> 'draft' THEN
        UPDATE opinions SET status = 'published'
          WHERE submission_id = NEW.id AND status = 'pending';
        IF NEW.replaces_id IS NOT NULL THEN
          UPDATE opinions SET status = 'hidden', hidden_reason = '已被更正报送替代'
            WHERE submission_id = NEW.replaces_id AND status <> 'hidden';
        END IF;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER submissions_publish AFTER UPDATE OF status ON submissions
      FOR EACH ROW EXECUTE FUNCTION kaimen_submission_publishes();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER submissions_publish ON submissions;
    DROP FUNCTION kaimen_submission_publishes();
  `.execute(db);
}
