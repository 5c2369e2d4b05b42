import { type Kysely, sql } from "kysely";

// Frozen: this file describes the schema as it was first released. Later changes are new files.
// Coded values are spelt out here (not imported) so the migration never changes under us.
// SQL stays within PostgreSQL 15 (CI's server); PGlite runs 18.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE organizations (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{2,60}$'),
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('city', 'district', 'county')),
      parent_id text REFERENCES organizations(id),
      makes_regulations boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (parent_id IS NULL OR parent_id <> id),
      -- Only a city with districts (设区的市) makes local regulations here.
      CHECK (NOT makes_regulations OR kind = 'city')
    );

    CREATE TABLE users (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      email text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
      display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 50),
      password_hash text NOT NULL,
      locale text CHECK (locale IN ('zh-CN', 'en')),
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (email);

    CREATE TABLE contact_points (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      organization_id text NOT NULL REFERENCES organizations(id),
      name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 100),
      district text NOT NULL CHECK (length(btrim(district)) BETWEEN 1 AND 50),
      address text NOT NULL CHECK (length(address) <= 200),
      phone text CHECK (length(phone) <= 30),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE memberships (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      organization_id text NOT NULL REFERENCES organizations(id),
      role text NOT NULL CHECK (role IN ('citizen', 'coordinator', 'drafter', 'moderator', 'admin')),
      contact_point_id text REFERENCES contact_points(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- A coordinator is bound to exactly one contact point; no other role is.
      CHECK ((role = 'coordinator') = (contact_point_id IS NOT NULL)),
      UNIQUE (user_id, organization_id, role)
    );
    CREATE UNIQUE INDEX memberships_one_point_per_coordinator
      ON memberships (user_id) WHERE role = 'coordinator';
    CREATE INDEX memberships_organization ON memberships (organization_id, role);

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CHECK (expires_at > created_at)
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE rate_limits (
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      count integer NOT NULL CHECK (count >= 0),
      PRIMARY KEY (key, window_start)
    );

    CREATE TABLE bills (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      organization_id text NOT NULL REFERENCES organizations(id),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('new', 'revision', 'amendment')),
      summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE drafts (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      bill_id text NOT NULL UNIQUE REFERENCES bills(id) ON DELETE CASCADE,
      document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
      revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
      updated_by text REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE versions (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      bill_id text NOT NULL REFERENCES bills(id),
      seq integer NOT NULL CHECK (seq >= 1),
      label text NOT NULL CHECK (label IN ('current_law', 'solicitation', 'first_reading',
        'second_reading', 'third_reading', 'voting', 'promulgated')),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
      published_by text REFERENCES users(id),
      published_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (bill_id, seq)
    );

    -- Versions are immutable: a snapshot that changed would silently rewrite what people read
    -- and commented on.
    CREATE FUNCTION kaimen_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'versions are immutable' USING ERRCODE = 'check_violation';
    END $$;
    CREATE TRIGGER versions_immutable BEFORE UPDATE ON versions
      FOR EACH ROW EXECUTE FUNCTION kaimen_versions_immutable();

    CREATE TABLE provisions (
      version_id text NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
      pid text NOT NULL CHECK (length(pid) BETWEEN 1 AND 64),
      kind text NOT NULL CHECK (kind IN ('chapter', 'section', 'article', 'paragraph', 'item', 'subitem')),
      ordinal integer NOT NULL CHECK (ordinal >= 0),
      number integer NOT NULL CHECK (number >= 0),
      label text NOT NULL,
      heading_path jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(heading_path) = 'array'),
      text text NOT NULL,
      parent_pid text,
      PRIMARY KEY (version_id, pid),
      UNIQUE (version_id, ordinal),
      FOREIGN KEY (version_id, parent_pid) REFERENCES provisions(version_id, pid)
        DEFERRABLE INITIALLY DEFERRED
    );
    CREATE INDEX provisions_pid ON provisions (pid);

    CREATE TABLE consultations (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      version_id text NOT NULL REFERENCES versions(id),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL,
      channels text[] NOT NULL DEFAULT ARRAY['online'] CHECK (
        cardinality(channels) >= 1 AND channels <@ ARRAY['online', 'symposium', 'visit',
          'questionnaire', 'letter', 'hearing', 'expert_meeting', 'department', 'other']),
      moderation text NOT NULL DEFAULT 'post' CHECK (moderation IN ('post', 'pre')),
      allow_anonymous boolean NOT NULL DEFAULT true,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (closes_at > opens_at),
      UNIQUE (id, version_id)
    );
    CREATE INDEX consultations_window ON consultations (closes_at, opens_at);

    CREATE TABLE submissions (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      contact_point_id text NOT NULL REFERENCES contact_points(id),
      consultation_id text NOT NULL REFERENCES consultations(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'received')),
      replaces_id text REFERENCES submissions(id),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz,
      received_at timestamptz,
      CHECK ((status = 'draft') = (submitted_at IS NULL)),
      CHECK ((status = 'received') = (received_at IS NOT NULL)),
      CHECK (replaces_id IS NULL OR replaces_id <> id)
    );
    CREATE UNIQUE INDEX submissions_one_draft
      ON submissions (contact_point_id, consultation_id) WHERE status = 'draft';

    CREATE TABLE opinions (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      consultation_id text NOT NULL,
      version_id text NOT NULL,
      provision_pid text,
      scope text NOT NULL CHECK (scope IN ('article', 'chapter', 'draft')),
      body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
      proposed_text text CHECK (length(proposed_text) <= 5000),
      quote_text text CHECK (length(quote_text) <= 2000),
      quote_start integer,
      quote_end integer,
      channel text NOT NULL CHECK (channel IN ('online', 'symposium', 'visit', 'questionnaire',
        'letter', 'hearing', 'expert_meeting', 'department', 'other')),
      contact_point_id text REFERENCES contact_points(id),
      submission_id text REFERENCES submissions(id),
      headcount integer NOT NULL DEFAULT 1 CHECK (headcount >= 1),
      author_user_id text REFERENCES users(id),
      author_name text CHECK (length(author_name) <= 50),
      author_region text CHECK (length(author_region) <= 50),
      respondent_type text NOT NULL DEFAULT 'individual' CHECK (respondent_type IN ('individual',
        'enterprise', 'organization', 'deputy', 'cppcc_member', 'expert', 'department', 'other')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'hidden')),
      hidden_reason text CHECK (length(hidden_reason) <= 500),
      idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      request_hash text,
      receipt text NOT NULL UNIQUE,
      lookup_code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (consultation_id, version_id) REFERENCES consultations(id, version_id),
      FOREIGN KEY (version_id, provision_pid) REFERENCES provisions(version_id, pid),
      CHECK ((scope = 'draft') = (provision_pid IS NULL)),
      CHECK ((quote_text IS NULL AND quote_start IS NULL AND quote_end IS NULL)
        OR (quote_text IS NOT NULL AND provision_pid IS NOT NULL
            AND 0 <= quote_start AND quote_start < quote_end)),
      -- Opinions gathered by a contact point carry its id and one of its channels.
      CHECK (contact_point_id IS NULL OR channel IN ('symposium', 'visit', 'questionnaire', 'letter', 'other')),
      CHECK (submission_id IS NULL OR contact_point_id IS NOT NULL),
      CHECK ((idempotency_key IS NULL) = (request_hash IS NULL)),
      CHECK (status <> 'hidden' OR hidden_reason IS NOT NULL)
    );
    CREATE UNIQUE INDEX opinions_idempotency
      ON opinions (consultation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
    CREATE INDEX opinions_by_provision ON opinions (consultation_id, provision_pid);
    CREATE INDEX opinions_by_pid ON opinions (provision_pid);
    CREATE INDEX opinions_by_author ON opinions (author_user_id);

    CREATE TABLE supports (
      opinion_id text NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (opinion_id, user_id)
    );

    CREATE TABLE dispositions (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      opinion_id text NOT NULL UNIQUE REFERENCES opinions(id) ON DELETE CASCADE,
      code text NOT NULL CHECK (code IN ('adopted', 'partly_adopted', 'not_adopted',
        'already_covered', 'out_of_scope', 'for_reference')),
      reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 5000),
      changed_version_id text REFERENCES versions(id),
      changed_pid text,
      decided_by text REFERENCES users(id),
      decided_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (changed_version_id, changed_pid) REFERENCES provisions(version_id, pid),
      CHECK ((changed_pid IS NULL) = (changed_version_id IS NULL))
    );

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      actor_user_id text REFERENCES users(id) ON DELETE SET NULL,
      action text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      ip text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);

    CREATE TABLE search_outbox (
      id bigserial PRIMARY KEY,
      entity text NOT NULL CHECK (entity IN ('bill', 'provision', 'opinion')),
      entity_id text NOT NULL,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      available_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX search_outbox_ready ON search_outbox (available_at, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE search_outbox, audit_log, dispositions, supports, opinions, submissions,
      consultations, provisions, versions, drafts, bills, rate_limits, app_settings, sessions,
      memberships, contact_points, users, organizations;
    DROP FUNCTION kaimen_versions_immutable();
  `.execute(db);
}
