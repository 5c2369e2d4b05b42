import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../db/client.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  type MadeUser,
} from "../../db/factories.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce } from "../../search/indexer.ts";
import { createActivity } from "../../services/contact-points.ts";
import { hashLookupCode } from "../../services/opinions.ts";
import { seriousViolations, useBrowser } from "../support/browser.ts";
import { useTestServer } from "../support/server.ts";

// The "Done when", in Chromium on a desktop: an administrator makes the bill's team; a
// reviewer assigns two articles to a handler; the handler records dispositions, some in bulk;
// before sign-off nothing of them shows on the public article page, in the author's 我的意见, on
// the lookup page, on the contact point's page, in search or the API, and no e-mail is queued;
// the reviewer returns one, approves the rest and publishes; then each author and the contact
// point see theirs and are told exactly once. The server runs in this process over a database
// this file holds, so the test reads the mail outbox and drains the search outbox itself (no
// worker runs: search is current exactly when the test says so).

// Kept for a person to look at (not compared); the chosen ones are copied to docs/screenshots.
const shots = path.join(os.tmpdir(), "kaimen-review-shots");

const BODY_A = "建议明确强制免疫所需经费由财政全额保障，不向养殖户收取疫苗费用。";
// Near-identical to BODY_A: the handling view groups them, and one decision covers both.
const BODY_A2 = "建议明确强制免疫所需经费由财政全额保障，不向养殖户收取疫苗费用！";
const BODY_B = "建议在适用范围中写明包括各县（市、区）的渔港和海岛。";
const BODY_POINT = "座谈会上渔民代表提出，海岛上的动物防疫应有专门安排。";
const BODY_RETURN = "建议把本条拆成两条。";
const REASON_A = "一审稿第一条已写明强制免疫经费纳入财政预算统筹保障。";
const REASON_B = "适用范围已包括本市行政区域内的渔港和海岛，无需另行列举。";
const REASON_RETURN = "不予采纳。";
const LOOKUP_CODE = "K7M9P2QX";

interface World {
  consultationId: string;
  billId: string;
  a1: string;
  a2: string;
  admin: MadeUser;
  reviewer: MadeUser & { name: string };
  handler: MadeUser & { name: string };
  spare: MadeUser & { name: string };
  authorA: MadeUser;
  authorB: MadeUser;
  coordinator: MadeUser;
  receiptA: string;
  ids: Record<"a" | "a2" | "b" | "point" | "ret", string>;
}

