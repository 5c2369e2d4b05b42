import { type Kysely, sql } from "kysely";

// Outcome contacts (issue 18, item 3). Someone without an account may leave an e-mail address or
// a mobile number, with consent, to be told once their opinion's disposition is published; nothing
// else is ever sent to it. The address is private: no public page, export or API reads this table.
// - One contact per opinion: giving another replaces it.
// - consented_at: when the person ticked the consent box (stated purpose: this one outcome).
// - origin: the site address the person used, so the links in the message lead back there.
// - outcome_contact_tokens: the SHA-256 of each unsubscribe token; the token itself is only in
//   the message (and the confirmation page). Unsubscribing deletes the contact and its tokens.
// - sms_outbox: text messages waiting for the configured SMS sender (services/sms.ts), queued in
//   the publishing transaction like the mail outbox; the partial index holds only unsent rows.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE outcome_contacts (
      id bigserial PRIMARY KEY,
      opinion_id text NOT NULL UNIQUE REFERENCES opinions (id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      address text NOT NULL CHECK (address <> '' AND length(address) <= 254),
      locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
      origin text NOT NULL DEFAULT '',
      consented_at timestamptz NOT NULL,
      notified_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE outcome_contact_tokens (
      token_hash text PRIMARY KEY,
      contact_id bigint NOT NULL REFERENCES outcome_contacts (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX outcome_contact_tokens_contact ON outcome_contact_tokens (contact_id);
    CREATE TABLE sms_outbox (
      id bigserial PRIMARY KEY,
      recipient text NOT NULL CHECK (recipient <> ''),
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      failed_at timestamptz,
      last_error text
    );
    CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at, id)
      WHERE sent_at IS NULL AND failed_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sms_outbox; DROP TABLE outcome_contact_tokens; DROP TABLE outcome_contacts`.execute(
    db,
  );
}
