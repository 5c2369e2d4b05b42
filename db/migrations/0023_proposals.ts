import { type Kysely, sql } from "kysely";

// 立法项目建议征集 (issue 17 item 1): a legislature's call for subjects for next year's plan, the
// proposals it gathers (moderated like opinions, supported once per person), the drafters'
// triage of each, and the published annual plan (年度立法计划) with its projects.
// - A proposer's name and contact are private: only the drafters of the legislature read them.
// - A triage stays internal until the plan of its call's year is published; its decision is
//   frozen from then on (the published plan is what proposers were told).
// - A project is optionally the outcome of proposals (their triage names it) and links to the
//   bill that drafts it once drafting starts.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE proposal_calls (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL,
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (closes_at > opens_at)
    );
    CREATE INDEX proposal_calls_by_org ON proposal_calls (organization_id, year);

    CREATE TABLE legislative_plans (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
      published_at timestamptz,
      published_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, year)
    );

    CREATE TABLE plan_projects (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      plan_id text NOT NULL REFERENCES legislative_plans(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      category text NOT NULL CHECK (category IN ('formal', 'preparatory', 'research')),
      sponsor text NOT NULL DEFAULT '' CHECK (length(sponsor) <= 200),
      bill_id text REFERENCES bills(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX plan_projects_by_plan ON plan_projects (plan_id, created_at);
    CREATE INDEX plan_projects_by_bill ON plan_projects (bill_id) WHERE bill_id IS NOT NULL;

    CREATE TABLE proposals (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      call_id text NOT NULL REFERENCES proposal_calls(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      reasons text NOT NULL CHECK (length(btrim(reasons)) BETWEEN 1 AND 5000),
      problem text NOT NULL DEFAULT '' CHECK (length(problem) <= 5000),
      related_rules text NOT NULL DEFAULT '' CHECK (length(related_rules) <= 2000),
      author_user_id text REFERENCES users(id) ON DELETE SET NULL,
      author_name text CHECK (length(author_name) <= 50),
      author_contact text CHECK (length(author_contact) <= 100),
      respondent_type text NOT NULL DEFAULT 'individual' CHECK (respondent_type IN
        ('individual', 'enterprise', 'organization', 'deputy', 'cppcc_member', 'expert',
         'department', 'other')),
      contact_point_id text REFERENCES contact_points(id) ON DELETE SET NULL,
      provenance text CHECK (length(provenance) <= 500),
      status text NOT NULL DEFAULT 'published' CHECK (status IN ('pending', 'published', 'hidden')),
      hidden_reason text CHECK (length(hidden_reason) <= 500),
      held_words text[] CHECK (held_words IS NULL OR cardinality(held_words) BETWEEN 1 AND 50),
      receipt text NOT NULL UNIQUE,
      lookup_code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX proposals_by_call ON proposals (call_id, created_at, id);
    CREATE INDEX proposals_published ON proposals (created_at, id) WHERE status = 'published';
    CREATE INDEX proposals_by_author ON proposals (author_user_id) WHERE author_user_id IS NOT NULL;
    CREATE INDEX proposals_pending ON proposals (call_id) WHERE status = 'pending';

    CREATE TABLE proposal_supports (
      proposal_id text NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (proposal_id, user_id)
    );

    CREATE TABLE proposal_triages (
      proposal_id text PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
      decision text NOT NULL CHECK (decision IN ('formal', 'preparatory', 'research', 'rejected')),
      reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
      project_id text REFERENCES plan_projects(id) ON DELETE SET NULL,
      decided_by text REFERENCES users(id) ON DELETE SET NULL,
      decided_at timestamptz NOT NULL DEFAULT now(),
      CHECK (decision <> 'rejected' OR project_id IS NULL)
    );
    CREATE INDEX proposal_triages_by_project ON proposal_triages (project_id)
      WHERE project_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE proposal_triages, proposal_supports, proposals, plan_projects, legislative_plans,
      proposal_calls;
  `.execute(db);
}
