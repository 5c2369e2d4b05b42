import { describe, expect, it } from "vitest";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import * as consultationPage from "../../app/routes/consultation.tsx";
import * as manage from "../../app/routes/consultation-manage.tsx";
import * as create from "../../app/routes/consultation-new.tsx";
import * as list from "../../app/routes/consultations.tsx";
import * as login from "../../app/routes/login.tsx";
import * as versionPage from "../../app/routes/version.tsx";
import { translator } from "../../app/i18n/index.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { utcToZonedLocal, zonedLocalToUtc } from "../../services/consultations.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = "Asia/Shanghai";
/** A time as the drafter types it into the form (Beijing wall clock, minutes). */
const local = (d: Date) => utcToZonedLocal(d, TZ);
/** The same instant rounded down to the minute, as it comes back from the form. */
const minute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

describe("times entered in the deployment's zone", () => {
  it("are stored as UTC instants and shown back as the same wall-clock time", () => {
    expect(zonedLocalToUtc("2030-03-01T09:00", TZ)?.toISOString()).toBe("2030-03-01T01:00:00.000Z");
    expect(zonedLocalToUtc("2030-07-01T09:00", "America/New_York")?.toISOString()).toBe(
      "2030-07-01T13:00:00.000Z",
    );
    expect(zonedLocalToUtc("2030-01-15T09:00", "America/New_York")?.toISOString()).toBe(
      "2030-01-15T14:00:00.000Z",
    );
    expect(utcToZonedLocal("2030-03-01T01:00:00.000Z", TZ)).toBe("2030-03-01T09:00");
    expect(zonedLocalToUtc("2030-02-30T09:00", TZ)).toBeNull();
    expect(zonedLocalToUtc("明天", TZ)).toBeNull();
  });
});

