import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedModerationDemo } from "../../cli/seed/moderation.ts";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import * as login from "../../app/routes/login.tsx";
import * as moderationOpinion from "../../app/routes/moderation-opinion.tsx";
import * as moderationWords from "../../app/routes/moderation-words.tsx";
import * as moderation from "../../app/routes/moderation.tsx";
import * as opinionNew from "../../app/routes/opinion-new.tsx";
import * as opinionReport from "../../app/routes/opinion-report.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  type MadeUser,
} from "../../db/factories.ts";
import {
  DEFAULT_SENSITIVE_WORDS,
  saveSensitiveWords,
  SENSITIVE_WORDS_KEY,
} from "../../services/moderation.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { eraseAuditEntries } from "../support/audit.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";

describe("moderation (issue 5 item 5)", () => {
  const t = useTestDatabase();
  const ctx = (overrides = {}) => makeContext(t.handle.db, t.handle.kind, overrides);
  const signIn = async (user: MadeUser) =>
    cookieFrom(
      (
        await callRoute(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );

  let org: string;
  let post: string; // a post-moderated consultation
  let pre: string; // a pre-moderated one
  let pid: string;
  let moderator: string;
  let admin: string;
  let citizen: string;
  let citizenUser: MadeUser;
  let drafter: string;
  let otherModerator: string;
  let key = 0;

  beforeAll(async () => {
    const db = t.handle.db;
    org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    post = await makeConsultation(db, { versionId, title: "先发后审的征求意见" });
    pre = await makeConsultation(db, { versionId, title: "先审后发的征求意见", moderation: "pre" });
    pid = (
      await db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", versionId)
        .where("kind", "=", "article")
        .executeTakeFirstOrThrow()
    ).pid;
    moderator = await signIn(
      await makeUser(db, {
        displayName: "审核员甲",
        roles: [{ role: "moderator", organizationId: org }],
      }),
    );
    admin = await signIn(await makeUser(db, { roles: [{ role: "admin", organizationId: org }] }));
    citizenUser = await makeUser(db, { roles: [{ role: "citizen", organizationId: org }] });
    citizen = await signIn(citizenUser);
    drafter = await signIn(
      await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] }),
    );
    otherModerator = await signIn(
      await makeUser(db, {
        roles: [{ role: "moderator", organizationId: await makeOrganization(db) }],
      }),
    );
  });

  // The word list is one setting of the whole database, and some tests save it: each test starts
  // from the defaults, never saved. Saving first empties the list's in-process cache, which a
  // bare DELETE would leave holding the last saved list.
  beforeEach(async () => {
    const db = t.handle.db;
    await saveSensitiveWords(db, {
      words: [...DEFAULT_SENSITIVE_WORDS],
      actorUserId: citizenUser.id,
      ip: null,
    });
    await db.deleteFrom("app_settings").where("key", "=", SENSITIVE_WORDS_KEY).execute();
    await eraseAuditEntries(db, SENSITIVE_WORDS_KEY);
  });

  const submit = async (consultationId: string, body: Record<string, unknown>, userId?: string) => {
    const full = { provisionPid: pid, ...body };
    const answer = await submitOpinion(t.handle.db, {
      consultationId,
      key: `k-${++key}`,
      hash: requestHash(full),
      body: full,
      userId: userId ?? null,
    });
    return answer.id;
  };
  const statusOf = async (id: string) =>
    t.handle.db
      .selectFrom("opinions")
      .select(["status", "hidden_reason", "held_words"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  const publicIds = async (consultationId: string) => {
    const res = await callRoute(
      apiOpinions.loader,
      getRequest(`/api/v1/consultations/${consultationId}/opinions?limit=100`),
      ctx(),
      { id: consultationId },
    );
    expect(res.status).toBe(200);
    return (res.data.opinions as { id: string }[]).map((o) => o.id);
  };
  const act = (cookie: string | undefined, fields: Record<string, string>, csrf?: string | null) =>
    callRoute(
      moderation.action,
      formRequest("/moderation", fields, { cookie, ...(csrf === undefined ? {} : { csrf }) }),
      ctx(),
    );
  const queue = async (cookie: string, query = "") =>
    callRoute(moderation.loader, getRequest(`/moderation${query}`, cookie), ctx());
  const auditOf = (id: string) =>
    t.handle.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "data"])
      .where("subject_id", "=", id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();

  it("holds a pre-moderated opinion until a moderator approves it, and tells the citizen", async () => {
    // Through the form: the receipt says the opinion waits for review.
    const form = await callRoute(
      opinionNew.action,
      formRequest(
        `/consultations/${pre}/opinions/new`,
        { pid, body: "建议明确村级防疫员的补贴标准。", idempotencyKey: "form-pre-1" },
        { cookie: citizen },
      ),
      ctx(),
      { id: pre },
    );
    expect(form.data).toMatchObject({ ok: true, pending: true });
    const id = (
      await t.handle.db
        .selectFrom("opinions")
        .select("id")
        .where("receipt", "=", form.data.receipt)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await statusOf(id)).status).toBe("pending");
    expect(await publicIds(pre)).not.toContain(id);

    const listed = await queue(moderator, `?view=pending&consultation=${pre}`);
    expect(listed.status).toBe(200);
    expect(listed.data.items.map((o: { id: string }) => o.id)).toContain(id);
    expect(listed.data.consultations.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([pre, post]),
    );

    const approved = await act(moderator, { intent: "approve", opinionId: id });
    expect(approved.data).toEqual({ ok: true, intent: "approve", opinionId: id });
    expect((await statusOf(id)).status).toBe("published");
    expect(await publicIds(pre)).toContain(id);
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(["opinion.approve"]);
    expect(audit[0]!.data).toMatchObject({ from: "pending", to: "published" });

    // A second moderator approving the same opinion changes nothing.
    const again = await act(admin, { intent: "approve", opinionId: id });
    expect(again.status).toBe(409);
    expect(await auditOf(id)).toHaveLength(1);

    // Under post-moderation the receipt does not speak of review.
    const published = await callRoute(
      opinionNew.action,
      formRequest(
        `/consultations/${post}/opinions/new`,
        { pid, body: "建议增加对养殖户的培训。", idempotencyKey: "form-post-1" },
        { cookie: citizen },
      ),
      ctx(),
      { id: post },
    );
    expect(published.data).toMatchObject({ ok: true, pending: false });
  });

  it("sends an opinion with a sensitive word to the queue under post-moderation", async () => {
    expect(DEFAULT_SENSITIVE_WORDS).toContain("代开发票");
    // Spaces between the characters, full-width Latin: still caught.
    const held = await submit(post, { body: "本人长期 代 开 发 票，欢迎联系。" });
    const latin = await submit(post, {
      body: "第十条写得不清楚。",
      proposedText: "请访问 ＣＡＳＩＮＯ 网站",
    });
    const clean = await submit(post, { body: "Occasionally the casinos… no: occasional checks." });
    expect(await statusOf(held)).toMatchObject({ status: "pending", held_words: ["代开发票"] });
    expect(await statusOf(latin)).toMatchObject({ status: "pending", held_words: ["casino"] });
    expect((await statusOf(clean)).status).toBe("published");
    const listed = await publicIds(post);
    expect(listed).not.toContain(held);
    expect(listed).not.toContain(latin);
    expect(listed).toContain(clean);

    const page = await queue(moderator, "?view=held");
    const item = page.data.items.find((o: { id: string }) => o.id === held);
    expect(item.held_words).toEqual(["代开发票"]);
    // Held opinions are not in the pre-moderation view, and vice versa.
    const preView = await queue(moderator, "?view=pending");
    expect(preView.data.items.map((o: { id: string }) => o.id)).not.toContain(held);
  });

  it("lets a moderator edit the word list: validated, audited, in force at once", async () => {
    const db = t.handle.db;
    const words = await callRoute(
      moderationWords.loader,
      getRequest("/moderation/words", moderator),
      ctx(),
    );
    expect(words.data).toMatchObject({
      words: [...DEFAULT_SENSITIVE_WORDS],
      saved: false,
      history: [],
    });

    const tooLong = await callRoute(
      moderationWords.action,
      formRequest(
        "/moderation/words",
        { words: `刷单\n${"长".repeat(51)}` },
        { cookie: moderator },
      ),
      ctx(),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.data).toMatchObject({ ok: false, message: "moderation.words.tooLong", line: 2 });
    expect(
      await db
        .selectFrom("app_settings")
        .select("key")
        .where("key", "=", SENSITIVE_WORDS_KEY)
        .execute(),
    ).toEqual([]);

    const saved = await callRoute(
      moderationWords.action,
      formRequest(
        "/moderation/words",
        { words: "代开发票\n\n  私彩代购 \nＶＩＡＧＲＡ\n代开发票\r\nviagra" },
        { cookie: admin },
      ),
      ctx(),
    );
    expect(saved.data).toEqual({ ok: true, count: 3 });
    const after = await callRoute(
      moderationWords.loader,
      getRequest("/moderation/words", moderator),
      ctx(),
    );
    expect(after.data).toMatchObject({ words: ["代开发票", "私彩代购", "VIAGRA"], saved: true });
    expect(after.data.history).toHaveLength(1);
    expect(after.data.history[0]).toMatchObject({
      added: ["私彩代购", "VIAGRA"],
      removed: DEFAULT_SENSITIVE_WORDS.filter((w) => w !== "代开发票"),
    });
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("subject_id", "=", SENSITIVE_WORDS_KEY)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe("moderation.words_update");
    expect(audit[0]!.data).toMatchObject({ added: ["私彩代购", "VIAGRA"], count: 3 });

    // The new list applies to the next submission; a removed default word no longer holds.
    const now = await submit(post, { body: "有人在群里搞私彩代购。" });
    expect(await statusOf(now)).toMatchObject({ status: "pending", held_words: ["私彩代购"] });
    const casino = await submit(post, { body: "casino 一词已不在列表中。" });
    expect((await statusOf(casino)).status).toBe("published");
  });

  it("hides an opinion with a public reason, keeps it out of the API, and restores it", async () => {
    const id = await submit(post, { body: "这一条应当删去。" });
    expect(await publicIds(post)).toContain(id);
    // Nobody reported it: the moderator finds it among the published ones, newest first.
    const publishedView = await queue(moderator, "?view=published");
    expect(publishedView.data.items[0].id).toBe(id);

    const noReason = await act(moderator, { intent: "hide", opinionId: id, reason: "  " });
    expect(noReason.status).toBe(400);
    expect(noReason.data.message).toBe("moderation.error.reasonRequired");
    expect((await statusOf(id)).status).toBe("published");

    const hidden = await act(moderator, {
      intent: "hide",
      opinionId: id,
      reason: "含有他人电话号码",
    });
    expect(hidden.data).toMatchObject({ ok: true, intent: "hide" });
    expect(await statusOf(id)).toMatchObject({
      status: "hidden",
      hidden_reason: "含有他人电话号码",
    });
    expect(await publicIds(post)).not.toContain(id);
    const hiddenView = await queue(moderator, "?view=hidden");
    expect(hiddenView.data.items.map((o: { id: string }) => o.id)).toContain(id);

    const restored = await act(moderator, { intent: "restore", opinionId: id });
    expect(restored.data).toMatchObject({ ok: true, intent: "restore" });
    expect(await statusOf(id)).toMatchObject({ status: "published", hidden_reason: null });
    expect(await publicIds(post)).toContain(id);

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(["opinion.hide", "opinion.restore"]);
    expect(audit[0]!.data).toMatchObject({
      reason: "含有他人电话号码",
      from: "published",
      to: "hidden",
    });

    // The record page shows who did what, when, and why.
    const record = await callRoute(
      moderationOpinion.loader,
      getRequest(`/moderation/opinions/${id}`, moderator),
      ctx(),
      { id },
    );
    expect(record.status).toBe(200);
    expect(record.data.log.map((e: { action: string }) => e.action)).toEqual([
      "opinion.restore",
      "opinion.hide",
    ]);
    expect(record.data.log[1]).toMatchObject({ who: "审核员甲", reason: "含有他人电话号码" });
  });

  it("takes reports once per user, rate limits by address, and lets a moderator dismiss them", async () => {
    const db = t.handle.db;
    const id = await submit(post, { body: "支持这一条。" });
    const form = await callRoute(
      opinionReport.loader,
      getRequest(`/opinions/${id}/report`),
      ctx(),
      { id },
    );
    expect(form.status).toBe(200);
    expect(form.data).toMatchObject({ already: false, opinion: { body: "支持这一条。" } });

    const report = (
      fields: Record<string, string>,
      cookie?: string,
      ip?: string,
      csrf?: string | null,
    ) =>
      callRoute(
        opinionReport.action,
        formRequest(`/opinions/${id}/report`, fields, {
          cookie,
          ...(csrf === undefined ? {} : { csrf }),
        }),
        ctx(ip ? { clientIp: ip } : {}),
        { id },
      );

    expect((await report({ category: "spam" }, citizen, undefined, null)).status).toBe(403);
    const other = await report({ category: "other", reason: "" }, citizen);
    expect(other.status).toBe(400);
    expect(other.data.fields.reason).toBe("moderation.report.detailsRequired");

    expect((await report({ category: "abuse", reason: "骂人" }, citizen)).data).toEqual({
      ok: true,
      already: false,
    });
    expect((await report({ category: "spam" }, citizen)).data).toEqual({ ok: true, already: true });
    const seen = await callRoute(
      opinionReport.loader,
      getRequest(`/opinions/${id}/report`, citizen),
      ctx(),
      { id },
    );
    expect(seen.data.already).toBe(true);
    expect((await report({ category: "privacy" }, undefined, "192.0.2.7")).data).toEqual({
      ok: true,
      already: false,
    });
    expect((await report({ category: "privacy" }, undefined, "192.0.2.7")).data).toEqual({
      ok: true,
      already: true,
    });
    const rows = await db
      .selectFrom("opinion_reports")
      .select(["category", "reason", "reporter_user_id"])
      .where("opinion_id", "=", id)
      .orderBy("created_at")
      .execute();
    expect(rows).toEqual([
      { category: "abuse", reason: "骂人", reporter_user_id: citizenUser.id },
      { category: "privacy", reason: "privacy", reporter_user_id: null },
    ]);
    // Still visible until a moderator acts.
    expect(await publicIds(post)).toContain(id);

    // The queue shows the count and the reasons.
    const page = await queue(moderator, "?view=reported");
    const item = page.data.items.find((o: { id: string }) => o.id === id);
    expect(item).toMatchObject({
      reportCount: 2,
      reportCategories: { abuse: 1, privacy: 1 },
      reportReasons: ["骂人"],
    });

    const dismissed = await act(moderator, { intent: "dismiss", opinionId: id });
    expect(dismissed.data).toMatchObject({ ok: true, intent: "dismiss" });
    expect((await statusOf(id)).status).toBe("published");
    expect(
      await db
        .selectFrom("opinion_reports")
        .select("id")
        .where("opinion_id", "=", id)
        .where("resolved_at", "is", null)
        .execute(),
    ).toEqual([]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual([
      "opinion.report",
      "opinion.report",
      "opinion.reports_dismiss",
    ]);
    expect((await act(moderator, { intent: "dismiss", opinionId: id })).status).toBe(409);
    const after = await queue(moderator, "?view=reported");
    expect(after.data.items.map((o: { id: string }) => o.id)).not.toContain(id);

    // Ten reports an hour per address; the eleventh is refused with Retry-After.
    const ip = "198.51.100.9";
    for (let i = 0; i < 10; i++)
      expect((await report({ category: "spam" }, undefined, ip)).status).toBe(200);
    const limited = await report({ category: "spam" }, undefined, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);

    // A pending or hidden opinion cannot be reported.
    const pending = await submit(pre, { body: "待审核的意见" });
    expect(
      (
        await callRoute(opinionReport.loader, getRequest(`/opinions/${pending}/report`), ctx(), {
          id: pending,
        })
      ).status,
    ).toBe(404);
  });

  it("refuses citizens, drafters, other legislatures' moderators, and writes without CSRF", async () => {
    const id = await submit(post, { body: "一条普通的意见。" });
    const pending = await submit(pre, { body: "另一条待审核的意见。" });
    for (const cookie of [citizen, drafter]) {
      expect((await queue(cookie)).status).toBe(403);
      expect(
        (await callRoute(moderationWords.loader, getRequest("/moderation/words", cookie), ctx()))
          .status,
      ).toBe(403);
      expect(
        (
          await callRoute(
            moderationOpinion.loader,
            getRequest(`/moderation/opinions/${id}`, cookie),
            ctx(),
            { id },
          )
        ).status,
      ).toBe(403);
      expect((await act(cookie, { intent: "hide", opinionId: id, reason: "x" })).status).toBe(403);
      expect((await act(cookie, { intent: "approve", opinionId: pending })).status).toBe(403);
      expect(
        (
          await callRoute(
            moderationOpinion.action,
            formRequest(
              `/moderation/opinions/${id}`,
              { intent: "hide", opinionId: id, reason: "x" },
              { cookie },
            ),
            ctx(),
            { id },
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await callRoute(
            moderationWords.action,
            formRequest("/moderation/words", { words: "" }, { cookie }),
            ctx(),
          )
        ).status,
      ).toBe(403);
    }
    // Signed out: sent to sign in.
    const anonymous = await queue("");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?next=/);

    // A moderator of another legislature sees none of these and may not act on them.
    const foreign = await queue(otherModerator);
    expect(foreign.status).toBe(200);
    expect(foreign.data.items).toEqual([]);
    expect((await act(otherModerator, { intent: "approve", opinionId: pending })).status).toBe(403);

    // Without the CSRF token nothing happens, even for a moderator.
    expect((await act(moderator, { intent: "approve", opinionId: pending }, null)).status).toBe(
      403,
    );
    expect(
      (
        await callRoute(
          moderationWords.action,
          formRequest("/moderation/words", { words: "" }, { cookie: moderator, csrf: null }),
          ctx(),
        )
      ).status,
    ).toBe(403);
    expect((await statusOf(id)).status).toBe("published");
    expect((await statusOf(pending)).status).toBe("pending");
    expect(await auditOf(id)).toEqual([]);
    expect(await auditOf(pending)).toEqual([]);
  });

  it("pages the queue and filters it by consultation", async () => {
    // A consultation of its own: filling \`pre\`'s first page would push other tests' opinions off it.
    const { versionId } = await makeBillWithVersion(t.handle.db, { organizationId: org });
    const paged = await makeConsultation(t.handle.db, { versionId, moderation: "pre" });
    const draft = { provisionPid: undefined, scope: "draft" };
    for (let i = 0; i < 23; i++) await submit(paged, { ...draft, body: `分页测试意见 ${i}` });
    const first = await queue(admin, `?view=pending&consultation=${paged}`);
    const total = first.data.total;
    expect(total).toBe(23);
    expect(first.data.items).toHaveLength(20);
    expect(first.data.pages).toBe(Math.ceil(total / 20));
    const second = await queue(admin, `?view=pending&consultation=${paged}&page=2`);
    expect(second.data.items).toHaveLength(total - 20);
    const overlap = second.data.items.filter((o: { id: string }) =>
      first.data.items.some((f: { id: string }) => f.id === o.id),
    );
    expect(overlap).toEqual([]);
    const postOnly = await queue(admin, `?view=pending&consultation=${post}`);
    expect(
      postOnly.data.items.every((o: { consultationId: string }) => o.consultationId === post),
    ).toBe(true);
  });

  it("seeds held and reported opinions for the demo, once", async () => {
    const db = t.handle.db;
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const demo = await makeConsultation(db, {
      versionId,
      opensAt: new Date(Date.now() - 3_600_000),
    });
    const draft = { provisionPid: undefined, scope: "draft" };
    const first = await submit(demo, { ...draft, body: "第一条公开的意见。" });
    const second = await submit(demo, { ...draft, body: "第二条公开的意见。" });
    await seedModerationDemo(db, new Date());
    await seedModerationDemo(db, new Date());
    const held = await db
      .selectFrom("opinions")
      .select(["status", "held_words"])
      .where("consultation_id", "=", demo)
      .where("status", "=", "pending")
      .orderBy("created_at")
      .execute();
    expect(held).toEqual([
      { status: "pending", held_words: ["代开发票"] },
      { status: "pending", held_words: ["网络博彩", "casino"] },
    ]);
    const reports = await db
      .selectFrom("opinion_reports")
      .select(["opinion_id", "category"])
      .where("opinion_id", "in", [first, second])
      .orderBy("created_at")
      .execute();
    expect(reports.map((r) => r.opinion_id)).toEqual([first, first, second]);
    const page = await queue(moderator, `?consultation=${demo}`);
    expect(page.data.total).toBe(4);
    expect(page.data.counts).toEqual({ queue: 4, pending: 0, held: 2, reported: 2 });
  });
});