async function prepare(db: DatabaseHandle["db"]): Promise<World> {
  const org = await makeOrganization(db, { name: "南通市人大常委会（签发测试）" });
  const [ch, a1, a2, a3] = Array.from({ length: 4 }, () => globalThis.crypto.randomUUID()) as [
    string,
    string,
    string,
    string,
  ];
  const article = (pid: string, text: string) => ({
    type: "article",
    attrs: { pid },
    content: [
      {
        type: "paragraph",
        attrs: { pid: globalThis.crypto.randomUUID() },
        content: [{ type: "para_text", content: [{ type: "text", text }] }],
      },
    ],
  });
  const texts = [
    "为了预防、控制和消灭动物疫病，保障公共卫生安全，制定本条例。",
    "本条例适用于本市行政区域内的动物防疫及其监督管理活动。",
    "本条例自公布之日起施行。",
  ];
  const document = {
    type: "doc",
    content: [
      { type: "title", content: [{ type: "text", text: "南通市动物防疫条例" }] },
      article(a1, texts[0]!),
      article(a2, texts[1]!),
      article(a3, texts[2]!),
    ],
  };
  const row = (
    pid: string,
    kind: "chapter" | "article",
    i: number,
    n: number,
    label: string,
    text: string,
    parent: string | null,
  ) => ({
    pid,
    kind,
    ordinal: i,
    number: n,
    label,
    headingPath: parent ? ["第一章 总则"] : [],
    text,
    parentPid: parent,
  });
  const { billId, versionId } = await makeBillWithVersion(db, {
    organizationId: org,
    title: "南通市动物防疫条例",
    document,
    provisions: [
      row(ch, "chapter", 0, 1, "第一章", "总则", null),
      row(a1, "article", 1, 1, "第一条", texts[0]!, ch),
      row(a2, "article", 2, 2, "第二条", texts[1]!, ch),
      row(a3, "article", 3, 3, "第三条", texts[2]!, ch),
    ],
  });
  const consultationId = await makeConsultation(db, {
    versionId,
    title: "南通市动物防疫条例（征求意见稿）公开征求意见",
  });
  const admin = await makeUser(db, {
    displayName: "系统管理员 周",
    roles: [{ role: "admin", organizationId: org }],
  });
  // The team-to-be: users of the legislature whose only standing on the bill will be their role.
  const member = async (name: string) => ({
    ...(await makeUser(db, {
      displayName: name,
      roles: [{ role: "citizen", organizationId: org }],
    })),
    name,
  });
  const reviewer = await member("法工委处长 孙审核");
  const handler = await member("法工委干部 赵承办");
  const spare = await member("法工委干部 钱备用");
  const authorA = await makeUser(db, { displayName: "王养殖" });
  const authorB = await makeUser(db, { displayName: "李渔民" });
  const pointId = await makeContactPoint(db, {
    organizationId: org,
    name: "海门区三厂街道基层立法联系点（签发测试）",
  });
  const coordinator = await makeUser(db, {
    displayName: "联络员 吴",
    roles: [{ role: "coordinator", organizationId: org, contactPointId: pointId }],
  });
  // The point's opinion was gathered at a symposium (its page lists opinions by activity), and
  // the point's report is submitted: the drafters see it from then on.
  const activityId = await createActivity(
    db,
    { contactPointId: pointId, userId: coordinator.id },
    consultationId,
    {
      kind: "symposium",
      heldOn: "2026-11-20",
      place: "三厂街道渔港社区",
      headcount: 8,
      participants: [],
      notes: "",
    },
  );
  const activity = await db
    .selectFrom("contact_point_activities")
    .select("submission_id")
    .where("id", "=", activityId)
    .executeTakeFirstOrThrow();
  const submissionId = activity.submission_id;
  let n = 0;
  const opinion = async (
    pid: string,
    body: string,
    extra: { author?: string; point?: boolean; code?: string } = {},
  ) => {
    n += 1;
    const receipt = `KM20261203SIGN${String(n).padStart(2, "0")}`;
    const inserted = await db
      .insertInto("opinions")
      .values({
        consultation_id: consultationId,
        version_id: versionId,
        provision_pid: pid,
        scope: "article",
        body,
        channel: extra.point ? "symposium" : "online",
        contact_point_id: extra.point ? pointId : null,
        submission_id: extra.point ? submissionId : null,
        activity_id: extra.point ? activityId : null,
        author_user_id: extra.author ?? null,
        author_name: extra.point ? "渔民代表" : null,
        headcount: extra.point ? 8 : 1,
        respondent_type: "individual",
        // A point's opinion waits in its draft report until the report is submitted.
        status: extra.point ? "pending" : "published",
        receipt,
        lookup_code_hash: hashLookupCode(extra.code ?? "UNUSED00"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("search_outbox")
      .values({ entity: "opinion", entity_id: inserted.id, op: "upsert" })
      .execute();
    return { id: inserted.id, receipt };
  };
  const a = await opinion(a1, BODY_A, { author: authorA.id, code: LOOKUP_CODE });
  const a2o = await opinion(a1, BODY_A2);
  const b = await opinion(a2, BODY_B, { author: authorB.id });
  const point = await opinion(a2, BODY_POINT, { point: true });
  await db
    .updateTable("submissions")
    .set({ status: "submitted", submitted_at: new Date() })
    .where("id", "=", submissionId)
    .execute();
  const ret = await opinion(a2, BODY_RETURN);
  return {
    consultationId,
    billId,
    a1,
    a2,
    admin,
    reviewer,
    handler,
    spare,
    authorA,
    authorB,
    coordinator,
    receiptA: a.receipt,
    ids: { a: a.id, a2: a2o.id, b: b.id, point: point.id, ret: ret.id },
  };
}

describe("dispositions are internal until signed off, in Chromium", { shuffle: false }, () => {
  let dataDir = "";
  let handle: DatabaseHandle | undefined;
  let w: World;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-e2e-signoff-"));
    handle = await connectDatabase({ dataDir });
    await migrateToLatest(handle.db);
    w = await prepare(handle.db);
    fs.mkdirSync(shots, { recursive: true });
  }, 180_000);
  // Registered after the database's hook, so the server starts over a prepared database; the
  // hooks after the tests run in reverse, so the server stops before the database closes.
  afterAll(async () => {
    await handle?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const server = useTestServer(() => handle!);
  const browser = useBrowser();
  const db = () => handle!.db;
  const url = (p: string) => `${server.baseUrl}${p}`;

  async function signIn(page: Page, user: { email: string; password: string }) {
    await page.goto(url("/login"));
    await page.getByLabel(/邮箱|E-mail/).fill(user.email);
    await page.getByLabel(/密码|Password/).fill(user.password);
    await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  }

  /** Brings search up to date with every write so far (the worker's indexer, run here). */
  async function indexEverything() {
    for (let i = 0; i < 100; i++) {
      const { claimed, error } = await drainOnce(db(), embeddedEngine(db()));
      if (error) throw new Error(error);
      if (!claimed) return;
    }
    throw new Error("the search outbox did not drain in 100 rounds");
  }

  /** The e-mails queued for these people and their notifications, by e-mail address. */
  async function toldSoFar(users: MadeUser[]) {
    const mails = await db()
      .selectFrom("mail_outbox")
      .select("recipient")
      .where(
        "recipient",
        "in",
        users.map((u) => u.email),
      )
      .execute();
    const notes = await db()
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where(
        "user_id",
        "in",
        users.map((u) => u.id),
      )
      .execute();
    return { mails: mails.map((m) => m.recipient).sort(), notes };
  }

  /** The work states of these opinions' dispositions (none: not drafted). */
  async function statesOf(ids: string[]) {
    const rows = await db()
      .selectFrom("disposition_work")
      .select(["opinion_id", "state"])
      .where("opinion_id", "in", ids)
      .execute();
    return ids.map((id) => rows.find((r) => r.opinion_id === id)?.state ?? "none");
  }

  async function screenshot(page: Page, name: string) {
    await page.screenshot({ path: path.join(shots, `review-${name}.png`), fullPage: true });
  }

  async function atPhoneWidth(user: MadeUser, pathname: string, name: string) {
    const phone = await browser.newPage({ width: 375, height: 800 });
    await signIn(phone, user);
    await phone.goto(url(pathname));
    await phone.locator("h1").waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, `${name}-375`);
  }

  it("an administrator makes the bill's team from the bill page; revoking a role asks first", async () => {
    const page = await browser.newPage();
    await signIn(page, w.admin);
    await page.goto(url(`/bills/${w.billId}`));
    await page.getByRole("link", { name: "办理团队（承办人、审核人）" }).click();
    await page.getByRole("heading", { level: 1, name: "办理团队" }).waitFor();
    const grant = async (user: { name: string; email: string }, role: "承办人" | "审核人") => {
      await page
        .getByLabel("用户", { exact: true })
        .selectOption({ label: `${user.name}（${user.email}）` });
      await page.getByLabel("角色", { exact: true }).selectOption({ label: role });
      await page.getByRole("button", { name: "指定" }).click();
      await page.getByText(`已指定 ${user.name} 为${role}。`).waitFor();
    };
    await grant(w.reviewer, "审核人");
    await grant(w.handler, "承办人");
    await grant(w.spare, "承办人");
    expect(await seriousViolations(page)).toEqual([]);

    // Revoking goes through a confirmation step; cancelling it keeps the role.
    await page.getByRole("link", { name: `撤销${w.spare.name}的承办人角色` }).click();
    await page.getByRole("heading", { name: "确认撤销" }).waitFor();
    await screenshot(page, "team-confirm");
    await page.getByRole("link", { name: "取消" }).click();
    await page.getByRole("heading", { name: "确认撤销" }).waitFor({ state: "detached" });
    await page.getByRole("link", { name: `撤销${w.spare.name}的承办人角色` }).click();
    await page.getByRole("button", { name: "确认撤销" }).click();
    await page.getByText(`已撤销 ${w.spare.name} 的承办人角色。`).waitFor();
    expect(await page.getByRole("link", { name: `撤销${w.spare.name}的承办人角色` }).count()).toBe(
      0,
    );
    await screenshot(page, "team");
    await atPhoneWidth(w.admin, `/bills/${w.billId}/team`, "team");
  });

  it("the reviewer assigns two articles to the handler with a due date", async () => {
    const page = await browser.newPage();
    await signIn(page, w.reviewer);
    await page.goto(url(`/consultations/${w.consultationId}/assignments`));
    await page.getByRole("heading", { level: 1, name: "分配意见" }).waitFor();
    await page.getByText("未分配：5 条意见").waitFor();
    await page.getByLabel("承办人").selectOption({ label: w.handler.name });
    await page.getByLabel("办理期限（可选）").fill("2026-12-31");
    await page.getByRole("checkbox", { name: "选择第一条" }).check();
    await page.getByRole("checkbox", { name: "选择第二条" }).check();
    await page.getByRole("button", { name: "分配所选" }).click();
    await page.getByText(`已分配 2 项给 ${w.handler.name}。`).waitFor();
    const card = page.locator(".handler-card").filter({ hasText: w.handler.name });
    await card.getByText("5 条意见").waitFor();
    await card.getByText("第一条").waitFor();
    await card.getByText("第二条").waitFor();
    await page.getByText("未分配：0 条意见").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "assignments");
    await atPhoneWidth(w.reviewer, `/consultations/${w.consultationId}/assignments`, "assignments");
  });

  it("the handler finds the work in 待我处理 and records dispositions, some in bulk, for review", async () => {
    const page = await browser.newPage();
    await signIn(page, w.handler);
    await page.goto(url("/workspace/queue"));
    await page.getByRole("heading", { level: 1, name: "待我处理" }).waitFor();
    await page.getByRole("link", { name: "处理分配给我的意见" }).click();
    await page.getByRole("heading", { level: 1, name: "意见处理" }).waitFor();
    await page.getByText(/^共 5 条意见/).waitFor();
    // The page's script is running before anything is typed into its forms.
    await page.waitForLoadState("networkidle");
    // The two near-identical opinions on 第一条 are one row: one decision for the pair.
    const cluster = page.locator(".handling-row.cluster");
    await cluster.getByRole("link", { name: "处理本组" }).click();
    await cluster.locator("form.disposition-form").waitFor();
    await page.waitForLoadState("networkidle");
    await cluster.getByLabel("处理情况").selectOption("adopted");
    await cluster.getByLabel("理由").fill(REASON_A);
    await cluster.getByRole("button", { name: "保存并提交审核" }).click();
    await expect
      .poll(() => statesOf([w.ids.a, w.ids.a2]), { timeout: 30_000 })
      .toEqual(["submitted", "submitted"]);
    // (The handling page's own tests check its messages; this story checks what was stored.)
    await page.waitForLoadState("networkidle");
    // Two on 第二条 in bulk, after the preview of what changes.
    for (const body of [BODY_B, BODY_POINT])
      await page
        .locator(".handling-row")
        .filter({ hasText: body })
        .getByRole("checkbox", { name: "选中" })
        .check();
    const bulk = page.getByRole("form", { name: "批量处理所选意见" });
    await bulk.getByLabel("处理情况").selectOption("already_covered");
    await bulk.getByLabel("理由").fill(REASON_B);
    await bulk.getByRole("button", { name: "预览变化" }).click();
    const preview = page.getByRole("region", { name: "确认批量处理" });
    await preview.getByText("所选 2 条意见中，2 条将改变，0 条保持不变。").waitFor();
    await preview.getByRole("button", { name: "确认保存并提交审核" }).click();
    await expect
      .poll(() => statesOf([w.ids.b, w.ids.point]), { timeout: 30_000 })
      .toEqual(["submitted", "submitted"]);
    await page.waitForLoadState("networkidle");
    // And one on its own.
    const single = page.locator(".handling-row").filter({ hasText: BODY_RETURN });
    await single.getByRole("link", { name: "处理", exact: true }).click();
    await single.locator("form.disposition-form").waitFor();
    await single.getByLabel("处理情况").selectOption("not_adopted");
    await single.getByLabel("理由").fill(REASON_RETURN);
    await single.getByRole("button", { name: "保存并提交审核" }).click();
    await expect.poll(() => statesOf([w.ids.ret]), { timeout: 30_000 }).toEqual(["submitted"]);
    const states = await db()
      .selectFrom("disposition_work")
      .select("state")
      .where("consultation_id", "=", w.consultationId)
      .execute();
    expect(states.map((s) => s.state)).toEqual(Array(5).fill("submitted"));
  });

  it("before sign-off the article page, 我的意见, the lookup, the contact point, search and the API show none of it, and no e-mail is queued", async () => {
    await indexEverything();
    // The public article pages.
    const visitor = await browser.newPage();
    for (const pid of [w.a1, w.a2]) {
      await visitor.goto(url(`/consultations/${w.consultationId}/provisions/${pid}`));
      await visitor.locator("h1").waitFor();
      const text = await visitor.locator("main").innerText();
      expect(text).not.toContain(REASON_A);
      expect(text).not.toContain(REASON_B);
      expect(text).not.toContain("处理情况：");
    }
    await visitor.getByText(BODY_B).waitFor();
    // The author's 我的意见.
    const author = await browser.newPage();
    await signIn(author, w.authorA);
    await author.goto(url("/me"));
    await author.getByText(BODY_A).waitFor();
    expect(await author.locator("main").innerText()).not.toContain(REASON_A);
    // The lookup page, by receipt and code.
    await visitor.goto(url("/opinions/lookup"));
    await visitor.getByLabel("回执编号").fill(w.receiptA);
    await visitor.getByLabel("查询码").fill(LOOKUP_CODE);
    await visitor.getByRole("button", { name: "查询" }).click();
    await visitor.getByText(BODY_A).waitFor();
    expect(await visitor.locator("main").innerText()).not.toContain(REASON_A);
    // The contact point's page.
    const coordinator = await browser.newPage();
    await signIn(coordinator, w.coordinator);
    await coordinator.goto(url(`/coordinator/consultations/${w.consultationId}`));
    await coordinator.getByText(BODY_POINT).waitFor();
    expect(await coordinator.locator("main").innerText()).not.toContain(REASON_B);
    // Search, on the page and in the API: the opinions are found, never as handled.
    const found = await (
      await fetch(url(`/api/v1/search?q=${encodeURIComponent("渔港和海岛")}&kind=opinion`))
    ).json();
    expect(found.total).toBeGreaterThan(0);
    expect(found.facets.disposition).toEqual({});
    const handled = await (
      await fetch(
        url(
          `/api/v1/search?q=${encodeURIComponent("渔港和海岛")}&kind=opinion&disposition=already_covered`,
        ),
      )
    ).json();
    expect(handled.total).toBe(0);
    await visitor.goto(url(`/search?q=${encodeURIComponent("强制免疫所需经费")}`));
    await visitor
      .getByText(/强制免疫所需经费/)
      .first()
      .waitFor();
    expect(await visitor.locator("main").innerText()).not.toMatch(/采纳|已有规定/);
    // The API: no opinion carries a disposition; the lookup has none either.
    for (const pid of [w.a1, w.a2]) {
      const list = await (
        await fetch(url(`/api/v1/consultations/${w.consultationId}/opinions?provision=${pid}`))
      ).json();
      expect(list.opinions.length).toBeGreaterThan(0);
      expect(list.opinions.filter((o: { disposition?: unknown }) => o.disposition)).toEqual([]);
    }
    const lookup = await (
      await fetch(url(`/api/v1/opinions/lookup?receipt=${w.receiptA}&code=${LOOKUP_CODE}`))
    ).json();
    expect(JSON.stringify(lookup)).not.toContain(REASON_A);
    // Nobody was told anything.
    expect(await toldSoFar([w.authorA, w.authorB, w.coordinator])).toEqual({
      mails: [],
      notes: [],
    });
  });

  it("the reviewer returns one with a comment, approves the rest, and publishes after a confirmation saying whom it tells", async () => {
    const page = await browser.newPage();
    await signIn(page, w.reviewer);
    await page.goto(url(`/consultations/${w.consultationId}/review`));
    await page.getByRole("heading", { level: 1, name: "审核处理情况" }).waitFor();
    await page.getByText("待审核 5 条 · 已通过待公开 0 条").waitFor();
    await page.getByRole("heading", { name: "第一条" }).waitFor();
    await page.getByRole("heading", { name: "第二条" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "review");
    await atPhoneWidth(w.reviewer, `/consultations/${w.consultationId}/review`, "review");

    // Return one, with a comment.
    const returned = page.locator(".review-row").filter({ hasText: BODY_RETURN });
    await returned.getByRole("checkbox").check();
    await page.getByLabel("退回意见（退回时必填）").fill("请说明不采纳的理由，并引用条文。");
    await page.getByRole("button", { name: "退回所选" }).click();
    await page.getByText("已退回 1 条。").waitFor();
    await page.getByText("待审核 4 条 · 已通过待公开 0 条").waitFor();
    // Approve 第一条's pair at once, then the other two one by one.
    await page
      .getByRole("region", { name: "第一条" })
      .getByRole("button", { name: "通过本条 2 条" })
      .click();
    await page.getByText("已通过 2 条。").waitFor();
    for (const body of [BODY_B, BODY_POINT])
      await page.locator(".review-row").filter({ hasText: body }).getByRole("checkbox").check();
    await page.getByRole("button", { name: "通过所选" }).click();
    await page.getByText("已通过 2 条。").waitFor();
    await page.getByText("待审核 0 条 · 已通过待公开 4 条").waitFor();

    // Approved is not public yet: the article page shows nothing, nobody is told.
    const visitor = await browser.newPage();
    await visitor.goto(url(`/consultations/${w.consultationId}/provisions/${w.a1}`));
    await visitor.getByText(BODY_A).first().waitFor();
    expect(await visitor.locator("main").innerText()).not.toContain(REASON_A);
    expect(await toldSoFar([w.authorA, w.authorB, w.coordinator])).toEqual({
      mails: [],
      notes: [],
    });

    // Publish all approved: the confirmation says how many and whom it tells.
    await page.getByRole("link", { name: "公开全部已通过的 4 条" }).click();
    await page.getByRole("heading", { level: 1, name: "确认公开处理情况" }).waitFor();
    await page.getByText("将公开 4 条处理情况。").waitFor();
    await page.getByText("将通知 2 位有账号的意见提出人（处理情况未变的不再通知）。").waitFor();
    await page.getByText("将通知 1 个基层立法联系点（1 位联络员）。").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "publish-confirm");
    await atPhoneWidth(
      w.reviewer,
      `/consultations/${w.consultationId}/review/publish`,
      "publish-confirm",
    );
    await page.getByRole("button", { name: "确认公开" }).click();
    await page.getByText("已公开 4 条处理情况，已通知 3 人。").waitFor();
    await page.getByText("目前没有已通过待公开的处理情况。").waitFor();
  });

  it("then each author and the contact point see theirs and are notified exactly once", async () => {
    await indexEverything();
    const visitor = await browser.newPage();
    await visitor.goto(url(`/consultations/${w.consultationId}/provisions/${w.a1}`));
    await visitor.getByText(REASON_A).first().waitFor();
    await visitor.goto(url(`/consultations/${w.consultationId}/provisions/${w.a2}`));
    await visitor.getByText(REASON_B).first().waitFor();
    // The returned one stays internal.
    expect(await visitor.locator("main").innerText()).not.toContain(REASON_RETURN);

    const authorA = await browser.newPage();
    await signIn(authorA, w.authorA);
    await authorA.goto(url("/me"));
    await authorA.getByText(REASON_A).waitFor();
    await authorA.getByRole("link", { name: "通知，1 条未读" }).waitFor();
    const authorB = await browser.newPage();
    await signIn(authorB, w.authorB);
    await authorB.goto(url("/me"));
    await authorB.getByText(REASON_B).waitFor();
    await authorB.getByRole("link", { name: "通知，1 条未读" }).waitFor();
    const coordinator = await browser.newPage();
    await signIn(coordinator, w.coordinator);
    await coordinator.goto(url(`/coordinator/consultations/${w.consultationId}`));
    await coordinator.getByText(REASON_B).first().waitFor();
    // The batch notice, and one for the point's opinion now handled (issue 18 item 6).
    await coordinator.getByRole("link", { name: "通知，2 条未读" }).waitFor();

    await visitor.goto(url("/opinions/lookup"));
    await visitor.getByLabel("回执编号").fill(w.receiptA);
    await visitor.getByLabel("查询码").fill(LOOKUP_CODE);
    await visitor.getByRole("button", { name: "查询" }).click();
    await visitor.getByText(REASON_A).waitFor();
    const handled = await (
      await fetch(
        url(
          `/api/v1/search?q=${encodeURIComponent("渔港和海岛")}&kind=opinion&disposition=already_covered`,
        ),
      )
    ).json();
    expect(handled.total).toBe(1);
    const list = await (
      await fetch(url(`/api/v1/consultations/${w.consultationId}/opinions?provision=${w.a1}`))
    ).json();
    expect(
      list.opinions.map((o: { disposition?: { reason: string } }) => o.disposition?.reason),
    ).toEqual([REASON_A, REASON_A]);

    const told = await toldSoFar([w.authorA, w.authorB, w.coordinator]);
    expect(told.mails).toEqual([w.authorA.email, w.authorB.email, w.coordinator.email].sort());
    expect(told.notes.map((n) => n.kind).sort()).toEqual([
      "opinion_disposed",
      "opinion_disposed",
      "point_dispositions_published",
      "point_opinion_disposed",
    ]);
  });
});
