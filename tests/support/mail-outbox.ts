import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { queueMails } from "../../services/notifications.ts";

// The mail outbox as the delivery tests see it: messages queued the way a writer queues them,
// and how many of them are still unsent.

/** Queues `n` messages to addresses of their own; resolves with their outbox ids. */
export async function queueTestMails(db: Kysely<Database>, n: number): Promise<string[]> {
  const batch = randomUUID().slice(0, 8);
  await queueMails(
    db,
    Array.from({ length: n }, (_, i) => ({
      to: `reader-${batch}-${i}@example.org`,
      subject: `您的意见有了处理结果（${i}）`,
      text: "处理情况：采纳。",
    })),
  );
  const rows = await db
    .selectFrom("mail_outbox")
    .select("id")
    .where("recipient", "like", `reader-${batch}-%`)
    .execute();
  return rows.map((r) => r.id);
}

/** How many of the messages `ids` are not sent yet. */
export async function countUnsent(db: Kysely<Database>, ids: string[]): Promise<number> {
  const row = await db
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("id", "in", ids)
    .where("sent_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
