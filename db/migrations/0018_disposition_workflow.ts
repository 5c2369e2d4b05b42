import { type Kysely, sql } from "kysely";

// The legislature's own handling process (issue 15). Saving a disposition used to write the
// public record (`dispositions`) at once; now the drafters work on a copy and only a reviewer's
// publication writes the record.
// - bill_team: the roles of a bill's drafting team beyond the organization's drafters: 承办人
//   (handler) and 审核人 (reviewer), granted by an administrator of the organization.
// - disposition_work: the drafters' working copy of each opinion's disposition with its state
//   (draft → submitted → approved or returned → published) and who moved it when. It carries the
//   consultation so the queues and the review page count per consultation from one index.
//   updated_at moves with every write: the handling view's kept counts are stamped with its
//   latest value (the search outbox, their other stamp, does not see the working copy).
// - handling_assignments: who handles which opinions: an article or a chapter/section (its whole
//   subtree) of the consultation's reading, or single opinions (a cluster is assigned as its
//   members). One handler per target, so reassigning is an upsert.
// - reason_templates: the bill's 常用答复, reusable reasons with an optional disposition code.
// Dispositions already public are the published state of their working copy (backfilled here).
// kaimen_provision_assignees(consultation) resolves every provision of the consultation's reading
// to the handler of the deepest assignment covering it (an article beats its chapter), one walk
// up the tree; an opinion-level assignment beats both (applied by the callers).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE bill_team (
      bill_id text NOT NULL REFERENCES bills(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('handler', 'reviewer')),
      granted_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (bill_id, user_id, role)
    );
    CREATE INDEX bill_team_user ON bill_team (user_id);

    CREATE TABLE disposition_work (
      opinion_id text PRIMARY KEY REFERENCES opinions(id) ON DELETE CASCADE,
      consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code IN ('adopted', 'partly_adopted', 'not_adopted',
        'already_covered', 'out_of_scope', 'for_reference')),
      reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 5000),
      changed_version_id text REFERENCES versions(id),
      changed_pid text,
      state text NOT NULL
        CHECK (state IN ('draft', 'submitted', 'approved', 'returned', 'published')),
      review_comment text NOT NULL DEFAULT '' CHECK (length(review_comment) <= 2000),
      drafted_by text REFERENCES users(id) ON DELETE SET NULL,
      drafted_at timestamptz NOT NULL DEFAULT now(),
      submitted_by text REFERENCES users(id) ON DELETE SET NULL,
      submitted_at timestamptz,
      reviewed_by text REFERENCES users(id) ON DELETE SET NULL,
      reviewed_at timestamptz,
      published_by text REFERENCES users(id) ON DELETE SET NULL,
      published_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (changed_version_id, changed_pid) REFERENCES provisions(version_id, pid),
      CHECK ((changed_pid IS NULL) = (changed_version_id IS NULL)),
      CHECK (state <> 'returned' OR review_comment <> '')
    );
    CREATE INDEX disposition_work_state ON disposition_work (consultation_id, state);
    CREATE INDEX disposition_work_updated ON disposition_work (consultation_id, updated_at);

    INSERT INTO disposition_work (opinion_id, consultation_id, code, reason, changed_version_id,
        changed_pid, state, drafted_by, drafted_at, submitted_by, submitted_at, reviewed_by,
        reviewed_at, published_by, published_at, updated_at)
      SELECT d.opinion_id, o.consultation_id, d.code, d.reason, d.changed_version_id,
        d.changed_pid, 'published', d.decided_by, d.decided_at, d.decided_by, d.decided_at,
        d.decided_by, d.decided_at, d.decided_by, d.decided_at, d.decided_at
      FROM dispositions d JOIN opinions o ON o.id = d.opinion_id;

    CREATE TABLE handling_assignments (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      handler_user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('provision', 'opinion')),
      provision_pid text,
      opinion_id text REFERENCES opinions(id) ON DELETE CASCADE,
      due_on date,
      assigned_by text REFERENCES users(id) ON DELETE SET NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'provision') = (provision_pid IS NOT NULL)),
      CHECK ((kind = 'opinion') = (opinion_id IS NOT NULL)),
      UNIQUE (consultation_id, provision_pid),
      UNIQUE (consultation_id, opinion_id)
    );
    CREATE INDEX handling_assignments_handler ON handling_assignments (handler_user_id);

    CREATE TABLE reason_templates (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      bill_id text NOT NULL REFERENCES bills(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
      code text CHECK (code IN ('adopted', 'partly_adopted', 'not_adopted',
        'already_covered', 'out_of_scope', 'for_reference')),
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX reason_templates_bill ON reason_templates (bill_id, title);

    CREATE FUNCTION kaimen_provision_assignees(consultation text)
      RETURNS TABLE (pid text, handler_user_id text, due_on date, assigned_pid text)
      LANGUAGE sql STABLE AS $$
        WITH RECURSIVE walk (pid, cur, depth) AS (
          SELECT p.pid, p.pid, 0 FROM provisions p
            WHERE p.version_id = (SELECT c.version_id FROM consultations c WHERE c.id = consultation)
          UNION ALL
          SELECT w.pid, p.parent_pid, w.depth + 1 FROM walk w
            JOIN provisions p ON p.pid = w.cur
              AND p.version_id = (SELECT c.version_id FROM consultations c WHERE c.id = consultation)
            WHERE p.parent_pid IS NOT NULL
        )
        SELECT DISTINCT ON (w.pid) w.pid, a.handler_user_id, a.due_on, a.provision_pid
          FROM walk w
          JOIN handling_assignments a ON a.consultation_id = consultation AND a.provision_pid = w.cur
          ORDER BY w.pid, w.depth
      $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP FUNCTION kaimen_provision_assignees(text);
    DROP TABLE reason_templates, handling_assignments, disposition_work, bill_team;
  `.execute(db);
}
