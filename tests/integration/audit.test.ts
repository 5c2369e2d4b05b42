// The audit log (issue 15 item 4): entries cannot be changed or removed, whatever asks the
// database; an administrator reads them on /admin/audit, filtered and paged, and downloads them
// as CSV; nobody else may. And revoking a role asks first (item 5).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as adminAuditExport from "../../app/routes/admin.audit-export.ts";
import * as adminAudit from "../../app/routes/admin.audit.tsx";
import * as adminUsers from "../../app/routes/admin.users.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  type MadeUser,
} from "../../db/factories.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { getUserWithRoles } from "../../db/queries/users.ts";
import { parseCsv } from "../../services/documents/csv.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
  type Outcome,
} from "../support/routes.ts";

describe("the audit log", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  let org: string;
  let admin: MadeUser;
  let adminCookie: string;
  let drafterCookie: string;
  let citizenCookie: string;

  beforeAll(async () => {
    const db = t.handle.db;
    org = await makeOrganization(db);
    admin = await makeUser(db, {
      displayName: "管理员甲",
      roles: [{ role: "admin", organizationId: org }],
    });
    adminCookie = await signInCookie(ctx(), admin);
    drafterCookie = await signInCookie(
      ctx(),
      await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] }),
    );
    citizenCookie = await signInCookie(
      ctx(),
      await makeUser(db, { roles: [{ role: "citizen", organizationId: org }] }),
    );
  });

  /** An entry written as recordAudit writes it, with a time of our choosing. */
  const entry = async (values: {
    actor?: string | null;
    action: string;
    type: string;
    id: string;
    at?: Date | string;
    data?: Record<string, unknown>;
  }) => {
    const row = await t.handle.db
      .insertInto("audit_log")
      .values({
        actor_user_id: values.actor ?? null,
        action: values.action,
        subject_type: values.type,
        subject_id: values.id,
        data: JSON.stringify(values.data ?? {}),
        ...(values.at ? { created_at: values.at } : {}),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const page = (query: string, cookie = adminCookie) =>
    callRoute(adminAudit.loader, getRequest(`/admin/audit${query}`, cookie), ctx());
  const ids = (answer: Outcome) => answer.data.entries.map((e: { id: string }) => String(e.id));

  it("refuses UPDATE, DELETE and TRUNCATE of an audit entry in the database", async () => {
    const db = t.handle.db;
    const subject = randomUUID();
    await recordAudit(db, {
      actorUserId: admin.id,
      action: "role.grant",
      subjectType: "user",
      subjectId: subject,
      data: { role: "drafter" },
    });
    await expect(
      db
        .updateTable("audit_log")
        .set({ action: "role.revoke" })
        .where("subject_id", "=", subject)
        .execute(),
    ).rejects.toThrow(/audit_log is append-only: UPDATE/);
    await expect(
      db
        .updateTable("audit_log")
        .set({ actor_user_id: null })
        .where("subject_id", "=", subject)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.deleteFrom("audit_log").where("subject_id", "=", subject).execute(),
    ).rejects.toThrow(/audit_log is append-only: DELETE/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(
      /audit_log is append-only: TRUNCATE/,
    );
    const kept = await db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "data"])
      .where("subject_id", "=", subject)
      .execute();
    expect(kept).toEqual([
      { action: "role.grant", actor_user_id: admin.id, data: { role: "drafter" } },
    ]);
  });

  it("still lets a user be deleted: the entries stay, only the link to the account goes", async () => {
    const db = t.handle.db;
    const leaver = await makeUser(db, { displayName: "离职人员" });
    const subject = randomUUID();
    await entry({ actor: leaver.id, action: "opinion.record", type: "opinion", id: subject });
    await db.deleteFrom("users").where("id", "=", leaver.id).execute();
    expect(
      await db
        .selectFrom("audit_log")
        .select(["actor_user_id", "action"])
        .where("subject_id", "=", subject)
        .execute(),
    ).toEqual([{ actor_user_id: null, action: "opinion.record" }]);
  });

  it("ties entries to their bill through the object they name", async () => {
    const db = t.handle.db;
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId: org });
    const consultationId = await makeConsultation(db, { versionId });
    const other = randomUUID();
    await entry({ action: "bill.create", type: "bill", id: billId });
    await entry({ action: "version.publish", type: "version", id: versionId });
    await entry({ action: "consultation.create", type: "consultation", id: consultationId });
    await entry({ action: "bill_team.grant", type: "user", id: other, data: { billId } });
    await entry({ action: "role.grant", type: "user", id: other });
    const rows = await db
      .selectFrom("audit_log")
      .select(["action", "bill_id"])
      .where("subject_id", "in", [billId, versionId, consultationId, other])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { action: "bill.create", bill_id: billId },
      { action: "version.publish", bill_id: billId },
      { action: "consultation.create", bill_id: billId },
      { action: "bill_team.grant", bill_id: billId },
      { action: "role.grant", bill_id: null },
    ]);
    const found = await page(`?bill=${billId}`);
    expect(found.data.entries.map((e: { action: string }) => e.action)).toEqual([
      "bill_team.grant",
      "consultation.create",
      "version.publish",
      "bill.create",
    ]);
  });

  it("finds entries by actor (name or e-mail) and by object, each linked to its object", async () => {
    const db = t.handle.db;
    const handler = await makeUser(db, {
      displayName: "承办人乙",
      email: `handler-${randomUUID()}@example.cn`,
    });
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId: org });
    const consultationId = await makeConsultation(db, { versionId, title: "审计测试征求意见" });
    const unknown = randomUUID();
    await entry({
      actor: handler.id,
      action: "consultation.update",
      type: "consultation",
      id: consultationId,
      data: { title: "<script>alert(1)</script>", channels: ["online", "letter"] },
    });
    await entry({
      actor: handler.id,
      action: "assignment.assign",
      type: "handling_thing",
      id: unknown,
    });
    await entry({
      actor: admin.id,
      action: "consultation.extend",
      type: "consultation",
      id: consultationId,
    });

    const byName = await page(`?actor=${encodeURIComponent("承办人乙")}`);
    expect(byName.status).toBe(200);
    expect(byName.data.entries.map((e: { action: string }) => e.action)).toEqual([
      "assignment.assign",
      "consultation.update",
    ]);
    const byEmail = await page(`?actor=${encodeURIComponent(handler.email.slice(0, 20))}`);
    expect(ids(byEmail)).toEqual(ids(byName));

    const byObject = await page(`?type=consultation&object=${consultationId}`);
    expect(byObject.data.entries.map((e: { action: string }) => e.action)).toEqual([
      "consultation.extend",
      "consultation.update",
    ]);
    const [extend, update] = byObject.data.entries;
    expect(extend.actorName).toBe("管理员甲");
    expect(update.object).toEqual({
      href: `/consultations/${consultationId}/manage`,
      label: "审计测试征求意见",
    });
    expect(update.billId).toBe(billId);
    expect(update.data).toEqual({
      title: "<script>alert(1)</script>",
      channels: ["online", "letter"],
    });
    // A kind of object the page has no page for shows its id, unlinked.
    const [assign] = (await page(`?object=${unknown}`)).data.entries;
    expect(assign.object).toEqual({ href: null, label: null });
  });

  it("filters by action, a family of actions, and days of the deployment's time zone", async () => {
    const actor = await makeUser(t.handle.db, { displayName: `筛选人-${randomUUID()}` });
    const id = randomUUID();
    const at = (iso: string) => new Date(iso);
    // 2001-03-02 in Shanghai runs from 2001-03-01T16:00Z to 2001-03-02T16:00Z.
    await entry({
      actor: actor.id,
      action: "disposition.save",
      type: "opinion",
      id,
      at: at("2001-03-01T15:59:59Z"),
    });
    await entry({
      actor: actor.id,
      action: "disposition.submit",
      type: "opinion",
      id,
      at: at("2001-03-01T16:00:00Z"),
    });
    await entry({
      actor: actor.id,
      action: "disposition.approve",
      type: "opinion",
      id,
      at: at("2001-03-02T15:59:59Z"),
    });
    await entry({
      actor: actor.id,
      action: "opinion.dispose",
      type: "opinion",
      id,
      at: at("2001-03-02T16:00:00Z"),
    });
    const q = `?object=${id}`;
    const actions = async (query: string) =>
      (await page(`${q}${query}`)).data.entries.map((e: { action: string }) => e.action);

    expect(await actions("&action=disposition.submit")).toEqual(["disposition.submit"]);
    expect(await actions("&action=disposition.*")).toEqual([
      "disposition.approve",
      "disposition.submit",
      "disposition.save",
    ]);
    expect(await actions("&from=2001-03-02&to=2001-03-02")).toEqual([
      "disposition.approve",
      "disposition.submit",
    ]);
    expect(await actions("&from=2001-03-03")).toEqual(["opinion.dispose"]);
    expect(await actions("&to=2001-03-01")).toEqual(["disposition.save"]);
    expect((await page(`${q}&from=2001-02-30`)).status).toBe(400);
    expect((await page(`${q}&action=${encodeURIComponent("x'; drop")}`)).status).toBe(400);
  });

  it("pages newest first without skipping or repeating entries of one instant", async () => {
    const name = `翻页人-${randomUUID()}`;
    const actor = await makeUser(t.handle.db, { displayName: name });
    const written: string[] = [];
    for (let i = 0; i < 120; i++) {
      // Sixty entries share one instant; the others are a microsecond apart, all within one
      // millisecond (where a cursor kept as a JavaScript Date would lose its place).
      const micros = String(Math.max(0, i - 59)).padStart(3, "0");
      const id = await entry({
        actor: actor.id,
        action: "opinion.support",
        type: "opinion",
        id: randomUUID(),
        at: `2002-05-05T05:05:05.123${micros}Z`,
      });
      written.push(String(id));
    }
    const filter = `actor=${encodeURIComponent(name)}`;
    const seen: string[] = [];
    const pages: Outcome[] = [];
    let next: string | null = `/admin/audit?${filter}`;
    for (let n = 0; next && n < 10; n++) {
      const answer = await callRoute(adminAudit.loader, getRequest(next, adminCookie), ctx());
      pages.push(answer);
      seen.push(...ids(answer));
      next = answer.data.older;
    }
    expect(pages).toHaveLength(3);
    // Newest first: by time, and among entries of one instant the later written first.
    expect(seen).toEqual([...written].reverse());
    // Back from the second page to the first, the same entries in the same order.
    const back = await callRoute(
      adminAudit.loader,
      getRequest(pages[1]!.data.newer, adminCookie),
      ctx(),
    );
    expect(ids(back)).toEqual(ids(pages[0]!));
    expect(back.data.newer).toBeNull();
    expect(pages[0]!.data.newer).toBeNull();
    expect(pages[2]!.data.older).toBeNull();
  });

  it("downloads the current filter as CSV, every entry, with formulas defused", async () => {
    const db = t.handle.db;
    const trickster = await makeUser(db, { displayName: '=HYPERLINK("http://x")' });
    const id = randomUUID();
    for (let i = 0; i < 3; i++)
      await entry({
        actor: trickster.id,
        action: "opinion.edit",
        type: "opinion",
        id,
        data: { body: `第${i}次`, note: "-1+2" },
      });
    const answer = await callRoute(
      adminAuditExport.loader,
      getRequest(`/admin/audit/export.csv?object=${id}`, adminCookie),
      ctx(),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(answer.data as string);
    expect(rows[0]![0]).toBe("时间");
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r[1])).toEqual(Array(3).fill('\'=HYPERLINK("http://x")'));
    expect(rows.slice(1).map((r) => r[3])).toEqual(Array(3).fill("opinion.edit"));
    expect(JSON.parse(rows[1]![9]!)).toEqual({ body: "第2次", note: "-1+2" });
  });

  it("is for administrators only: others get 403, visitors are sent to sign in", async () => {
    for (const cookie of [drafterCookie, citizenCookie]) {
      expect((await page("", cookie)).status).toBe(403);
      const csv = await callRoute(
        adminAuditExport.loader,
        getRequest("/admin/audit/export.csv", cookie),
        ctx(),
      );
      expect(csv.status).toBe(403);
    }
    const anonymous = await callRoute(adminAudit.loader, getRequest("/admin/audit"), ctx());
    expect(anonymous.status).toBe(302);
  });

  it("asks before revoking a role, and revokes it only when confirmed", async () => {
    const db = t.handle.db;
    const user = await makeUser(db, {
      displayName: "将被撤销的起草人",
      roles: [{ role: "drafter", organizationId: org }],
    });
    const ask = await callRoute(
      adminUsers.loader,
      getRequest(`/admin/users?revoke=${user.id}&organization=${org}&role=drafter`, adminCookie),
      ctx(),
    );
    expect(ask.status).toBe(200);
    expect(ask.data.confirm).toMatchObject({
      user: { id: user.id, name: "将被撤销的起草人", email: user.email },
      membership: { organizationId: org, role: "drafter" },
    });
    // Asking changed nothing.
    expect((await getUserWithRoles(db, user.id))!.memberships).toHaveLength(1);
    const drafterAsks = await callRoute(
      adminUsers.loader,
      getRequest(`/admin/users?revoke=${user.id}&organization=${org}&role=drafter`, drafterCookie),
      ctx(),
    );
    expect(drafterAsks.status).toBe(403);

    const confirmed = await callRoute(
      adminUsers.action,
      formRequest(
        "/admin/users",
        { intent: "revoke", userId: user.id, organizationId: org, role: "drafter" },
        { cookie: adminCookie },
      ),
      ctx(),
    );
    expect(confirmed.data).toEqual({ ok: true, message: "admin.users.revoked" });
    expect((await getUserWithRoles(db, user.id))!.memberships).toEqual([]);
    const revoked = await page(`?type=user&object=${user.id}&action=role.revoke`);
    expect(revoked.data.entries).toHaveLength(1);
    expect(revoked.data.entries[0].actorName).toBe("管理员甲");

    // Asked again, the role is gone: the page says so and offers no button.
    const again = await callRoute(
      adminUsers.loader,
      getRequest(`/admin/users?revoke=${user.id}&organization=${org}&role=drafter`, adminCookie),
      ctx(),
    );
    expect(again.data.confirm.membership).toBeNull();
  });
});
