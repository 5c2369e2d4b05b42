import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import { z } from "zod";
import type { Database } from "../db/schema.ts";

// Notifications: an in-app row per person (the /notifications page and the count in the header)
// and an e-mail through a configurable transport. The rows are written in the caller's
// transaction; the e-mails go out only after it commits (`sendMails`), so nobody is mailed about
// a change that was rolled back. SMTP_URL names a real server (smtp://user:pass@host:587);
// without it the message is written to stderr, so a deployment without mail loses nothing and
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

const Config = z.object({
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default("开门立法 <noreply@kaimen.local>"),
});

let transport: MailTransport | null = null;
let from = "开门立法 <noreply@kaimen.local>";

/** The transport in use: SMTP_URL's server, or one that writes each message to stderr. */
export function mailTransport(): MailTransport {
  if (transport) return transport;
  const blankless = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const env = Config.parse(blankless);
  from = env.SMTP_FROM;
  transport = env.SMTP_URL
    ? nodemailer.createTransport(env.SMTP_URL)
    : {
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
  return transport;
}

/** Replaces the transport (tests catch the messages); null goes back to the configured one. */
export function useMailTransport(next: MailTransport | null): void {
  transport = next;
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
