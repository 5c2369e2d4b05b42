import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo, isDatabaseEmpty } from "../../cli/seed/demo.ts";
import { campaign } from "../../cli/seed/opinion-texts.ts";
import { closedConsultationTitle } from "../../cli/seed/opinions.ts";
import { demoAccounts } from "../../cli/seed/nantong.ts";
import { listConsultations } from "../../db/queries/consultations.ts";
import { listOpinionsByAuthor } from "../../db/queries/opinions.ts";
import { getUserWithRoles } from "../../db/queries/users.ts";
import { verifyPassword } from "../../db/password.ts";
import { useTestDatabase } from "../support/database.ts";

describe("the Nantong demo", () => {
  const t = useTestDatabase();
  // Both tests read one seeded demo (seeding costs seconds), seeded here, twice, whichever test
  // runs first; the first seed must find the database empty.
  let emptyBefore: boolean;
  beforeAll(async () => {
    emptyBefore = await isDatabaseEmpty(t.handle.db);
    await seedDemo(t.handle.db);
    await seedDemo(t.handle.db);
  }, 180_000);

  it("seeds legislatures, twelve contact points, an account per role and an open real bill, once", async () => {
    const db = t.handle.db;
    expect(emptyBefore).toBe(true);
    expect(await isDatabaseEmpty(db)).toBe(false);

    const organizations = await db
      .selectFrom("organizations")
      .select(["name", "makes_regulations"])
      .execute();
    expect(organizations.filter((o) => o.makes_regulations).map((o) => o.name)).toEqual([
      "南通市人民代表大会常务委员会",
    ]);
    for (const name of ["崇川区", "通州区", "海门区", "启东市"]) {
      expect(organizations.some((o) => o.name.startsWith(name))).toBe(true);
    }
    expect(await db.selectFrom("contact_points").select("id").execute()).toHaveLength(12);

    for (const account of demoAccounts) {
      const row = await db
        .selectFrom("users")
        .select(["id", "password_hash"])
        .where("email", "=", account.email)
        .execute();
      expect(row).toHaveLength(1);
      expect(await verifyPassword(row[0]!.password_hash, account.password)).toBe(true);
      const user = await getUserWithRoles(db, row[0]!.id);
      expect(user!.memberships.map((m) => m.role)).toContain(account.role);
      if (account.role === "coordinator") {
        expect(user!.memberships.find((m) => m.role === "coordinator")!.contactPointName).toBe(
          "崇川区和平桥街道基层立法联系点",
        );
      }
    }

    const open = await listConsultations(db, { status: "open" });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      billTitle: "中华人民共和国动物防疫法（修订草案）",
      versionLabel: "second_reading",
      articleCount: 112,
    });
    const chapters = await db
      .selectFrom("provisions")
      .select("label")
      .where("version_id", "=", open[0]!.versionId)
      .where("kind", "=", "chapter")
      .execute();
    expect(chapters).toHaveLength(12);
    const bills = await db.selectFrom("bills").select(["id", "title"]).orderBy("title").execute();
    expect(bills.map((b) => b.title).sort()).toEqual(
      ["中华人民共和国动物防疫法（修订草案）", "中华人民共和国立法法（修正）"].sort(),
    );
    // The 动物防疫法 readings are one lineage: 第一条 keeps its pid from the law in force to the adopted text.
    const versions = await db
      .selectFrom("versions")
      .select(["id", "label"])
      .where("bill_id", "=", open[0]!.billId)
      .orderBy("seq")
      .execute();
    expect(versions.map((v) => v.label)).toEqual([
      "current_law",
      "first_reading",
      "second_reading",
      "promulgated",
    ]);
    const firstArticles = await db
      .selectFrom("provisions")
      .select(["version_id", "pid"])
      .where(
        "version_id",
        "in",
        versions.map((v) => v.id),
      )
      .where("kind", "=", "article")
      .where("number", "=", 1)
      .execute();
    expect(firstArticles).toHaveLength(4);
    expect(new Set(firstArticles.map((a) => a.pid)).size).toBe(1);
    const articleCounts = await Promise.all(
      versions.map(
        async (v) =>
          (
            await db
              .selectFrom("provisions")
              .select("pid")
              .where("version_id", "=", v.id)
              .where("kind", "=", "article")
              .execute()
          ).length,
      ),
    );
    expect(articleCounts).toEqual([85, 113, 112, 113]);
  });

  it("seeds a handled, reported consultation on the 一审稿 and a few hundred opinions on the open 二审稿, once", async () => {
    const db = t.handle.db;
    // The demo's own opinions (contact points add theirs with their id).
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("opinions")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("contact_point_id", "is", null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const tables = [
      "dispositions",
      "supports",
      "consultations",
      "users",
      "consultation_notices",
    ] as const;
    const sizes = async () =>
      Promise.all(
        tables.map(async (table) =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const sizesBefore = await sizes();
    await seedDemo(db);
    expect(await count()).toBe(before);
    expect(await sizes()).toEqual(sizesBefore);
    expect(before).toBeGreaterThanOrEqual(250);
    expect(before).toBeLessThanOrEqual(350);

    const closed = (await listConsultations(db, { status: "closed" })).find(
      (c) => c.title === closedConsultationTitle,
    )!;
    expect(closed).toMatchObject({ versionLabel: "first_reading", status: "closed" });
    const open = (await listConsultations(db, { status: "open" }))[0]!;
    const report = await db
      .selectFrom("consultations")
      .select(["report_published_at", "report_note", "closes_at"])
      .where("id", "=", closed.id)
      .executeTakeFirstOrThrow();
    expect(report.report_published_at!.getTime()).toBeLessThan(Date.now());
    expect(report.report_published_at!.getTime()).toBeGreaterThan(
      new Date(report.closes_at).getTime(),
    );
    expect(report.report_note).toContain("采纳");

    // Every opinion of the closed consultation is handled, with a reason.
    const closedOpinions = await db
      .selectFrom("opinions as o")
      .leftJoin("dispositions as d", "d.opinion_id", "o.id")
      .select(["o.id", "d.code", "d.reason", "o.provision_pid"])
      .where("o.consultation_id", "=", closed.id)
      .execute();
    expect(closedOpinions.length).toBeGreaterThan(40);
    expect(closedOpinions.filter((o) => !o.code || !o.reason)).toEqual([]);
    expect(new Set(closedOpinions.map((o) => o.code)).size).toBe(6);

    // Every quote is the provision's text at its offsets.
    const quotes = await db
      .selectFrom("opinions as o")
      .innerJoin("provisions as p", (join) =>
        join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
      )
      .select(["o.quote_text", "o.quote_start", "o.quote_end", "p.text"])
      .where("o.quote_text", "is not", null)
      .execute();
    expect(quotes.length).toBeGreaterThan(20);
    for (const q of quotes) expect(q.text.slice(q.quote_start!, q.quote_end!)).toBe(q.quote_text);

    // Every changed provision is in a later reading of the same bill.
    const links = await db
      .selectFrom("dispositions as d")
      .innerJoin("opinions as o", "o.id", "d.opinion_id")
      .innerJoin("versions as given", "given.id", "o.version_id")
      .innerJoin("versions as changed", "changed.id", "d.changed_version_id")
      .innerJoin("provisions as p", (join) =>
        join
          .onRef("p.version_id", "=", "d.changed_version_id")
          .onRef("p.pid", "=", "d.changed_pid"),
      )
      .select([
        "given.bill_id as givenBill",
        "given.seq as givenSeq",
        "changed.bill_id as changedBill",
        "changed.seq as changedSeq",
      ])
      .execute();
    expect(links.length).toBeGreaterThan(15);
    for (const l of links) {
      expect(l.changedBill).toBe(l.givenBill);
      expect(l.changedSeq).toBeGreaterThan(l.givenSeq);
    }

    // The 一审稿's opinions on provisions the 二审稿 keeps show on the 二审稿.
    const carried = await db
      .selectFrom("opinions as o")
      .innerJoin("provisions as p", "p.pid", "o.provision_pid")
      .select("o.id")
      .where("o.consultation_id", "=", closed.id)
      .where("p.version_id", "=", open.versionId)
      .execute();
    expect(carried.length).toBeGreaterThan(30);

    // The open consultation: spread over articles, channels, districts, types and days.
    const spread = await sql<{
      pids: number;
      channels: number;
      regions: number;
      types: number;
      days: number;
      handled: number;
      hidden: number;
      pending: number;
    }>`
      SELECT count(DISTINCT o.provision_pid)::int AS pids, count(DISTINCT o.channel)::int AS channels,
        count(DISTINCT o.author_region)::int AS regions,
        count(DISTINCT o.respondent_type)::int AS types,
        count(DISTINCT (o.created_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS days,
        count(d.id)::int AS handled,
        count(*) FILTER (WHERE o.status = 'hidden' AND o.hidden_reason <> '')::int AS hidden,
        count(*) FILTER (WHERE o.status = 'pending')::int AS pending
      FROM opinions o LEFT JOIN dispositions d ON d.opinion_id = o.id
      WHERE o.consultation_id = ${open.id} AND o.contact_point_id IS NULL
        AND o.created_at <= now()
    `.execute(db);
    const s = spread.rows[0]!;
    expect(s.pids).toBeGreaterThan(50);
    expect(s.channels).toBeGreaterThanOrEqual(5);
    expect(s.regions).toBeGreaterThanOrEqual(7);
    expect(s.types).toBeGreaterThanOrEqual(6);
    expect(s.days).toBeGreaterThanOrEqual(10);
    expect(s.handled).toBeGreaterThan(5);
    expect(s.hidden).toBe(2);
    // Two awaiting review in the opinions demo, two held by the sensitive-word list (moderation demo).
    expect(s.pending).toBe(4);
    const offline = await db
      .selectFrom("opinions")
      .select(["provenance", "received_on", "recorded_by"])
      .where("consultation_id", "=", open.id)
      .where("channel", "in", ["letter", "department", "expert_meeting", "hearing"])
      .where("contact_point_id", "is", null) // recorded by the drafters, not a point's letters
      // nor the experts' answers, which come in through their private links (cli/seed/experts.ts)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("expert_answers as a")
              .select("a.id")
              .whereRef("a.opinion_id", "=", "opinions.id"),
          ),
        ),
      )
      .execute();
    expect(offline.length).toBeGreaterThan(10);
    for (const o of offline) {
      expect(o.provenance).toBeTruthy();
      expect(o.received_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(o.recorded_by).toBeTruthy();
    }

    // A template campaign for the clustering, supports never on one's own opinion.
    const campaignRows = await db
      .selectFrom("opinions")
      .select("id")
      .where("body", "like", `%${campaign.body}%`)
      .execute();
    expect(campaignRows).toHaveLength(campaign.count);
    const ownSupports = await db
      .selectFrom("supports as s")
      .innerJoin("opinions as o", "o.id", "s.opinion_id")
      .select("s.opinion_id")
      .whereRef("o.author_user_id", "=", "s.user_id")
      .execute();
    expect(ownSupports).toEqual([]);
    expect(sizesBefore[1]).toBeGreaterThan(30);

    // 张市民 (the demo citizen) has handled and unhandled opinions under 我的意见.
    const citizen = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "citizen@demo.kaimen.cn")
      .executeTakeFirstOrThrow();
    const mine = await listOpinionsByAuthor(db, citizen.id);
    expect(mine.some((o) => o.dispositionCode)).toBe(true);
    expect(mine.some((o) => !o.dispositionCode)).toBe(true);
    expect(new Set(mine.map((o) => o.consultationId)).size).toBe(2);

    // The extended deadline is announced.
    const notices = await db
      .selectFrom("consultation_notices")
      .select(["kind", "new_closes_at"])
      .where("consultation_id", "=", open.id)
      .execute();
    expect(notices).toEqual([
      { kind: "deadline_extended", new_closes_at: new Date(open.closes_at) },
    ]);
  });

  it("gives the demo bills a reviewer and a handler, and the demo's public dispositions published working copies", async () => {
    const db = t.handle.db;
    const bills = await db.selectFrom("bills").select("id").execute();
    expect(bills.length).toBeGreaterThan(0);
    for (const account of demoAccounts) {
      if (!("billRole" in account) || !account.billRole) continue;
      const user = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", account.email)
        .executeTakeFirstOrThrow();
      const held = await db
        .selectFrom("bill_team")
        .select("bill_id")
        .where("user_id", "=", user.id)
        .where("role", "=", account.billRole)
        .execute();
      expect(held.map((h) => h.bill_id).sort()).toEqual(bills.map((b) => b.id).sort());
    }
    const mismatched = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dispositions d
      LEFT JOIN disposition_work w ON w.opinion_id = d.opinion_id
      WHERE w.opinion_id IS NULL OR w.state <> 'published' OR w.code <> d.code
        OR w.reason <> d.reason
    `.execute(db);
    expect(mismatched.rows[0]!.n).toBe(0);
    const published = await db
      .selectFrom("disposition_work")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(published.n)).toBeGreaterThan(0);
  });
});
