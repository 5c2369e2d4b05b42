import { describe, expect, it } from "vitest";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { hashPassword, verifyPassword } from "../../db/password.ts";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { createSession, deleteSession, findSessionUser } from "../../db/queries/sessions.ts";
import { getSessionSecret } from "../../db/queries/settings.ts";
import { getUserWithRoles } from "../../db/queries/users.ts";
import { signUp } from "../../services/accounts.ts";
import {
  assignCoordinator,
  registerContactPoint,
  unassignCoordinator,
  updateContactPoint,
} from "../../services/contact-point-registry.ts";
import { isServiceError } from "../../services/errors.ts";
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

  it("refuses a second sign-up with one address on the e-mail field, and audits the first", async () => {
    const db = t.handle.db;
    const email = `twice-${Date.now()}@example.cn`;
    const id = await signUp(db, { email, displayName: "王五", password: "a-long-password" });
    const refusal = await signUp(db, {
      email: email.toUpperCase(),
      displayName: "王六",
      password: "another-password",
    }).catch((e: unknown) => e);
    expect(isServiceError(refusal) && [refusal.code, refusal.status, refusal.fields]).toEqual([
      "invalid",
      400,
      { email: "auth.signUp.emailTaken" },
    ]);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["user.sign_up"]);
  });

  it("registers contact points under unique names and names one point per coordinator", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const admin = await makeUser(db, { roles: [{ role: "admin", organizationId: org }] });
    const actor = { userId: admin.id };
    const details = {
      organizationId: org,
      name: `联系点-${Date.now()}`,
      district: "崇川区",
      address: "南大街1号",
      hostOrganization: "",
      phone: "",
      active: true,
    };
    const pointId = await registerContactPoint(db, actor, details);
    const taken = await registerContactPoint(db, actor, details).catch((e: unknown) => e);
    expect(isServiceError(taken) && [taken.code, taken.messageKey]).toEqual([
      "conflict",
      "cp.admin.nameTaken",
    ]);
    const missing = await updateContactPoint(db, actor, "00000000-0000-4000-8000-000000000000", {
      ...details,
      name: `${details.name}-改`,
    }).catch((e: unknown) => e);
    expect(isServiceError(missing) && missing.status).toBe(404);

    const coordinator = await makeUser(db);
    await assignCoordinator(db, actor, { pointId, email: coordinator.email });
    const again = await assignCoordinator(db, actor, { pointId, email: coordinator.email }).catch(
      (e: unknown) => e,
    );
    expect(isServiceError(again) && again.messageKey).toBe("admin.users.onePoint");
    expect((await getUserWithRoles(db, coordinator.id))?.memberships).toEqual([
      expect.objectContaining({ role: "coordinator", contactPointId: pointId }),
    ]);
    await unassignCoordinator(db, actor, { pointId, userId: coordinator.id });
    expect((await getUserWithRoles(db, coordinator.id))?.memberships).toEqual([]);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_user_id", "=", admin.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "contact_point.create",
      "role.grant",
      "role.revoke",
    ]);
  });
});
