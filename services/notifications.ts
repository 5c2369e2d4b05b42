import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";

// Notifications: an in-app row per person (the /notifications page and the count in the header)
// and an e-mail. Both are written in the caller's transaction: the e-mail as a row of the mail
// outbox (migration 0015), which the worker's delivery loop sends (services/mail-delivery.ts). So
// nobody is mailed about a change that was rolled back, every committed change is mailed, and the
// request that made the change never waits for, or fails on, an SMTP server. The transport is
// configured at start-up from the validated settings (config/env.ts: SMTP_URL names a real
// server, smtp://user:pass@host:587); without one the message is written to stderr, so a
// deployment without mail loses nothing and a developer sees what would have been sent.

/** What a notification is about; each kind has its catalogue keys `handling.notice.<kind>*`. */
export type NotificationKind =
  | "opinion_disposed"
  | "handling_published"
  | "point_handling_published"
  | "point_dispositions_published"
  | "point_opinion_disposed"
  | "consultation_closed"
  | "plan_published"
  | "hearing_selected"
  | "hearing_reserve"
  | "hearing_not_selected";

export interface Notice {
  userId: string;
  kind: NotificationKind;
  subjectType: "opinion" | "consultation" | "proposal" | "hearing";
  subjectId: string;
  /** Facts the message shows: titles, labels, codes, and the path to follow (`link`). */
  data: Record<string, string | number>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Anything that sends a message the way nodemailer's transports do. */
export interface MailTransport {
  sendMail(message: OutgoingMessage): Promise<unknown>;
}

/** One message as the transport receives it; `messageId` is the Message-ID header. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
}

/** Where notification e-mails go: config/env.ts reads and checks these (SMTP_URL, SMTP_FROM). */
export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

const DEFAULT_FROM = "开门立法 <noreply@kaimen.local>";

/** Writes each message to stderr: the transport without an SMTP server. */
const stderrTransport: MailTransport = {
  async sendMail(message) {
    process.stderr.write(
      `[mail] From: ${message.from}\n[mail] To: ${message.to}\n[mail] Subject: ${message.subject}\n` +
        (message.messageId ? `[mail] Message-ID: ${message.messageId}\n` : "") +
        `${message.text
          .split("\n")
          .map((l) => `[mail] ${l}`)
          .join("\n")}\n`,
    );
  },
};

let configured: MailTransport = stderrTransport;
let from = DEFAULT_FROM;
let override: MailTransport | null = null;

/**
 * Sets where e-mails go, once at start-up (the transport is a process-wide resource, like the
 * database pool). Creating the transport here makes a setting nodemailer refuses fail the start,
 * not the first request that sends a mail.
 */
export function configureMail(settings: MailSettings): void {
  from = settings.from;
  configured = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : stderrTransport;
}

/** The transport in use: the one a test put in place, else the configured one. */
export function mailTransport(): MailTransport {
  return override ?? configured;
}

/** The sender's address of every message (SMTP_FROM). */
export function mailSender(): string {
  return from;
}

/** Replaces the transport (tests catch the messages); null goes back to the configured one. */
export function useMailTransport(next: MailTransport | null): void {
  override = next;
}

/** Renders a notification in a language: the page and the e-mail say the same. */
export type RenderNotice = (
  locale: "zh-CN" | "en",
  kind: string,
  data: Record<string, unknown>,
) => { title: string; body: string };

/**
 * Writes the notifications and queues their e-mails in the mail outbox, in the caller's
 * transaction when given one (else in one of its own, so the two never part). Returns the queued
 * e-mails. One notice per person and subject: duplicates are merged.
 */
export async function recordNotifications(
  db: Kysely<Database>,
  notices: Notice[],
  render: RenderNotice,
): Promise<OutgoingMail[]> {
  const seen = new Set<string>();
  const unique = notices.filter((n) => {
    const key = `${n.userId}:${n.kind}:${n.subjectId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return [];
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto("notifications")
      .values(
        unique.map((n) => ({
          user_id: n.userId,
          kind: n.kind,
          subject_type: n.subjectType,
          subject_id: n.subjectId,
          data: JSON.stringify(n.data),
        })),
      )
      .execute();
    const users = await trx
      .selectFrom("users")
      .select(["id", "email", "locale", "disabled_at"])
      .where(
        "id",
        "in",
        unique.map((n) => n.userId),
      )
      .execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    const mails: OutgoingMail[] = [];
    for (const n of unique) {
      const user = byId.get(n.userId);
      if (!user || user.disabled_at) continue;
      // Rendered now, in the person's language, so the worker needs no catalogue and the
      // message says what the change was when it was made.
      const { title, body } = render(user.locale ?? "zh-CN", n.kind, n.data);
      mails.push({ to: user.email, subject: title, text: body });
    }
    await queueMails(trx, mails);
    return mails;
  });
}

/** Queues e-mails in the mail outbox, in the caller's transaction: they go out once it commits. */
export async function queueMails(db: Kysely<Database>, mails: OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  await db
    .insertInto("mail_outbox")
    .values(mails.map((m) => ({ recipient: m.to, subject: m.subject, body: m.text })))
    .execute();
}

/** Records notifications and queues their e-mails (for callers outside a transaction). */
export async function notify(
  db: Kysely<Database>,
  notices: Notice[],
  render: RenderNotice,
): Promise<void> {
  await recordNotifications(db, notices, render);
}

/** A person's notifications, newest first. */
export function listNotifications(db: Kysely<Database>, userId: string, limit = 100) {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "subject_type", "subject_id", "data", "created_at", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** How many of a person's notifications are unread. */
export async function countUnread(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one (or, without an id, every) notification of the person read; others' are untouched. */
export async function markRead(db: Kysely<Database>, userId: string, id?: string): Promise<number> {
  let q = db
    .updateTable("notifications")
    .set({ read_at: new Date() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null);
  if (id) q = q.where("id", "=", id);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
