import { describe, expect, it } from "vitest";
import { seedDemo, isDatabaseEmpty } from "../../cli/seed/demo.ts";
import { demoAccounts } from "../../cli/seed/nantong.ts";
import { listConsultations } from "../../db/queries/consultations.ts";
import { getUserWithRoles } from "../../db/queries/users.ts";
import { verifyPassword } from "../../db/password.ts";
import { useTestDatabase } from "../support/database.ts";

describe("the Nantong demo", () => {
  const t = useTestDatabase();

  it("seeds legislatures, twelve contact points, an account per role and an open real bill, once", async () => {
    const db = t.handle.db;
    expect(await isDatabaseEmpty(db)).toBe(true);
    await seedDemo(db);
    await seedDemo(db);
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
});
