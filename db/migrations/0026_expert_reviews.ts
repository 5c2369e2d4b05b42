import { type Kysely, sql } from "kysely";

// 论证 and 咨询 (issue 17 item 4). A legislature keeps a registry of experts (their field,
// affiliation, title and declared conflicts; their e-mail and phone are for the drafters only).
// An expert review (论证会 meeting or 书面咨询 written consultation) belongs to a consultation: the
// reading it asks about is the consultation's, and the answers join that consultation's handling.
// - Each invitation carries a private link; only the SHA-256 of its random token is stored, so a
//   copy of the database opens nobody's form. A resend replaces the hash (the old link dies).
// - An expert saves draft answers per article (provision pid) or on the whole draft (pid null),
//   and submits once; submitting turns each answer into an opinion (channel 'expert_meeting'),
//   whose id the answer keeps.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE experts (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
      field text NOT NULL CHECK (length(btrim(field)) BETWEEN 1 AND 100),
      affiliation text NOT NULL DEFAULT '' CHECK (length(affiliation) <= 200),
      title text NOT NULL DEFAULT '' CHECK (length(title) <= 100),
      email text CHECK (length(email) <= 254),
      phone text CHECK (length(phone) <= 30),
      conflicts text NOT NULL DEFAULT '' CHECK (length(conflicts) <= 2000),
      active boolean NOT NULL DEFAULT true,
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX experts_by_organization ON experts (organization_id, field, name);

    CREATE TABLE expert_reviews (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      consultation_id text NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('meeting', 'written')),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      brief text NOT NULL DEFAULT '' CHECK (length(brief) <= 5000),
      held_at timestamptz,
      due_at timestamptz,
      place text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'meeting' OR held_at IS NOT NULL),
      CHECK (kind <> 'written' OR due_at IS NOT NULL)
    );
    CREATE INDEX expert_reviews_by_consultation ON expert_reviews (consultation_id, created_at);

    CREATE TABLE expert_invitations (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      review_id text NOT NULL REFERENCES expert_reviews(id) ON DELETE CASCADE,
      expert_id text NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      expires_at timestamptz NOT NULL,
      sent_at timestamptz,
      opened_at timestamptz,
      declined_at timestamptz,
      decline_reason text CHECK (length(decline_reason) <= 500),
      submitted_at timestamptz,
      revoked_at timestamptz,
      conflicts_declared text CHECK (length(conflicts_declared) <= 2000),
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (review_id, expert_id),
      CHECK (declined_at IS NULL OR submitted_at IS NULL)
    );
    CREATE INDEX expert_invitations_by_expert ON expert_invitations (expert_id);

    CREATE TABLE expert_answers (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      invitation_id text NOT NULL REFERENCES expert_invitations(id) ON DELETE CASCADE,
      provision_pid text,
      body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
      proposed_text text CHECK (length(proposed_text) <= 5000),
      opinion_id text REFERENCES opinions(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- One answer per article and one on the whole draft (pid null) per invitation.
    CREATE UNIQUE INDEX expert_answers_one_per_target
      ON expert_answers (invitation_id, coalesce(provision_pid, ''));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE expert_answers, expert_invitations, expert_reviews, experts;`.execute(db);
}
