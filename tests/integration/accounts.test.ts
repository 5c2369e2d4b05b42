import { describe, expect, it } from "vitest";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { hashPassword, verifyPassword } from "../../db/password.ts";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { createSession, deleteSession, findSessionUser } from "../../db/queries/sessions.ts";
import { getSessionSecret } from "../../db/queries/settings.ts";
import { getUserWithRoles } from "../../db/queries/users.ts";
import { useTestDatabase } from "../support/database.ts";

describe("accounts, sessions, secrets and rate limits", () => {
  const t = useTestDatabase();

  it("hashes passwords with argon2id and verifies only the right one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(undefined, "anything")).toBe(false);
  });

  it("keeps sessions by token hash, expires them and ends them", async () => {
    const db = t.handle.db;
    const user = await makeUser(db);
    const token = await createSession(db, user.id);
    expect(await findSessionUser(db, token)).toBe(user.id);
    const stored = await db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored.map((s) => s.id)).not.toContain(token);
    expect(
      await findSessionUser(db, token, new Date(Date.now() + 31 * 86_400_000)),
    ).toBeUndefined();
    await deleteSession(db, token);
    expect(await findSessionUser(db, token)).toBeUndefined();
  });

  it("loads a user's roles with the organization and contact point names", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db, { name: "南通市人民代表大会常务委员会（测试）" });
    const user = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const loaded = await getUserWithRoles(db, user.id);
    expect(loaded?.memberships).toEqual([
      expect.objectContaining({
        role: "drafter",
        organizationName: "南通市人民代表大会常务委员会（测试）",
        contactPointId: null,
      }),
    ]);
  });

  it("generates the session secret once and shares it; SESSION_SECRET wins", async () => {
    const db = t.handle.db;
    const first = await getSessionSecret(db);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await getSessionSecret(db)).toBe(first);
    expect(await getSessionSecret(db, "configured-secret-configured-secret!")).toBe(
      "configured-secret-configured-secret!",
    );
  });

  it("counts rate-limit hits in the database, per key and window", async () => {
    const db = t.handle.db;
    const now = new Date("2026-11-28T10:00:10Z");
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await hitRateLimit(db, "test:ip:1", 2, 60, now));
    expect(hits.map((h) => h.allowed)).toEqual([true, true, false]);
    expect(hits[2]!.retryAfter).toBe(50);
    expect((await hitRateLimit(db, "test:ip:2", 2, 60, now)).allowed).toBe(true);
    expect(
      (await hitRateLimit(db, "test:ip:1", 2, 60, new Date("2026-11-28T10:01:00Z"))).allowed,
    ).toBe(true);
  });
});
