// Mail delivery from the outbox (services/mail-delivery.ts): what reaches people's inboxes when
// workers die, mail servers refuse, and several workers drain one database. The drafter's side
// (a request that succeeds while SMTP is unreachable) is in handling.test.ts; a worker process
// killed mid-delivery, on PostgreSQL, in mail-worker-kill.test.ts.

import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { makeUser } from "../../db/factories.ts";
import {
  deliverPendingMail,
  mailOutboxLag,
  messageIdFor,
  startMailDelivery,
} from "../../services/mail-delivery.ts";
import {
  recordNotifications,
  type MailTransport,
  type OutgoingMessage,
} from "../../services/notifications.ts";
import { useTestDatabase } from "../support/database.ts";
import { countUnsent, queueTestMails } from "../support/mail-outbox.ts";
import { until } from "../support/until.ts";

/** A mail server that accepts everything and counts each message by its Message-ID. */
function recordingTransport(): MailTransport & { received: Map<string, number> } {
  const received = new Map<string, number>();
  return {
    received,
    async sendMail(message: OutgoingMessage) {
      received.set(message.messageId!, (received.get(message.messageId!) ?? 0) + 1);
    },
  };
}

describe("mail delivery from the outbox", () => {
  const t = useTestDatabase();
  // Tests share the file's database: each starts from an outbox with nothing left to send.
  beforeEach(async () => {
    await t.handle.db.deleteFrom("mail_outbox").where("sent_at", "is", null).execute();
  });

  const queue = (n: number) => queueTestMails(t.handle.db, n);
  const unsent = (ids: string[]) => countUnsent(t.handle.db, ids);

  /** Time passes for a waiting message: it is due now. */
  const makeDue = (id: string) =>
    t.handle.db
      .updateTable("mail_outbox")
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where("id", "=", id)
      .execute();

  it("queues a notification's e-mail only if the change it announces commits", async () => {
    const user = await makeUser(t.handle.db);
    const notice = {
      userId: user.id,
      kind: "opinion_disposed" as const,
      subjectType: "opinion" as const,
      subjectId: randomUUID(),
      data: { consultation: "动物防疫条例（征求意见稿）" },
    };
    const render = () => ({ title: "您的意见有了处理结果", body: "处理情况：采纳。" });
    const failed = t.handle.db
      .transaction()
      .execute(async (trx) => {
        await recordNotifications(trx, [notice], render);
        throw new Error("the disposition could not be saved");
      })
      .catch((error: Error) => error.message);
    expect(await failed).toBe("the disposition could not be saved");
    const mailTo = () =>
      t.handle.db
        .selectFrom("mail_outbox")
        .select(["recipient", "subject"])
        .where("recipient", "=", user.email)
        .execute();
    expect(await mailTo()).toEqual([]);

    await recordNotifications(t.handle.db, [notice], render);
    expect(await mailTo()).toEqual([{ recipient: user.email, subject: "您的意见有了处理结果" }]);
  });

  it("retries a refused message with growing waits, then gives it up and keeps why", async () => {
    const [id] = await queue(1);
    let tries = 0;
    const refusing: MailTransport = {
      async sendMail() {
        tries++;
        throw new Error("451 4.3.0 try again later");
      },
    };
    const round = () => deliverPendingMail(t.handle.db, { transport: refusing, maxAttempts: 3 });
    expect((await round()).retried).toEqual([
      { id, attempts: 1, inSeconds: 2, error: "451 4.3.0 try again later" },
    ]);
    // Not due yet: the next round does not even try.
    expect((await round()).claimed).toBe(0);
    expect(tries).toBe(1);
    await makeDue(id!);
    expect((await round()).retried).toMatchObject([{ id, attempts: 2, inSeconds: 4 }]);
    await makeDue(id!);
    expect((await round()).failed).toEqual([
      { id, attempts: 3, error: "451 4.3.0 try again later" },
    ]);
    // Given up is final: no later round sends it, and the lag shows it to an operator.
    await makeDue(id!);
    const later = recordingTransport();
    expect((await deliverPendingMail(t.handle.db, { transport: later })).claimed).toBe(0);
    expect(later.received.size).toBe(0);
    const row = await t.handle.db
      .selectFrom("mail_outbox")
      .select(["attempts", "failed_at", "sent_at", "last_error"])
      .where("id", "=", id!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      attempts: 3,
      sent_at: null,
      last_error: "451 4.3.0 try again later",
    });
    expect(row.failed_at).toBeInstanceOf(Date);
    expect((await mailOutboxLag(t.handle.db)).failed).toBeGreaterThanOrEqual(1);
  });

  it("gives up a message whose every worker died holding it, instead of retrying it for ever", async () => {
    const [id] = await queue(1);
    // Three claims, each left to expire by a worker that never came back.
    await t.handle.db
      .updateTable("mail_outbox")
      .set({
        attempts: 3,
        claimed_by: "a dead worker",
        claimed_until: new Date(Date.now() - 1000),
      })
      .where("id", "=", id!)
      .execute();
    const transport = recordingTransport();
    const round = await deliverPendingMail(t.handle.db, { transport, maxAttempts: 3 });
    expect(round.failed).toMatchObject([{ id, attempts: 4 }]);
    expect(transport.received.size).toBe(0);
  });

  it("logs one line for a burst of failures and one when mail flows again", async () => {
    const ids = await queue(4);
    let up = false;
    let refusals = 0;
    const transport = recordingTransport();
    const flaky: MailTransport = {
      async sendMail(message) {
        if (!up) {
          refusals++;
          throw new Error("connect ECONNREFUSED 127.0.0.1:587");
        }
        return transport.sendMail(message);
      },
    };
    const logs: string[] = [];
    const delivery = startMailDelivery(t.handle.db, {
      transport: flaky,
      pollMs: 10,
      retryDelaySeconds: () => 0,
      maxAttempts: 1000,
      log: (line) => logs.push(line),
    });
    try {
      await until(() => refusals >= 12);
      up = true;
      await until(async () => (await unsent(ids)) === 0);
    } finally {
      await delivery.stop();
    }
    expect(logs.filter((l) => l.includes("ECONNREFUSED"))).toHaveLength(1);
    expect(logs.filter((l) => l.includes("sending again"))).toHaveLength(1);
    expect([...transport.received.values()]).toEqual([1, 1, 1, 1]);
  });

  it("stops after the message in flight and hands the rest of its claim back", async () => {
    const ids = await queue(5);
    const transport = recordingTransport();
    let release!: () => void;
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const delivery = startMailDelivery(t.handle.db, {
      pollMs: 10,
      transport: {
        async sendMail(message) {
          started();
          await new Promise<void>((resolve) => (release = resolve));
          return transport.sendMail(message);
        },
      },
    });
    await inFlight;
    const stopped = delivery.stop();
    release();
    await stopped;
    expect([...transport.received.keys()]).toEqual([messageIdFor(ids[0]!)]);
    const rest = await t.handle.db
      .selectFrom("mail_outbox")
      .select(["attempts", "claimed_by", "sent_at"])
      .where("id", "in", ids.slice(1))
      .execute();
    expect(rest).toEqual(
      ids.slice(1).map(() => ({ attempts: 0, claimed_by: null, sent_at: null })),
    );
  });

  it("sends every message exactly once when a worker dies holding claims and two others carry on", async () => {
    const ids = await queue(25);
    // The dying worker claims a batch and hangs on its first message, as a process killed
    // mid-send would: it never sends, never marks, never hands back.
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    let kill!: (error: Error) => void;
    const dying = startMailDelivery(t.handle.db, {
      batchSize: 10,
      leaseSeconds: 1,
      pollMs: 10,
      sendTimeoutMs: 0,
      transport: {
        sendMail: () => {
          hung();
          return new Promise((_, reject) => (kill = reject));
        },
      },
    });
    await hanging;
    const held = await t.handle.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("id", "in", ids)
      .where("claimed_by", "is not", null)
      .execute();
    expect(held).toHaveLength(10);

    const server = recordingTransport();
    const workers = [1, 2].map(() =>
      startMailDelivery(t.handle.db, { batchSize: 4, pollMs: 10, transport: server }),
    );
    try {
      await until(async () => (await unsent(ids)) === 0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      // Let the abandoned loop end: whatever it does now must change nothing.
      kill(new Error("the process was killed"));
      await dying.stop();
    }
    expect([...server.received.keys()].sort()).toEqual(ids.map((id) => messageIdFor(id)).sort());
    expect([...server.received.values()].every((n) => n === 1)).toBe(true);
    expect(await unsent(ids)).toBe(0);
  });
});
