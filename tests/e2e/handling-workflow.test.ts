import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoBillTitle, seedDemo } from "../../cli/seed/demo.ts";
import { projectRoot } from "../../config/env.ts";
import { connectDatabase, migrateToLatest } from "../../db/client.ts";
import { makeUser } from "../../db/factories.ts";
import { insertConsultation } from "../../db/queries/consultations.ts";
import { assignWork } from "../../services/assignments.ts";
import { grantBillRole } from "../../services/bill-team.ts";
import { reviewDispositions, saveDispositions } from "../../services/disposition-workflow.ts";
import { saveReasonTemplate } from "../../services/reason-templates.ts";
import { demo, seriousViolations, useBrowser } from "../support/browser.ts";

// A handler's path through the disposition workflow (issue 15), in Chromium: the queue 待我处理,
// the handling view scoped to the opinions assigned to him, a draft filled from a reason template,
// one disposition applied to several opinions after a preview of what changes, a returned one
// with the reviewer's comment corrected and resubmitted. The reviewer's own pages are another
// file's (review); here a reviewer only keeps the reason templates. The embedded database lets
// one process in, so the world, the returned disposition included, is made before the server
// starts, in a data folder of this file's own.

const DAY = 86_400_000;
// Kept for a person to look at (not compared); the chosen ones are copied to docs/screenshots.
const shots = path.join(os.tmpdir(), "kaimen-handling-workflow-shots");
const handler = { email: "handler-e2e@example.org", password: "handler-e2e-password-2026" };
const reviewer = { email: "reviewer-e2e@example.org", password: "reviewer-e2e-password-2026" };
const OPINIONS = {
  a: "建议第十五条规定的强制免疫费用由财政全额承担。",
  b: "强制免疫的疫苗应当免费向养殖户提供。",
  c: "建议删除第十五条第二款关于养殖户自行承担费用的规定。",
  returned: "建议明确动物防疫条件审查的办理时限，不超过二十个工作日。",
  open: "建议第二十条增加网上办理的规定。",
  elsewhere: "建议第一条增加保障公共卫生安全的表述。",
};
const COMMENT = "请写明二审稿第二十条的修改，再提交。";
const TEMPLATE = "该意见的内容在草案现有规定中已有体现，不再另作规定。";

let base = "";
let consultationId = "";
let billId = "";
let server: ChildProcess | null = null;
let dataDir = "";

