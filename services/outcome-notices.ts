import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { invalidInput, notFound } from "./errors.ts";
import { queueMails, type RenderNotice } from "./notifications.ts";
import { hashLookupCode } from "./opinions.ts";
import { queueSms } from "./sms.ts";

// Outcome contacts (issue 18, item 3): a person without an account leaves an e-mail address or a
// mobile number on their receipt, ticking an unticked box that states the one purpose, and is
// told once the opinion's disposition is published (decision record 14: only publication makes a
// disposition public). Nothing else is ever sent to the address: no confirmation, no news. Each
// message carries an unsubscribe link whose token is random and stored only as its SHA-256;
// following it deletes the contact, so nothing more can be sent and the address is gone.
// The address is private: the table is read only here, never by a public page, export or the API.
// Proving the opinion is yours is the receipt number with its lookup code, as on the lookup page.

const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

export const OutcomeContactInput = z.object({
  receipt: z.string().trim().min(1).max(40),
  code: z.string().trim().min(1).max(40),
  address: z.string().trim().max(254),
  consent: z.boolean(),
  locale: z.enum(["zh-CN", "en"]),
  origin: z.string().max(200),
});

/** What an address is: an e-mail address, a mainland mobile number, or neither. */
export function contactChannel(
  address: string,
): { channel: "email" | "sms"; address: string } | null {
  const plain = address.trim();
  const digits = plain.replace(/[\s-]/g, "");
  if (MOBILE.test(digits)) return { channel: "sms", address: digits.replace(/^\+?86/, "") };
  if (z.email().safeParse(plain).success) return { channel: "email", address: plain };
  return null;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh unsubscribe token for the contact; only its hash is kept. */
async function issueToken(db: Kysely<Database>, contactId: string): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db
    .insertInto("outcome_contact_tokens")
    .values({ token_hash: hashToken(token), contact_id: contactId })
    .execute();
  return token;
}

/**
 * Keeps an address to tell the opinion's outcome to, replacing any earlier one. Refused without
 * consent or with an address that is neither an e-mail address nor a mobile number; a wrong
 * receipt or code finds nothing (404), as on the lookup page. Returns an unsubscribe token.
 */
export async function leaveOutcomeContact(
  db: Kysely<Database>,
  input: z.input<typeof OutcomeContactInput>,
): Promise<{ channel: "email" | "sms"; token: string }> {
  const parsed = OutcomeContactInput.safeParse(input);
  if (!parsed.success) throw invalidInput("outcome.contact.invalid");
  const v = parsed.data;
  const contact = contactChannel(v.address);
  const fields: Record<string, string> = {};
  if (!contact) fields.address = "outcome.contact.addressInvalid";
  if (!v.consent) fields.consent = "outcome.contact.consentRequired";
  if (!contact || !v.consent) throw invalidInput("error.invalidInput", fields);
  const opinion = await db
    .selectFrom("opinions")
    .select(["id", "lookup_code_hash"])
    .where("receipt", "=", v.receipt.toUpperCase())
    .executeTakeFirst();
  if (!opinion || opinion.lookup_code_hash !== hashLookupCode(v.code))
    throw notFound("lookup.notFound");
  return inTransaction(db, async (trx) => {
    const values = {
      channel: contact.channel,
      address: contact.address,
      locale: v.locale,
      origin: v.origin,
      consented_at: new Date(),
      notified_at: null,
    };
    const row = await trx
      .insertInto("outcome_contacts")
      .values({ opinion_id: opinion.id, ...values })
      .onConflict((oc) => oc.column("opinion_id").doUpdateSet(values))
      .returning("id")
      .executeTakeFirstOrThrow();
    // A replaced address must not be stopped (or kept) by the old address's links.
    await trx.deleteFrom("outcome_contact_tokens").where("contact_id", "=", row.id).execute();
    return { channel: contact.channel, token: await issueToken(trx, row.id) };
  });
}

/** Forgets the contact an unsubscribe token belongs to; false when the token is unknown. */
export async function unsubscribeOutcome(db: Kysely<Database>, token: string): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const link = await db
    .selectFrom("outcome_contact_tokens")
    .select("contact_id")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!link) return false;
  await db.deleteFrom("outcome_contacts").where("id", "=", link.contact_id).execute();
  return true;
}

/**
 * Queues the outcome message of each listed opinion that has a contact, in the publishing
 * transaction (services/disposition-workflow.ts publishDispositions, for the opinions whose public
 * disposition it just changed): an e-mail through the mail outbox, a text through the SMS outbox.
 * Each message has a lookup link and an unsubscribe link of its own. Returns how many were queued.
 */
export async function queueOutcomeNotices(
  trx: Kysely<Database>,
  opinionIds: string[],
  render: RenderNotice,
): Promise<number> {
  if (opinionIds.length === 0) return 0;
  const rows = await trx
    .selectFrom("outcome_contacts as oc")
    .innerJoin("opinions as o", "o.id", "oc.opinion_id")
    .innerJoin("dispositions as d", "d.opinion_id", "o.id")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .select([
      "oc.id",
      "oc.channel",
      "oc.address",
      "oc.locale",
      "oc.origin",
      "o.receipt",
      "b.title as billTitle",
      "p.label as provisionLabel",
      "d.code",
    ])
    .where("oc.opinion_id", "in", opinionIds)
    .execute();
  const mails = [];
  const texts = [];
  for (const r of rows) {
    const token = await issueToken(trx, r.id);
    const { title, body } = render(r.locale, "outcome_contact", {
      consultation: r.billTitle,
      ...(r.provisionLabel ? { target: r.provisionLabel } : {}),
      code: r.code,
      receipt: r.receipt,
      lookup: `${r.origin}/opinions/lookup?receipt=${encodeURIComponent(r.receipt)}`,
      unsubscribe: `${r.origin}/outcome/unsubscribe?token=${token}`,
    });
    if (r.channel === "email") mails.push({ to: r.address, subject: title, text: body });
    else texts.push({ to: r.address, text: `${title}\n${body}` });
  }
  await queueMails(trx, mails);
  await queueSms(trx, texts);
  if (rows.length > 0)
    await trx
      .updateTable("outcome_contacts")
      .set({ notified_at: new Date() })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
  return rows.length;
}
