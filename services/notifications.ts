import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import type { Database } from "../db/schema.ts";

// Notifications: an in-app row per person (the /notifications page and the count in the header)
// and an e-mail through a configurable transport. The rows are written in the caller's
// transaction; the e-mails go out only after it commits (`sendMails`), so nobody is mailed about
// a change that was rolled back. The server configures the transport at start-up from the
// validated settings (config/env.ts: SMTP_URL names a real server, smtp://user:pass@host:587);
// without one the message is written to stderr, so a deployment without mail loses nothing and
// a developer sees what would have been sent. A failed send is logged, never thrown: the change
// it announces has already been made, and the in-app row still tells the person.

/** What a notification is about; each kind has its catalogue keys `handling.notice.<kind>*`. */
export type NotificationKind =
  "opinion_disposed" | "handling_published" | "point_handling_published";

export interface Notice {
  userId: string;
  kind: NotificationKind;
  subjectType: "opinion" | "consultation";
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
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
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
 * Writes the notifications (in the caller's transaction when given one) and returns the e-mails
 * to send once it commits. One notice per person and subject: duplicates are merged.
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
  await db
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
  const users = await db
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
    const { title, body } = render(user.locale ?? "zh-CN", n.kind, n.data);
    mails.push({ to: user.email, subject: title, text: body });
  }
  return mails;
}

/** Sends e-mails after the change they announce has committed; failures are logged only. */
export async function sendMails(mails: OutgoingMail[]): Promise<void> {
  const mailer = mailTransport();
  for (const mail of mails) {
    try {
      await mailer.sendMail({ from, ...mail });
    } catch (error) {
      process.stderr.write(
        `[mail] could not send to ${mail.to}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
}

/** Records notifications and sends their e-mails (for callers outside a transaction). */
export async function notify(
  db: Kysely<Database>,
  notices: Notice[],
  render: RenderNotice,
): Promise<void> {
  const mails = await recordNotifications(db, notices, render);
  await sendMails(mails);
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