async function prepare() {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-e2e-workflow-"));
  const handle = await connectDatabase({ dataDir });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedDemo(db);
    const version = await db
      .selectFrom("versions as v")
      .innerJoin("bills as b", "b.id", "v.bill_id")
      .select(["v.id", "v.seq", "b.id as billId", "b.organization_id as org"])
      .where("b.title", "=", demoBillTitle)
      .where("v.label", "=", "first_reading")
      .executeTakeFirstOrThrow();
    billId = version.billId;
    const articles = await db
      .selectFrom("provisions")
      .select(["pid", "label"])
      .where("version_id", "=", version.id)
      .where("label", "in", ["第一条", "第十五条", "第二十条"])
      .orderBy("ordinal")
      .execute();
    const [a1, a15, a20] = articles.map((a) => a.pid) as [string, string, string];
    consultationId = await insertConsultation(db, {
      versionId: version.id,
      title: `${demoBillTitle}一审稿 征求意见（承办）`,
      opensAt: new Date(Date.now() - 10 * DAY),
      closesAt: new Date(Date.now() + 20 * DAY),
      channels: ["online"],
    });
    const add = async (pid: string, body: string, minutes: number) =>
      (
        await db
          .insertInto("opinions")
          .values({
            consultation_id: consultationId,
            version_id: version.id,
            provision_pid: pid,
            scope: "article",
            body,
            channel: "online",
            status: "published",
            receipt: `KMWF${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
            lookup_code_hash: "x",
            created_at: new Date(Date.now() - 5 * DAY + minutes * 60_000),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    await add(a15, OPINIONS.a, 1);
    await add(a15, OPINIONS.b, 2);
    await add(a15, OPINIONS.c, 3);
    const returnedId = await add(a20, OPINIONS.returned, 4);
    await add(a20, OPINIONS.open, 5);
    await add(a1, OPINIONS.elsewhere, 6);
    const admin = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", demo.admin.email)
      .executeTakeFirstOrThrow();
    const memberOf = [{ role: "citizen" as const, organizationId: version.org }];
    const h = await makeUser(db, { ...handler, displayName: "李承办", roles: memberOf });
    const r = await makeUser(db, { ...reviewer, displayName: "王审核", roles: memberOf });
    await grantBillRole(db, { billId, userId: h.id, role: "handler", actorId: admin.id, ip: null });
    await grantBillRole(db, {
      billId,
      userId: r.id,
      role: "reviewer",
      actorId: admin.id,
      ip: null,
    });
    // 第十五条 and 第二十条 are the handler's, due yesterday: the queue marks them overdue.
    await assignWork(db, {
      consultationId,
      handlerId: h.id,
      provisionPids: [a15, a20],
      dueOn: new Date(Date.now() - DAY).toISOString().slice(0, 10),
      actorId: r.id,
      ip: null,
    });
    await saveReasonTemplate(db, {
      billId,
      title: "已有规定",
      body: TEMPLATE,
      code: "already_covered",
      actorId: r.id,
    });
    // One the handler submitted and the reviewer returned with a comment.
    await saveDispositions(db, {
      consultationId,
      billId,
      versionSeq: version.seq,
      values: { opinionIds: [returnedId], code: "adopted", reason: "采纳。", changed: "" },
      submit: true,
      actorId: h.id,
      ip: null,
    });
    await reviewDispositions(db, {
      consultationId,
      opinionIds: [returnedId],
      decision: "return",
      comment: COMMENT,
      actorId: r.id,
      ip: null,
    });
  } finally {
    await handle.close();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAIMEN_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    KAIMEN_RATE_LIMIT: "off",
  };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  delete env.SMTP_URL;
  server = spawn(
    process.execPath,
    [path.join(projectRoot, "bin", "kaimen.js"), "serve", "--no-build"],
    { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  server.stderr!.on("data", (chunk) => (log += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server within 120 s:\n${log}`)), 120_000);
    server!.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server!.on("exit", (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
  base = `http://127.0.0.1:${port}`;
}

async function signInHere(
  page: Page,
  account: { email: string; password: string },
  landing: RegExp,
) {
  await page.goto(`${base}/login`);
  await page.getByLabel(/邮箱|E-mail/).fill(account.email);
  await page.getByLabel(/密码|Password/).fill(account.password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL(landing);
}

const noWiderThan = async (page: Page, width: number) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    width,
  );

describe(
  "a handler's path through the disposition workflow in Chromium",
  { shuffle: false },
  () => {
    const browser = useBrowser();
    beforeAll(async () => {
      fs.mkdirSync(shots, { recursive: true });
      await prepare();
    }, 180_000);
    afterAll(async () => {
      if (server && server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((resolve) => server!.once("exit", resolve));
      }
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("goes from 待我处理 to his opinions, drafts from a template, handles several after a preview, and resubmits a returned one", async () => {
      const page = await browser.newPage();
      await signInHere(page, handler, /\/workspace\/queue$/);
      await page.getByRole("heading", { level: 1, name: "待我处理" }).waitFor();
      const card = page.locator(".queue-list .card").filter({ hasText: "征求意见（承办）" });
      await card.getByText("已逾期").waitFor();
      expect(await card.locator(".queue-counts").innerText()).toMatch(/未处理\s*4[\s\S]*退回\s*1/);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(shots, "handling-workflow-queue.png"),
        fullPage: true,
      });

      // Into the handling view, scoped to what is assigned to him: five opinions, not the sixth.
      await card.getByRole("link", { name: "处理分配给我的意见" }).click();
      await page.waitForURL(/mine=1/);
      await page.getByText(/^共 5 条意见/).waitFor();
      expect(await page.getByText(OPINIONS.elsewhere).count()).toBe(0);
      const returned = page.locator(".handling-row").filter({ hasText: OPINIONS.returned });
      await returned.getByText(`审核意见（退回）：${COMMENT}`).waitFor();
      await returned.locator(".state-returned").waitFor();

      // A draft from the template: the picker fills the reason and the disposition.
      const first = page.locator(".handling-row").filter({ hasText: OPINIONS.a });
      await first.getByRole("link", { name: "处理", exact: true }).click();
      await first.locator("form.disposition-form").waitFor();
      await first.getByLabel("常用答复").selectOption({ label: "已有规定（已有规定）" });
      expect(await first.getByLabel("理由").inputValue()).toBe(TEMPLATE);
      expect(await first.getByLabel("处理情况").inputValue()).toBe("already_covered");
      await first.getByRole("button", { name: "保存草稿" }).click();
      await first.getByText("已保存 1 条意见的处理草稿，审核通过并公布后才会公开。").waitFor();
      await first.locator(".work-line .state-draft").waitFor();

      // Two more in bulk: the preview says what changes before anything is saved.
      for (const body of [OPINIONS.b, OPINIONS.c])
        await page
          .locator(".handling-row")
          .filter({ hasText: body })
          .getByRole("checkbox", { name: "选中" })
          .check();
      const bulk = page.getByRole("form", { name: "批量处理所选意见" });
      await bulk.getByLabel("处理情况").selectOption("not_adopted");
      await bulk.getByLabel("理由").fill("疫苗费用的承担已在第十六条中规定。");
      await bulk.getByRole("button", { name: "预览变化" }).click();
      const preview = page.getByRole("region", { name: "确认批量处理" });
      await preview.getByText("所选 2 条意见中，2 条将改变，0 条保持不变。").waitFor();
      expect(await preview.locator(".preview-list li").count()).toBe(2);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(shots, "handling-workflow-preview.png") });
      await preview.getByRole("button", { name: "确认保存并提交审核" }).click();
      await page.getByText("已保存 2 条意见的处理情况并提交审核。").waitFor();
      for (const body of [OPINIONS.b, OPINIONS.c])
        await page
          .locator(".handling-row")
          .filter({ hasText: body })
          .locator(".state-submitted")
          .waitFor();

      // The returned one, corrected and submitted again.
      await returned.getByRole("link", { name: "处理", exact: true }).click();
      await returned.getByLabel("理由").fill("已采纳，二审稿第二十条规定审查时限为二十个工作日。");
      await returned.getByRole("button", { name: "保存并提交审核" }).click();
      await returned.getByText("已保存 1 条意见的处理情况并提交审核。").waitFor();
      await returned.locator(".work-line .state-submitted").waitFor();

      // The state filter: three await review now.
      await page.getByLabel("处理进度").selectOption("submitted");
      await page.getByRole("button", { name: "筛选" }).click();
      await page.waitForURL(/state=submitted/);
      await page.getByText(/^共 3 条意见/).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(shots, "handling-workflow-handling.png"),
        fullPage: true,
      });

      // Back in the queue, by the header's link: the counts moved.
      await page
        .getByRole("navigation", { name: "主导航" })
        .getByRole("link", { name: "待我处理" })
        .click();
      await page.waitForURL(/\/workspace\/queue$/);
      expect(await card.locator(".queue-counts").innerText()).toMatch(
        /未处理\s*1[\s\S]*草拟\s*1[\s\S]*退回\s*0[\s\S]*待审核\s*3/,
      );
    });

    it("fits a phone: the queue and the handling view at 375 px", async () => {
      const phone = await browser.newPage({ width: 375, height: 800 });
      await signInHere(phone, handler, /\/workspace\/queue$/);
      await phone.locator(".queue-list .card").first().waitFor();
      await noWiderThan(phone, 375);
      expect(await seriousViolations(phone)).toEqual([]);
      await phone.screenshot({
        path: path.join(shots, "handling-workflow-queue-375.png"),
        fullPage: true,
      });
      await phone.goto(`${base}/consultations/${consultationId}/handling?mine=1`);
      await phone.getByRole("form", { name: "批量处理所选意见" }).waitFor();
      const row = phone.locator(".handling-row").filter({ hasText: OPINIONS.open });
      await row.getByRole("link", { name: "处理", exact: true }).click();
      await row.locator("form.disposition-form").waitFor();
      await noWiderThan(phone, 375);
      expect(await seriousViolations(phone)).toEqual([]);
      // The page's top (filters, bulk panel), then the opened row's form, as the phone shows them.
      await phone.evaluate(() => window.scrollTo(0, 0));
      await phone.screenshot({ path: path.join(shots, "handling-workflow-handling-375.png") });
      await row.getByRole("button", { name: "保存并提交审核" }).scrollIntoViewIfNeeded();
      await phone.screenshot({ path: path.join(shots, "handling-workflow-form-375.png") });
    });

    it("lets a reviewer keep the bill's reason templates; a handler may not", async () => {
      const page = await browser.newPage();
      await signInHere(page, reviewer, /\/workspace\/queue$/);
      await page.goto(`${base}/bills/${billId}/reason-templates`);
      await page.getByRole("heading", { level: 1, name: "常用答复" }).waitFor();
      const form = page.getByRole("region", { name: "新增常用答复" });
      await form.getByRole("button", { name: "保存" }).click();
      // The browser's own check stops a blank title; the page's refusal is the integration test's.
      await form.getByLabel("标题").fill("不属于调整范围");
      await form.getByLabel("对应处理情况（可选）").selectOption("out_of_scope");
      await form.getByLabel("答复内容").fill("该意见涉及的事项不属于本条例的调整范围。");
      await form.getByRole("button", { name: "保存" }).click();
      await page.getByText("已保存常用答复“不属于调整范围”。").waitFor();
      const item = page.locator(".template-list .card").filter({ hasText: "不属于调整范围" });
      await item.getByRole("link", { name: "删除" }).click();
      await item.getByText(/确定删除常用答复“不属于调整范围”吗？/).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(shots, "handling-workflow-templates.png"),
        fullPage: true,
      });
      await item.getByRole("button", { name: "确认删除" }).click();
      await page.getByText("已删除常用答复。").waitFor();
      expect(await page.locator(".template-list .card").count()).toBe(1);

      const phone = await browser.newPage({ width: 375, height: 800 });
      await signInHere(phone, reviewer, /\/workspace\/queue$/);
      await phone.goto(`${base}/bills/${billId}/reason-templates`);
      await phone.getByRole("heading", { level: 1, name: "常用答复" }).waitFor();
      await noWiderThan(phone, 375);

      const refused = await browser.newPage({ allowConsole: [/status of 403/] });
      await signInHere(refused, handler, /\/workspace\/queue$/);
      const answer = await refused.goto(`${base}/bills/${billId}/reason-templates`);
      expect(answer?.status()).toBe(403);
    });
  },
);
