import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  makeBillWithVersion,
  makeContactPoint,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { insertConsultation } from "../../db/queries/consultations.ts";
import { useTestDatabase } from "../support/database.ts";

// Invalid states must be impossible to store, whatever code (or person with psql) tries.
describe("database constraints", () => {
  const t = useTestDatabase();

  it("refuses a coordinator without a contact point, and a second point for one coordinator", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const user = await makeUser(db);
    await expect(
      db
        .insertInto("memberships")
        .values({
          user_id: user.id,
          organization_id: org,
          role: "coordinator",
          contact_point_id: null,
        })
        .execute(),
    ).rejects.toThrow(/check/i);
    const a = await makeContactPoint(db, { organizationId: org });
    const b = await makeContactPoint(db, { organizationId: org });
    const other = await makeOrganization(db, { kind: "district" });
    await db
      .insertInto("memberships")
      .values({ user_id: user.id, organization_id: org, role: "coordinator", contact_point_id: a })
      .execute();
    await expect(
      db
        .insertInto("memberships")
        .values({
          user_id: user.id,
          organization_id: other,
          role: "coordinator",
          contact_point_id: b,
        })
        .execute(),
    ).rejects.toThrow(/duplicate|unique/i);
  });

  it("keeps published versions immutable", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    await expect(
      db.updateTable("versions").set({ title: "改过的标题" }).where("id", "=", versionId).execute(),
    ).rejects.toThrow(/immutable/);
  });

  it("refuses an opinion on a provision the version does not have", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const consultation = await insertConsultation(db, {
      versionId,
      title: "征求意见",
      opensAt: new Date(Date.now() - 1000),
      closesAt: new Date(Date.now() + 86_400_000),
    });
    const base = {
      consultation_id: consultation,
      version_id: versionId,
      scope: "article" as const,
      body: "建议修改",
      channel: "online" as const,
      lookup_code_hash: "x",
    };
    await expect(
      db
        .insertInto("opinions")
        .values({ ...base, provision_pid: "no-such-pid", receipt: "R1" })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
    const article = await db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", versionId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("opinions")
      .values({ ...base, provision_pid: article.pid, receipt: "R2" })
      .execute();
    // A blank opinion, or one from a contact point through the online channel, cannot be stored.
    await expect(
      db
        .insertInto("opinions")
        .values({ ...base, provision_pid: article.pid, body: "   ", receipt: "R3" })
        .execute(),
    ).rejects.toThrow(/check/i);
    const point = await makeContactPoint(db, { organizationId: org });
    await expect(
      db
        .insertInto("opinions")
        .values({ ...base, provision_pid: article.pid, contact_point_id: point, receipt: "R4" })
        .execute(),
    ).rejects.toThrow(/check/i);
  });

  it("refuses a comment period that closes before it opens, and unknown channels", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const opensAt = new Date();
    await expect(
      insertConsultation(db, { versionId, title: "x", opensAt, closesAt: opensAt }),
    ).rejects.toThrow(/check/i);
    await expect(
      db
        .insertInto("consultations")
        .values({
          version_id: versionId,
          title: "x",
          opens_at: opensAt,
          closes_at: new Date(opensAt.getTime() + 1000),
          channels: sql`ARRAY['online','telepathy']` as never,
        })
        .execute(),
    ).rejects.toThrow(/check/i);
  });

  it("refuses two accounts with the same e-mail", async () => {
    const db = t.handle.db;
    await makeUser(db, { email: "same@example.org" });
    await expect(makeUser(db, { email: "same@example.org" })).rejects.toThrow(/duplicate|unique/i);
  });
});