describe("drafters open and manage consultations", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const signIn = async (user: { email: string; password: string }) =>
    cookieFrom(
      (
        await callRoute(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );

  async function setting() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const bill = await makeBillWithVersion(db, { organizationId: org });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    return { db, org, ...bill, drafter, cookie: await signIn(drafter) };
  }

  const form = (
    versionId: string,
    over: Record<string, string | string[]> = {},
  ): Record<string, string | string[]> => {
    const opens = new Date(Date.now() + 2 * DAY);
    return {
      versionId,
      title: "征求意见稿公开征求意见",
      description: "欢迎提出意见。",
      opensAt: local(opens),
      closesAt: local(new Date(opens.getTime() + 30 * DAY)),
      channels: ["online", "letter"],
      moderation: "pre",
      allowAnonymous: "yes",
      ...over,
    };
  };

  /** A form POST with repeated fields (checkbox groups). */
  const post = (path: string, fields: Record<string, string | string[]>, cookie: string) => {
    const request = formRequest(path, {}, { cookie });
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    body.set("_csrf", "test-csrf-token-0123456789abcdefghij");
    return new Request(request.url, { method: "POST", headers: request.headers, body });
  };

  const count = async (versionId: string) =>
    Number(
      (
        await t.handle.db
          .selectFrom("consultations")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("version_id", "=", versionId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("opens a consultation from Beijing times, stores UTC, audits it, and refuses a second live one on the version", async () => {
    const { db, billId, versionId, drafter, cookie } = await setting();
    const page = await callRoute(
      create.loader,
      getRequest(`/bills/${billId}/consultations/new?version=${versionId}`, cookie),
      ctx(),
      { billId },
    );
    expect(page.data.chosen).toBe(versionId);
    expect(page.data.defaults.channels).toEqual(["online", "letter"]);

    const fields = form(versionId, { opensAt: "2030-03-01T09:00", closesAt: "2030-03-31T18:00" });
    const made = await callRoute(
      create.action,
      post(`/bills/${billId}/consultations/new`, fields, cookie),
      ctx(),
      { billId },
    );
    expect(made.status).toBe(302);
    const id = /\/consultations\/([0-9a-f-]{36})\/manage/.exec(made.headers.get("Location")!)![1]!;
    const row = await db
      .selectFrom("consultations")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.opens_at).toISOString()).toBe("2030-03-01T01:00:00.000Z");
    expect(new Date(row.closes_at).toISOString()).toBe("2030-03-31T10:00:00.000Z");
    expect(row).toMatchObject({
      channels: ["online", "letter"],
      moderation: "pre",
      allow_anonymous: true,
      created_by: drafter.id,
    });
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("subject_id", "=", id)
      .execute();
    expect(audit).toEqual([{ action: "consultation.create", actor_user_id: drafter.id }]);

    // The public page of an upcoming consultation says when it opens.
    const shown = await callRoute(
      consultationPage.loader,
      getRequest(`/consultations/${id}`),
      ctx(),
      {
        id,
      },
    );
    expect(shown.data.consultation.status).toBe("upcoming");

    // A second open-or-upcoming consultation on the same version is refused; nothing is stored.
    const again = await callRoute(
      create.action,
      post(`/bills/${billId}/consultations/new`, form(versionId), cookie),
      ctx(),
      { billId },
    );
    expect(again.status).toBe(409);
    expect(again.data.errors).toEqual({ versionId: "consultations.error.overlap" });
    expect(await count(versionId)).toBe(1);
    const newPage = await callRoute(
      create.loader,
      getRequest(`/bills/${billId}/consultations/new`, cookie),
      ctx(),
      { billId },
    );
    expect(newPage.data.versions.find((v: { id: string }) => v.id === versionId).busy).toBe(true);
  });

  it("explains every invalid setting in the user's language and stores nothing", async () => {
    const { db, org, billId, versionId, cookie } = await setting();
    const other = await makeBillWithVersion(db, { organizationId: org });
    const cases: [Record<string, string | string[]>, Record<string, string>, number][] = [
      [
        { opensAt: "2030-03-10T09:00", closesAt: "2030-03-01T09:00" },
        { closesAt: "consultations.error.endBeforeStart" },
        400,
      ],
      [
        {
          opensAt: local(new Date(Date.now() - 10 * DAY)),
          closesAt: local(new Date(Date.now() - DAY)),
        },
        { closesAt: "consultations.error.endInPast" },
        400,
      ],
      [
        { opensAt: "2030-03-01T09:00", closesAt: "2031-06-01T09:00" },
        { closesAt: "consultations.error.tooLong" },
        400,
      ],
      [{ channels: [] }, { channels: "consultations.error.channels" }, 400],
      [
        { channels: ["online", "carrier_pigeon"] },
        { channels: "consultations.error.channels" },
        400,
      ],
      [{ title: "  " }, { title: "consultations.error.titleRequired" }, 400],
      [{ closesAt: "明天" }, { closesAt: "consultations.error.closesAt" }, 400],
      [{ moderation: "none" }, { moderation: "consultations.error.moderation" }, 400],
      [{ versionId: other.versionId }, { versionId: "consultations.error.versionNotInBill" }, 400],
    ];
    for (const [over, errors, status] of cases) {
      const answer = await callRoute(
        create.action,
        post(`/bills/${billId}/consultations/new`, form(versionId, over), cookie),
        ctx(),
        { billId },
      );
      expect(answer.status, JSON.stringify(over)).toBe(status);
      expect(answer.data.errors, JSON.stringify(over)).toEqual(errors);
      // The typed values come back so the form keeps them.
      expect(answer.data.values.title).toBe(over.title ?? "征求意见稿公开征求意见");
      for (const key of Object.values(errors)) {
        expect(translator("zh-CN")(key as never)).toMatch(/[\u4e00-\u9fff]/);
        expect(translator("en")(key as never)).toMatch(/^[A-Z]/);
      }
    }
    expect(await count(versionId)).toBe(0);
    expect(await count(other.versionId)).toBe(0);
  });

  it("refuses citizens, drafters of another legislature and visitors", async () => {
    const { db, billId, versionId } = await setting();
    const citizen = await signIn(await makeUser(db));
    const stranger = await signIn(
      await makeUser(db, {
        roles: [{ role: "drafter", organizationId: await makeOrganization(db) }],
      }),
    );
    for (const cookie of [citizen, stranger]) {
      const page = await callRoute(
        create.loader,
        getRequest(`/bills/${billId}/consultations/new`, cookie),
        ctx(),
        { billId },
      );
      expect(page.status).toBe(403);
      const write = await callRoute(
        create.action,
        post(`/bills/${billId}/consultations/new`, form(versionId), cookie),
        ctx(),
        { billId },
      );
      expect(write.status).toBe(403);
    }
    const anonymous = await callRoute(
      create.loader,
      getRequest(`/bills/${billId}/consultations/new`),
      ctx(),
      { billId },
    );
    expect(anonymous.status).toBe(302);
    expect(await count(versionId)).toBe(0);

    const id = await makeConsultation(db, { versionId });
    for (const cookie of [citizen, stranger]) {
      expect(
        (
          await callRoute(manage.loader, getRequest(`/consultations/${id}/manage`, cookie), ctx(), {
            id,
          })
        ).status,
      ).toBe(403);
      const extend = await callRoute(
        manage.action,
        post(
          `/consultations/${id}/manage`,
          { intent: "extend", closesAt: local(new Date(Date.now() + 90 * DAY)) },
          cookie,
        ),
        ctx(),
        { id },
      );
      expect(extend.status).toBe(403);
    }
    expect(
      await db
        .selectFrom("consultation_notices")
        .select("id")
        .where("consultation_id", "=", id)
        .execute(),
    ).toEqual([]);
    // Without the CSRF token even the bill's drafter is refused.
    const { cookie } = await setting();
    const noCsrf = await callRoute(
      create.action,
      formRequest(`/bills/${billId}/consultations/new`, {}, { cookie, csrf: null }),
      ctx(),
      { billId },
    );
    expect(noCsrf.status).toBe(403);
  });

  it("offers the reading page's link to open a consultation to the bill's drafters only", async () => {
    const { db, billId, versionId, cookie } = await setting();
    const path = `/bills/${billId}/versions/${versionId}`;
    const as = async (c?: string) =>
      (await callRoute(versionPage.loader, getRequest(path, c), ctx(), { billId, versionId })).data
        .canConsult;
    expect(await as(cookie)).toBe(true);
    expect(await as(await signIn(await makeUser(db)))).toBe(false);
    expect(
      await as(
        await signIn(
          await makeUser(db, {
            roles: [{ role: "drafter", organizationId: await makeOrganization(db) }],
          }),
        ),
      ),
    ).toBe(false);
    expect(await as()).toBe(false);
  });

  it("edits an upcoming consultation's settings and times, audited with what changed", async () => {
    const { db, versionId, drafter, cookie } = await setting();
    const opens = new Date(Date.now() + 5 * DAY);
    const id = await makeConsultation(db, {
      versionId,
      opensAt: opens,
      closesAt: new Date(opens.getTime() + 20 * DAY),
    });
    const newOpens = minute(new Date(Date.now() + 3 * DAY));
    const newCloses = minute(new Date(Date.now() + 40 * DAY));
    const saved = await callRoute(
      manage.action,
      post(
        `/consultations/${id}/manage`,
        {
          intent: "settings",
          title: "修改后的标题",
          description: "",
          opensAt: local(newOpens),
          closesAt: local(newCloses),
          channels: ["online", "symposium"],
          moderation: "pre",
        },
        cookie,
      ),
      ctx(),
      { id },
    );
    expect(saved.data).toEqual({ intent: "settings", ok: true, changed: 6 });
    const row = await db
      .selectFrom("consultations")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: "修改后的标题",
      channels: ["online", "symposium"],
      moderation: "pre",
      allow_anonymous: false,
    });
    expect(new Date(row.opens_at).getTime()).toBe(newOpens.getTime());
    expect(new Date(row.closes_at).getTime()).toBe(newCloses.getTime());
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "data"])
      .where("subject_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe("consultation.update");
    expect(audit.actor_user_id).toBe(drafter.id);
    expect(Object.keys((audit.data as { changes: object }).changes).sort()).toEqual([
      "allowAnonymous",
      "channels",
      "closesAt",
      "moderation",
      "opensAt",
      "title",
    ]);
    expect((audit.data as { changes: Record<string, unknown> }).changes.moderation).toEqual({
      from: "post",
      to: "pre",
    });
    // Saving the same settings again changes nothing and audits nothing.
    const same = await callRoute(
      manage.action,
      post(
        `/consultations/${id}/manage`,
        {
          intent: "settings",
          title: "修改后的标题",
          description: "",
          opensAt: local(newOpens),
          closesAt: local(newCloses),
          channels: ["symposium", "online"],
          moderation: "pre",
        },
        cookie,
      ),
      ctx(),
      { id },
    );
    expect(same.data).toEqual({ intent: "settings", ok: true, changed: 0 });
    expect(
      await db.selectFrom("audit_log").select("id").where("subject_id", "=", id).execute(),
    ).toHaveLength(1);
  });

  it("extends an open consultation's deadline with a public notice; never shortens or reopens", async () => {
    const { db, versionId, drafter, cookie } = await setting();
    const opens = minute(new Date(Date.now() - 3 * DAY));
    const closes = minute(new Date(Date.now() + 5 * DAY));
    const id = await makeConsultation(db, { versionId, opensAt: opens, closesAt: closes });
    const settings = (over: Record<string, string | string[]>) =>
      post(
        `/consultations/${id}/manage`,
        {
          intent: "settings",
          title: "测试征求意见",
          channels: ["online"],
          moderation: "post",
          allowAnonymous: "yes",
          ...over,
        },
        cookie,
      );

    // The settings form of an open consultation carries no times; sending them anyway is refused.
    const moveStart = await callRoute(
      manage.action,
      settings({ opensAt: local(new Date(Date.now() + DAY)), closesAt: local(closes) }),
      ctx(),
      { id },
    );
    expect(moveStart.status).toBe(409);
    expect(moveStart.data.errors).toEqual({ opensAt: "consultations.error.opensAtLocked" });
    const shorten = await callRoute(
      manage.action,
      settings({ opensAt: local(opens), closesAt: local(new Date(Date.now() + DAY)) }),
      ctx(),
      { id },
    );
    expect(shorten.data.errors).toEqual({ closesAt: "consultations.error.shorten" });
    const later = await callRoute(
      manage.action,
      settings({ opensAt: local(opens), closesAt: local(new Date(Date.now() + 9 * DAY)) }),
      ctx(),
      { id },
    );
    expect(later.data.errors).toEqual({ closesAt: "consultations.error.useExtend" });
    // Without times, the other settings of an open consultation may change.
    const renamed = await callRoute(manage.action, settings({ title: "改名" }), ctx(), { id });
    expect(renamed.data).toEqual({ intent: "settings", ok: true, changed: 1 });

    const extend = (closesAt: string, body = "") =>
      callRoute(
        manage.action,
        post(`/consultations/${id}/manage`, { intent: "extend", closesAt, body }, cookie),
        ctx(),
        { id },
      );
    const earlier = await extend(local(new Date(Date.now() + 2 * DAY)));
    expect(earlier.status).toBe(400);
    expect(earlier.data.errors).toEqual({ closesAt: "consultations.error.notLater" });
    expect(
      new Date(
        (
          await db
            .selectFrom("consultations")
            .select("closes_at")
            .where("id", "=", id)
            .executeTakeFirstOrThrow()
        ).closes_at,
      ).getTime(),
    ).toBe(closes.getTime());

    const newCloses = minute(new Date(Date.now() + 20 * DAY));
    const done = await extend(local(newCloses), "应社会各界要求，延长征求意见期限。");
    expect(done.data).toEqual({ intent: "extend", ok: true, changed: 1 });
    const notices = await db
      .selectFrom("consultation_notices")
      .selectAll()
      .where("consultation_id", "=", id)
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: "deadline_extended",
      body: "应社会各界要求，延长征求意见期限。",
      created_by: drafter.id,
    });
    expect(new Date(notices[0]!.previous_closes_at!).getTime()).toBe(closes.getTime());
    expect(new Date(notices[0]!.new_closes_at!).getTime()).toBe(newCloses.getTime());
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("subject_id", "=", id)
      .where("action", "=", "consultation.extend")
      .executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({
      previousClosesAt: closes.toISOString(),
      closesAt: newCloses.toISOString(),
      noticeId: notices[0]!.id,
    });

    // The public page carries the notice, and the consultation still takes opinions.
    const page = await callRoute(
      consultationPage.loader,
      getRequest(`/consultations/${id}`),
      ctx(),
      {
        id,
      },
    );
    expect(page.data.consultation.status).toBe("open");
    expect(page.data.notices).toHaveLength(1);
    expect(new Date(page.data.notices[0].new_closes_at).getTime()).toBe(newCloses.getTime());
    const managed = await callRoute(
      manage.loader,
      getRequest(`/consultations/${id}/manage`, cookie),
      ctx(),
      {
        id,
      },
    );
    expect(managed.data.history.map((h: { action: string }) => h.action)).toContain(
      "consultation.extend",
    );

    // A closed consultation is neither extended nor reopened through its settings.
    await db
      .updateTable("consultations")
      .set({ closes_at: new Date(Date.now() - HOUR) })
      .where("id", "=", id)
      .execute();
    const reopen = await extend(local(new Date(Date.now() + 30 * DAY)));
    expect(reopen.status).toBe(409);
    expect(reopen.data.errors).toEqual({ closesAt: "consultations.error.closed" });
    const closedPage = await callRoute(
      manage.loader,
      getRequest(`/consultations/${id}/manage`, cookie),
      ctx(),
      {
        id,
      },
    );
    const reopenBySettings = await callRoute(
      manage.action,
      settings({
        opensAt: closedPage.data.values.opensAt,
        closesAt: local(new Date(Date.now() + 30 * DAY)),
      }),
      ctx(),
      { id },
    );
    expect(reopenBySettings.status).toBe(409);
    expect(reopenBySettings.data.errors).toEqual({ closesAt: "consultations.error.closed" });
    expect(
      await db
        .selectFrom("consultation_notices")
        .select("id")
        .where("consultation_id", "=", id)
        .execute(),
    ).toHaveLength(1);
    // …and takes no opinion.
    const late = await callRoute(
      apiOpinions.action,
      new Request(`http://localhost/api/v1/consultations/${id}/opinions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "late-1" },
        body: JSON.stringify({ scope: "draft", body: "迟到的意见" }),
      }),
      ctx(),
      { id },
    );
    expect(late.status).toBe(409);
  });

  it("extending an upcoming consultation is an edit of its settings, not a notice", async () => {
    const { db, versionId, cookie } = await setting();
    const id = await makeConsultation(db, {
      versionId,
      opensAt: new Date(Date.now() + DAY),
      closesAt: new Date(Date.now() + 10 * DAY),
    });
    const answer = await callRoute(
      manage.action,
      post(
        `/consultations/${id}/manage`,
        { intent: "extend", closesAt: local(new Date(Date.now() + 30 * DAY)) },
        cookie,
      ),
      ctx(),
      { id },
    );
    expect(answer.status).toBe(409);
    expect(answer.data.errors).toEqual({ closesAt: "consultations.error.notOpenYet" });
  });

  it("lists consultations publicly: open ones first by deadline, then upcoming, then closed", async () => {
    const { db, org } = await setting();
    const version = async () => (await makeBillWithVersion(db, { organizationId: org })).versionId;
    const now = Date.now();
    const closed = await makeConsultation(db, {
      versionId: await version(),
      title: "已结束的",
      opensAt: new Date(now - 40 * DAY),
      closesAt: new Date(now - 10 * DAY),
    });
    const late = await makeConsultation(db, {
      versionId: await version(),
      title: "晚截止的",
      opensAt: new Date(now - DAY),
      closesAt: new Date(now + 20 * DAY),
    });
    const soon = await makeConsultation(db, {
      versionId: await version(),
      title: "早截止的",
      opensAt: new Date(now - DAY),
      closesAt: new Date(now + 2 * DAY + 3 * HOUR),
    });
    const upcoming = await makeConsultation(db, {
      versionId: await version(),
      title: "未开始的",
      opensAt: new Date(now + 3 * DAY),
      closesAt: new Date(now + 33 * DAY),
    });
    const page = await callRoute(list.loader, getRequest("/consultations"), ctx());
    const ours = new Set([closed, late, soon, upcoming]);
    const shown = page.data.consultations.filter((c: { id: string }) => ours.has(c.id));
    expect(shown.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      [soon, "open"],
      [late, "open"],
      [upcoming, "upcoming"],
      [closed, "closed"],
    ]);
    expect(shown[0]).toMatchObject({
      versionLabel: "first_reading",
      billTitle: expect.any(String),
    });
    expect(typeof page.data.now).toBe("number");
  });
});
