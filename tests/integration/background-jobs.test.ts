// The worker's jobs (services/background-jobs.ts): a published reading's comparison computed
// ahead of its first reader, and the drafters told once when a consultation closes — however
// many workers sweep and run at the same moment.

import { describe, expect, it } from "vitest";
import { noticeText } from "../../app/lib/notice-text.ts";
import { getStoredComparison } from "../../db/queries/comparisons.ts";
import { insertVersion } from "../../db/queries/bills.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { compareRows } from "../../editor/compare/compare.ts";
import { queueDueJobs, runDueJobs, startBackgroundJobs } from "../../services/background-jobs.ts";
import {
  COMPARISON_ALGORITHM,
  serverSegmenter,
  type CompareFunction,
} from "../../services/comparison.ts";
import { listNotifications } from "../../services/notifications.ts";
import { useTestDatabase } from "../support/database.ts";

const DAY = 86_400_000;

/** The comparison in this thread, counting the pairs it was asked for by their first pid. */
function countingCompare(): CompareFunction & { calls: string[] } {
  const calls: string[] = [];
  const compute = ((oldRows, newRows) => {
    calls.push(`${oldRows[0]?.pid}>${newRows[0]?.pid}`);
    return compareRows(oldRows, newRows, serverSegmenter());
  }) as CompareFunction & { calls: string[] };
  compute.calls = calls;
  return compute;
}

/** Two runners side by side, as two worker processes: each sweeps and runs one round. */
async function twoRunners(db: Parameters<typeof runDueJobs>[0], compute?: CompareFunction) {
  await Promise.all([queueDueJobs(db), queueDueJobs(db)]);
  const options = { render: noticeText, ...(compute ? { compute } : {}), batchSize: 50 };
  return Promise.all([runDueJobs(db, options), runDueJobs(db, options)]);
}

describe("the worker's jobs", () => {
  const t = useTestDatabase();

  it("computes a newly published reading's comparison with the reading before it, once across two runners", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const first = sampleText(["为了保护湿地，制定本条例。", "本条例自公布之日起施行。"]);
    const { billId, versionId: before } = await makeBillWithVersion(db, {
      organizationId: org,
      document: first.document,
      provisions: first.provisions,
    });
    const second = sampleText([
      "为了保护和利用湿地，制定本条例。",
      "本条例自二〇二七年一月一日起施行。",
    ]);
    const after = await insertVersion(db, {
      billId,
      label: "second_reading",
      title: "测试条例（二审稿）",
      document: second.document,
      provisions: second.provisions,
    });
    expect(await getStoredComparison(db, before, after, COMPARISON_ALGORITHM)).toBeUndefined();

    const compute = countingCompare();
    const rounds = await twoRunners(db, compute);
    const subject = `${COMPARISON_ALGORITHM}:${before}>${after}`;
    const done = rounds.flatMap((r) => r.done).filter((d) => d.subject === subject);
    expect(done).toHaveLength(1);
    const pair = `${first.provisions[0]!.pid}>${second.provisions[0]!.pid}`;
    expect(compute.calls.filter((c) => c === pair)).toHaveLength(1);
    const stored = (await getStoredComparison(
      db,
      before,
      after,
      COMPARISON_ALGORITHM,
    )) as unknown as { rows: unknown[] };
    expect(stored.rows.length).toBeGreaterThan(0);

    // Once kept, later sweeps queue nothing for it and nothing is computed again.
    await twoRunners(db, compute);
    expect(compute.calls.filter((c) => c === pair)).toHaveLength(1);
  });

  it("tells the bill's drafters once when a consultation closes, however many runners see it", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const other = await makeOrganization(db);
    const drafters = [
      await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] }),
      await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] }),
    ];
    const outsider = await makeUser(db, { roles: [{ role: "drafter", organizationId: other }] });
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const closesAt = new Date(Date.now() + 60_000);
    const consultationId = await makeConsultation(db, {
      versionId,
      title: "湿地保护条例征求意见",
      opensAt: new Date(Date.now() - 30 * DAY),
      closesAt,
    });
    const closingNotices = async (userId: string) =>
      (await listNotifications(db, userId)).filter(
        (n) => n.kind === "consultation_closed" && n.subject_id === consultationId,
      );

    // Still open: nothing is queued for it.
    await twoRunners(db);
    expect(await closingNotices(drafters[0]!.id)).toEqual([]);

    // The deadline passes (the consultation's row, as an extension or a clock would move it).
    await db
      .updateTable("consultations")
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where("id", "=", consultationId)
      .execute();
    await twoRunners(db);
    await twoRunners(db);

    for (const drafter of drafters) {
      const notices = await closingNotices(drafter.id);
      expect(notices).toHaveLength(1);
      const text = noticeText(
        "zh-CN",
        notices[0]!.kind,
        notices[0]!.data as Record<string, unknown>,
      );
      expect(text.body).toContain("湿地保护条例征求意见");
      expect((notices[0]!.data as { link: string }).link).toBe(
        `/consultations/${consultationId}/handling`,
      );
    }
    expect(await closingNotices(outsider.id)).toEqual([]);
    // A consultation that closed long before any worker saw it (seeded history) is news to no one.
    const old = await makeConsultation(db, {
      versionId,
      opensAt: new Date(Date.now() - 150 * DAY),
      closesAt: new Date(Date.now() - 120 * DAY),
    });
    await twoRunners(db);
    expect(
      (await listNotifications(db, drafters[0]!.id)).filter((n) => n.subject_id === old),
    ).toEqual([]);
    // Each drafter's e-mail is queued once, for the mail outbox to deliver.
    const mails = await db
      .selectFrom("mail_outbox")
      .select("recipient")
      .where(
        "recipient",
        "in",
        [...drafters, outsider].map((d) => d.email),
      )
      .execute();
    expect(mails.map((m) => m.recipient).sort()).toEqual(drafters.map((d) => d.email).sort());
  });

  it("runs in the worker's loop: a consultation closing is noticed without anyone asking", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const consultationId = await makeConsultation(db, {
      versionId,
      opensAt: new Date(Date.now() - 30 * DAY),
      closesAt: new Date(Date.now() - 1000),
    });
    const loops = [
      startBackgroundJobs(db, { render: noticeText, pollMs: 50, sweepMs: 50 }),
      startBackgroundJobs(db, { render: noticeText, pollMs: 50, sweepMs: 50 }),
    ];
    try {
      const deadline = Date.now() + 30_000;
      let notices = await listNotifications(db, drafter.id);
      while (!notices.some((n) => n.subject_id === consultationId) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        notices = await listNotifications(db, drafter.id);
      }
      // A few more rounds of both loops pass: still one notice.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await Promise.all(loops.map((l) => l.stop()));
    }
    const notices = (await listNotifications(db, drafter.id)).filter(
      (n) => n.subject_id === consultationId,
    );
    expect(notices.map((n) => n.kind)).toEqual(["consultation_closed"]);
  });
});
