import { signInLimits } from "../../app/auth/sign-in-limits.server.ts";
import { describe, expect, it } from "vitest";
import * as admin from "../../app/routes/admin.tsx";
import * as adminUsers from "../../app/routes/admin.users.tsx";
import * as coordinator from "../../app/routes/coordinator.tsx";
import * as healthz from "../../app/routes/healthz.ts";
import * as home from "../../app/routes/home.tsx";
import * as lang from "../../app/routes/lang.tsx";
import * as login from "../../app/routes/login.tsx";
import * as logout from "../../app/routes/logout.tsx";
import * as me from "../../app/routes/me.tsx";
import * as moderation from "../../app/routes/moderation.tsx";
import * as signup from "../../app/routes/signup.tsx";
import * as workspace from "../../app/routes/workspace.tsx";
import type { AppContext } from "../../app/context.ts";
import type { Role } from "../../db/codes.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { cookieFrom, formRequest, getRequest, makeContext, callRoute } from "../support/routes.ts";

const call = callRoute;

describe("pages, permissions and sign-in", () => {
  const t = useTestDatabase();
  const ctx = (overrides: Partial<AppContext> = {}) =>
    makeContext(t.handle.db, t.handle.kind, overrides);

  async function signedIn(
    roles: Role[],
  ): Promise<{ cookie: string; userId: string; orgId: string }> {
    const db = t.handle.db;
    const orgId = await makeOrganization(db);
    const point = await makeContactPoint(db, { organizationId: orgId });
    const user = await makeUser(db, {
      roles: roles.map((role) => ({
        role,
        organizationId: orgId,
        ...(role === "coordinator" ? { contactPointId: point } : {}),
      })),
    });
    const result = await call(
      login.action,
      formRequest("/login", { email: user.email, password: user.password }),
      ctx(),
    );
    expect(result.status).toBe(302);
    return { cookie: cookieFrom(result.headers), userId: user.id, orgId };
  }

  it("lets each role in to its own page and keeps everyone else out", async () => {
    const pages = [
      { module: workspace, path: "/workspace", allowed: ["drafter", "admin"] as Role[] },
      { module: coordinator, path: "/coordinator", allowed: ["coordinator"] as Role[] },
      { module: moderation, path: "/moderation", allowed: ["moderator", "admin"] as Role[] },
      { module: admin, path: "/admin", allowed: ["admin"] as Role[] },
      { module: adminUsers, path: "/admin/users", allowed: ["admin"] as Role[] },
    ];
    const sessions = new Map<Role, string>();
    for (const role of ["citizen", "coordinator", "drafter", "moderator", "admin"] as Role[]) {
      sessions.set(role, (await signedIn([role])).cookie);
    }
    for (const page of pages) {
      const anonymous = await call(page.module.loader, getRequest(page.path), ctx());
      expect(anonymous.status, `${page.path} anonymous`).toBe(302);
      expect(anonymous.headers.get("Location")).toBe(
        `/login?next=${encodeURIComponent(page.path)}`,
      );
      for (const [role, cookie] of sessions) {
        const result = await call(page.module.loader, getRequest(page.path, cookie), ctx());
        expect(result.status, `${page.path} as ${role}`).toBe(
          page.allowed.includes(role) ? 200 : 403,
        );
      }
    }
  });

  it("signs in to the landing page of the user's role, rotating the session", async () => {
    const db = t.handle.db;
    const orgId = await makeOrganization(db);
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: orgId }] });
    const first = await call(
      login.action,
      formRequest("/login", { email: drafter.email, password: drafter.password }),
      ctx(),
    );
    expect(first.headers.get("Location")).toBe("/workspace");
    const firstCookie = cookieFrom(first.headers);
    const second = await call(
      login.action,
      formRequest(
        "/login",
        { email: drafter.email.toUpperCase(), password: drafter.password },
        { cookie: firstCookie },
      ),
      ctx(),
    );
    expect(second.status).toBe(302);
    const secondCookie = cookieFrom(second.headers);
    expect(secondCookie).not.toBe(firstCookie);
    // The old session no longer works: sign-in replaced it.
    expect(
      (await call(workspace.loader, getRequest("/workspace", firstCookie), ctx())).status,
    ).toBe(302);
    expect(
      (await call(workspace.loader, getRequest("/workspace", secondCookie), ctx())).status,
    ).toBe(200);
  });

  it("refuses a wrong password in the user's language and honours ?next= only inside the site", async () => {
    const db = t.handle.db;
    const user = await makeUser(db);
    const wrong = await call(
      login.action,
      formRequest("/login", { email: user.email, password: "not-it" }),
      ctx(),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.data.formError).toBe("auth.signIn.failed");
    const blank = await call(
      login.action,
      formRequest("/login", { email: "", password: "" }),
      ctx(),
    );
    expect(blank.data.errors).toEqual({ email: "error.required", password: "error.required" });
    const offsite = await call(
      login.action,
      formRequest("/login", {
        email: user.email,
        password: user.password,
        next: "//evil.example/steal",
      }),
      ctx(),
    );
    expect(offsite.headers.get("Location")).toBe("/me");
    const inside = await call(
      login.action,
      formRequest("/login", {
        email: user.email,
        password: user.password,
        next: "/consultations/x",
      }),
      ctx(),
    );
    expect(inside.headers.get("Location")).toBe("/consultations/x");
  });

  it("refuses writes without the CSRF token or from another origin, and changes nothing", async () => {
    const db = t.handle.db;
    const user = await makeUser(db);
    const before = await db.selectFrom("sessions").select("id").execute();
    for (const request of [
      formRequest("/login", { email: user.email, password: user.password }, { csrf: null }),
      formRequest(
        "/login",
        { email: user.email, password: user.password },
        { csrf: "forged-token-forged-token-forged-token" },
      ),
      formRequest(
        "/login",
        { email: user.email, password: user.password },
        { origin: "https://evil.example" },
      ),
    ]) {
      const result = await call(login.action, request, ctx());
      expect(result.status).toBe(403);
      expect(result.data.message).toBe("页面已过期，请刷新后重试。");
    }
    expect(await db.selectFrom("sessions").select("id").execute()).toHaveLength(before.length);
  });

  it("signs up a citizen once per e-mail, with messages for each bad field", async () => {
    const db = t.handle.db;
    await makeOrganization(db);
    const bad = await call(
      signup.action,
      formRequest("/signup", { email: "not-an-email", displayName: "", password: "short" }),
      ctx(),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({
      email: "error.email",
      displayName: "error.required",
      password: "error.passwordShort",
    });
    const email = `citizen-${Date.now()}@example.org`;
    const ok = await call(
      signup.action,
      formRequest("/signup", { email, displayName: "刘一", password: "a-long-password" }),
      ctx(),
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/me");
    const mine = await call(me.loader, getRequest("/me", cookieFrom(ok.headers)), ctx());
    expect(mine.data.opinions).toEqual([]);
    const again = await call(
      signup.action,
      formRequest("/signup", { email, displayName: "刘二", password: "another-password" }),
      ctx(),
    );
    expect(again.data.errors).toEqual({ email: "auth.signUp.emailTaken" });
    expect(
      await db.selectFrom("users").select("id").where("email", "=", email).execute(),
    ).toHaveLength(1);
  });

  it("limits wrong passwords per address with 429 and Retry-After, without touching other addresses", async () => {
    const db = t.handle.db;
    const user = await makeUser(db);
    const context = () => ctx({ clientIp: "192.0.2.77" });
    // A guesser trying many accounts from one machine (sign-in-limits.server.ts: 50 per address;
    // each account alone stays under its own limit of 5).
    const { addressFailures } = signInLimits;
    const statuses: number[] = [];
    for (let i = 0; i < addressFailures[0]; i++) {
      statuses.push(
        (
          await call(
            login.action,
            formRequest("/login", { email: `guess-${i}@example.org`, password: "wrong" }),
            context(),
          )
        ).status,
      );
    }
    expect(statuses.every((s) => s === 400)).toBe(true);
    const limited = await call(
      login.action,
      formRequest("/login", { email: user.email, password: user.password }),
      context(),
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another address is not affected; limits off (benchmarks) lets everything through.
    expect(
      (
        await call(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx({ clientIp: "192.0.2.78" }),
        )
      ).status,
    ).toBe(302);
    expect(
      (
        await call(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx({ clientIp: "192.0.2.77", rateLimit: false }),
        )
      ).status,
    ).toBe(302);
  });

  it("signs out: the session ends in the database", async () => {
    const { cookie } = await signedIn(["citizen"]);
    const out = await call(logout.action, formRequest("/logout", {}, { cookie }), ctx());
    expect(out.status).toBe(302);
    expect((await call(me.loader, getRequest("/me", cookie), ctx())).status).toBe(302);
  });

  it("lets an admin grant and revoke roles, but never remove the last admin or bind a coordinator to nothing", async () => {
    const db = t.handle.db;
    const { cookie, userId: adminId, orgId } = await signedIn(["admin"]);
    await db
      .deleteFrom("memberships")
      .where("role", "=", "admin")
      .where("user_id", "<>", adminId)
      .execute();
    const target = await makeUser(db);
    const grant = (fields: Record<string, string>) =>
      call(
        adminUsers.action,
        formRequest(
          "/admin/users",
          { intent: "grant", userId: target.id, organizationId: orgId, ...fields },
          { cookie },
        ),
        ctx(),
      );
    expect((await grant({ role: "drafter" })).data.ok).toBe(true);
    const needPoint = await grant({ role: "coordinator", contactPointId: "" });
    expect(needPoint.status).toBe(400);
    expect(needPoint.data.message).toBe("admin.users.needPoint");
    const lastAdmin = await call(
      adminUsers.action,
      formRequest(
        "/admin/users",
        { intent: "revoke", userId: adminId, organizationId: orgId, role: "admin" },
        { cookie },
      ),
      ctx(),
    );
    expect(lastAdmin.data.message).toBe("admin.users.lastAdmin");
    const roles = await db
      .selectFrom("memberships")
      .select("role")
      .where("user_id", "=", target.id)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["drafter"]);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", target.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["role.grant"]);
    // A drafter cannot use the admin action at all.
    const drafter = await signedIn(["drafter"]);
    const denied = await call(
      adminUsers.action,
      formRequest(
        "/admin/users",
        { intent: "grant", userId: drafter.userId, organizationId: orgId, role: "admin" },
        { cookie: drafter.cookie },
      ),
      ctx(),
    );
    expect(denied.status).toBe(403);
  });

  it("lists open consultations on the home page, nearest deadline first, and closed ones apart", async () => {
    const db = t.handle.db;
    const orgId = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: orgId });
    const now = Date.now();
    const later = await makeConsultation(db, {
      versionId,
      title: "晚截止",
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 20 * 86_400_000),
    });
    const sooner = await makeConsultation(db, {
      versionId,
      title: "早截止",
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 2 * 86_400_000),
    });
    const closed = await makeConsultation(db, {
      versionId,
      title: "已结束",
      opensAt: new Date(now - 40 * 86_400_000),
      closesAt: new Date(now - 86_400_000),
    });
    const result = await call(home.loader, getRequest("/"), ctx());
    const openIds = result.data.open.map((c: { id: string }) => c.id);
    expect(openIds.indexOf(sooner)).toBeLessThan(openIds.indexOf(later));
    expect(openIds).not.toContain(closed);
    expect(result.data.closed.map((c: { id: string }) => c.id)).toContain(closed);
    expect(result.data.open.find((c: { id: string }) => c.id === sooner)).toMatchObject({
      status: "open",
      articleCount: 2,
    });
  });

  it("remembers the chosen language in a cookie and answers /healthz with the database status", async () => {
    const switched = await call(
      lang.action,
      formRequest("/lang", { locale: "en", next: "/workspace" }),
      ctx(),
    );
    expect(switched.headers.get("Location")).toBe("/workspace");
    expect(switched.headers.get("Set-Cookie")).toMatch(/^kaimen_lang=en;/);
    const health = await call(healthz.loader, getRequest("/healthz"), ctx());
    expect(health.status).toBe(200);
    expect(health.data).toMatchObject({
      status: "ok",
      database: { kind: t.handle.kind, ok: true },
    });
  });
});
