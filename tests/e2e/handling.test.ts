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
import { grantBillRole } from "../../services/bill-team.ts";
import { demo, seriousViolations, useBrowser } from "../support/browser.ts";

// Publishing the handling needs a consultation that has closed, which the demo as seeded on this
// branch lacks. So this file prepares a demo data folder of its own with a closed consultation on
// the 一审稿 and opinions on it (a template campaign among them), and serves it on its own port.
// Since issue 15 the drafters' dispositions are working copies and the handling report is the
// bill's reviewer's to publish: the folder holds a reviewer of the demo bill for that.

const DAY = 86_400_000;
const TEMPLATE =
  "我们是海门区的生猪养殖户，建议本条规定的强制免疫费用由财政全额承担，不要再向养殖户收取任何费用。";
const shots = path.join(os.tmpdir(), "kaimen-handling-shots");

let base = "";
let consultationId = "";
// A second consultation on the same reading with more opinions than a page holds.
let crowdId = "";
let crowdChapter = "";
const PAGE = 50;
const LATE = "建议明确无主犬只的收容责任由所在地乡镇人民政府承担。";
let server: ChildProcess | null = null;
let dataDir = "";
const reviewer = { email: "reviewer-handling@example.org", password: "reviewer-handling-2026" };

async function prepare() {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-e2e-handling-"));
  const handle = await connectDatabase({ dataDir });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedDemo(db);
    const version = await db
      .selectFrom("versions as v")
      .innerJoin("bills as b", "b.id", "v.bill_id")
      .select(["v.id"])
      .where("b.title", "=", demoBillTitle)
      .where("v.label", "=", "first_reading")
      .executeTakeFirstOrThrow();
    const articles = await db
      .selectFrom("provisions")
      .select(["pid", "label"])
      .where("version_id", "=", version.id)
      .where("label", "in", ["第十五条", "第二十条"])
      .orderBy("ordinal")
      .execute();
    const citizen = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", demo.citizen.email)
      .executeTakeFirstOrThrow();
    const bill = await db
      .selectFrom("bills")
      .select(["id", "organization_id"])
      .where("title", "=", demoBillTitle)
      .executeTakeFirstOrThrow();
    const admin = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", demo.admin.email)
      .executeTakeFirstOrThrow();
    const r = await makeUser(db, {
      ...reviewer,
      displayName: "王审核",
      roles: [{ role: "citizen", organizationId: bill.organization_id }],
    });
    await grantBillRole(db, {
      billId: bill.id,
      userId: r.id,
      role: "reviewer",
      actorId: admin.id,
      ip: null,
    });
    consultationId = await insertConsultation(db, {
      versionId: version.id,
      title: `${demoBillTitle}一审稿 征求意见（已结束）`,
      opensAt: new Date(Date.now() - 60 * DAY),
      closesAt: new Date(Date.now() - 30 * DAY),
      channels: ["online", "letter"],
    });
    const opinion = (
      pid: string | null,
      body: string,
      extra: { channel?: "online" | "letter"; author?: string | null; headcount?: number } = {},
    ) => ({
      consultation_id: consultationId,
      version_id: version.id,
      provision_pid: pid,
      scope: pid ? ("article" as const) : ("draft" as const),
      body,
      channel: extra.channel ?? ("online" as const),
      author_user_id: extra.author ?? null,
      headcount: extra.headcount ?? 1,
      status: "published" as const,
      receipt: `KME2E${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
      lookup_code_hash: "x",
      ...(extra.channel === "letter"
        ? { provenance: "海门区养殖户联名来信", received_on: "2026-10-20" }
        : {}),
    });
    const [a15, a20] = [articles[0]!.pid, articles[1]!.pid] as [string, string];
    await db
      .insertInto("opinions")
      .values([
        opinion(a15, TEMPLATE, { author: citizen.id }),
        opinion(a15, TEMPLATE.replace("海门区", "启东市"), {}),
        opinion(a15, TEMPLATE.replace("，", ","), { channel: "letter", headcount: 12 }),
        opinion(a20, "建议明确动物防疫条件审查的办理时限，不超过二十个工作日。"),
        opinion(null, "希望修订后配套出台强制免疫补助办法。"),
      ])
      .execute();
    // 130 opinions, a minute apart: 60 on 第十五条, 60 on 第二十条, 10 on the whole draft; the
    // 126th, on 第二十条, is the one the search must find beyond the first page.
    crowdId = await insertConsultation(db, {
      versionId: version.id,
      title: `${demoBillTitle}一审稿 征求意见（第二轮）`,
      opensAt: new Date(Date.now() - 29 * DAY),
      closesAt: new Date(Date.now() - DAY),
      channels: ["online"],
    });
    const start = Date.now() - 20 * DAY;
    await db
      .insertInto("opinions")
      .values(
        Array.from({ length: 130 }, (_, i) => {
          const pid = i % 13 === 12 ? null : i % 2 === 0 ? a15 : a20;
          return {
            ...opinion(
              pid,
              i === 125 ? LATE : `第${i + 1}号意见：建议完善本条关于免疫档案的表述。`,
            ),
            consultation_id: crowdId,
            created_at: new Date(start + i * 60_000),
          };
        }),
      )
      .execute();
    const chapter = await db
      .selectFrom("provisions as a")
      .innerJoin("provisions as c", (join) =>
        join.onRef("c.version_id", "=", "a.version_id").onRef("c.pid", "=", "a.parent_pid"),
      )
      .select(["c.label", "c.kind"])
      .where("a.version_id", "=", version.id)
      .where("a.pid", "=", a20)
      .executeTakeFirstOrThrow();
    crowdChapter = chapter.label;
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
    {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
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

describe("the drafters' handling in Chromium", { shuffle: false }, () => {
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

  it("filters, handles a cluster with one decision and a reason, the reviewer publishes the handling, and the citizen is notified", async () => {
    const drafter = await browser.newPage();
    await signInHere(drafter, demo.drafter, /\/workspace$/);
    await drafter.goto(`${base}/consultations/${consultationId}/handling`);
    await drafter.getByRole("heading", { level: 1, name: "意见处理" }).waitFor();
    await drafter.getByText("共 5 条意见，代表 16 人；本页 5 条，相似意见归为 1 组。").waitFor();
    expect(await seriousViolations(drafter)).toEqual([]);

    // Filter: letters only, then back to everything still waiting.
    await drafter.getByLabel("渠道").selectOption("letter");
    await drafter.getByRole("button", { name: "筛选" }).click();
    await drafter.waitForURL(/channel=letter/);
    await drafter.getByText("共 1 条意见，代表 12 人；本页 1 条，相似意见归为 0 组。").waitFor();
    await drafter.getByText("来源：海门区养殖户联名来信").waitFor();
    await drafter.getByLabel("渠道").selectOption("");
    await drafter.getByLabel("处理状态").selectOption("no");
    await drafter.getByRole("button", { name: "筛选" }).click();
    await drafter.waitForURL(/handled=no/);

    const cluster = drafter.locator(".handling-row.cluster");
    await cluster.getByText("相似意见 3 条").waitFor();
    // No row carries a form until it is opened; then that row alone does.
    expect(await drafter.locator("form.disposition-form").count()).toBe(0);
    await cluster.getByRole("link", { name: "处理本组" }).click();
    await cluster.locator("form.disposition-form").waitFor();
    expect(await drafter.locator("form.disposition-form").count()).toBe(1);
    await cluster.locator(".cluster-members").getByText("启东市的生猪养殖户").waitFor();
    await cluster.getByLabel("处理情况").selectOption("partly_adopted");
    await cluster
      .getByLabel("理由")
      .fill("二审稿已规定强制免疫所需经费纳入财政预算，疫苗费用不再向养殖户收取。");
    await cluster.getByRole("button", { name: "选择条款" }).click();
    await expect.poll(() => cluster.getByLabel("因此修改的条款（可选）").inputValue()).toMatch(/:/);
    await drafter.screenshot({ path: path.join(shots, "handling-cluster.png"), fullPage: false });
    // One member is left out of the decision.
    await cluster
      .locator("li")
      .filter({ hasText: "启东市的生猪养殖户" })
      .getByLabel("纳入本组处理决定")
      .uncheck();
    await cluster.getByRole("button", { name: "保存并提交审核" }).click();
    // Drafted, the cluster leaves the list of opinions still waiting; the one left out stays.
    await cluster.waitFor({ state: "detached" });
    await drafter.getByText("共 3 条意见，代表 3 人；本页 3 条，相似意见归为 0 组。").waitFor();
    await drafter.locator(".handling-row").getByText("我们是启东市的生猪养殖户").waitFor();
    // The two saved await review; the report is the reviewer's to publish.
    await drafter.getByLabel("处理状态").selectOption("");
    await drafter.getByLabel("处理进度").selectOption("submitted");
    await drafter.getByRole("button", { name: "筛选" }).click();
    await drafter.waitForURL(/state=submitted/);
    await drafter.getByText("共 2 条意见，代表 13 人；本页 2 条，相似意见归为 1 组。").waitFor();
    await drafter.getByText("处理情况报告由审核人公布。").waitFor();
    expect(await drafter.getByRole("button", { name: "公布处理情况" }).count()).toBe(0);
    expect(await seriousViolations(drafter)).toEqual([]);

    // The reviewer publishes the handling of the closed consultation.
    const head = await browser.newPage();
    await signInHere(head, reviewer, /\/workspace\/queue$/);
    await head.goto(`${base}/consultations/${consultationId}/handling`);
    await head
      .getByLabel("说明（可选，显示在采纳情况反馈中）")
      .fill("共收到意见 5 条，部分采纳 3 条。");
    await head.getByRole("button", { name: "公布处理情况" }).click();
    await head.getByText("处理情况已公布，已通知 1 人。").waitFor();
    await head.getByRole("link", { name: "查看采纳情况反馈" }).waitFor();
    expect(await seriousViolations(head)).toEqual([]);

    // On a phone.
    const phone = await browser.newPage({ width: 375, height: 800 });
    await signInHere(phone, demo.drafter, /\/workspace$/);
    await phone.goto(`${base}/consultations/${consultationId}/handling`);
    await phone.locator(".handling-row.cluster").waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: path.join(shots, "handling-375.png"), fullPage: true });

    // The citizen sees the count in the header and the report's notification; the cluster's
    // disposition is not public before a reviewer approves and publishes it, so no word of it.
    const citizen = await browser.newPage();
    await signInHere(citizen, demo.citizen, /\/me$/);
    // (The demo citizen may hold other unread notices, e.g. the demo plan's publication.)
    await citizen.getByRole("link", { name: /^通知，\d+ 条未读$/ }).click();
    await citizen.getByRole("heading", { name: "意见处理情况已公布" }).waitFor();
    expect(await citizen.getByRole("heading", { name: "意见处理情况已公布" }).count()).toBe(1);
    expect(await citizen.getByRole("heading", { name: "您的意见有了处理结果" }).count()).toBe(0);
    expect(await seriousViolations(citizen)).toEqual([]);
    await citizen.getByRole("button", { name: "全部标为已读" }).click();
    await citizen.getByRole("link", { name: "通知", exact: true }).waitFor();
    await citizen.screenshot({ path: path.join(shots, "notifications.png"), fullPage: true });
  });

  it("records a letter with its provenance; a missing source is named and nothing is stored", async () => {
    const page = await browser.newPage({ allowConsole: [/status of 400/] });
    await signInHere(page, demo.drafter, /\/workspace$/);
    await page.goto(`${base}/consultations/${consultationId}/handling/record`);
    await page.getByLabel("渠道").selectOption("department");
    await page.getByRole("combobox", { name: "针对条款" }).fill("20");
    await page.getByLabel("意见内容").fill("建议将审查时限缩短为十五个工作日。");
    await page.getByRole("button", { name: "录入" }).click();
    await page.getByText("请填写来源。").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("来源").fill("市农业农村局（通农函〔2026〕8号）");
    await page.getByRole("button", { name: "录入" }).click();
    await page.getByText(/已录入并公开。回执号 KM\d{8}/).waitFor();
    await page.goto(`${base}/consultations/${consultationId}/handling?channel=department`);
    await page.getByText("来源：市农业农村局（通农函〔2026〕8号）").waitFor();
    await page.getByText("共 1 条意见，代表 1 人；本页 1 条，相似意见归为 0 组。").waitFor();
  });
  it("pages, scopes by chapter and article, and searches beyond the first page; one row opened at a time", async () => {
    const page = await browser.newPage();
    await signInHere(page, demo.drafter, /\/workspace$/);
    const summary = (total: number, shown: number) =>
      page.getByText(new RegExp(`^共 ${total} 条意见，代表 ${total} 人；本页 ${shown} 条`));
    await page.goto(`${base}/consultations/${crowdId}/handling`);
    await summary(130, PAGE).waitFor();
    expect(await page.locator("form.disposition-form").count()).toBe(0);
    expect(await page.getByText(LATE).count()).toBe(0);
    const pager = page.getByRole("navigation", { name: "翻页" });
    expect(await pager.getByRole("link", { name: "上一页" }).count()).toBe(0);

    // Page by page to the last, where the late opinion is; and back.
    await pager.getByRole("link", { name: "下一页" }).click();
    await page.waitForURL(/after=/);
    await summary(130, PAGE).waitFor();
    await pager.getByRole("link", { name: "下一页" }).click();
    await summary(130, 30).waitFor();
    await page.getByText(LATE).waitFor();
    expect(await pager.getByRole("link", { name: "下一页" }).count()).toBe(0);
    await pager.getByRole("link", { name: "上一页" }).click();
    await page.waitForURL(/before=/);
    await summary(130, PAGE).waitFor();
    expect(await page.getByText(LATE).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Search from the first page: the late opinion, and nothing else.
    await pager.getByRole("link", { name: "第一页" }).click();
    await page.getByLabel("关键词").fill("收容责任");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/q=/);
    await summary(1, 1).waitFor();
    await page.getByText(LATE).waitFor();

    // The chapter of 第二十条, then the article: their totals, and the search kept within them.
    const outline = page.getByRole("navigation", { name: "按条款浏览" });
    await outline.getByText("按条款浏览").click();
    await outline.getByRole("link", { name: new RegExp(`^${crowdChapter}`) }).click();
    await page.waitForURL(/provision=/);
    await summary(1, 1).waitFor();
    await page.getByLabel("关键词").fill("");
    await page.getByRole("button", { name: "筛选" }).click();
    // Without the words, the chapter's first page no longer holds the late opinion.
    await page.getByText(LATE).waitFor({ state: "detached" });
    await outline.getByRole("link", { name: "第二十条", exact: true }).click();
    await page.getByText("范围：第二十条").waitFor();
    await summary(60, PAGE).waitFor();
    await pager.getByRole("link", { name: "下一页" }).click();
    await summary(60, 10).waitFor();
    await page.getByText(LATE).waitFor();

    // Open the late opinion's row: its form alone, and the decision stays on this page.
    const row = page.locator(".handling-row").filter({ hasText: LATE });
    await row.getByRole("link", { name: "处理", exact: true }).click();
    await row.locator("form.disposition-form").waitFor();
    expect(await page.locator("form.disposition-form").count()).toBe(1);
    await row.getByLabel("处理情况").selectOption("adopted");
    await row.getByLabel("理由").fill("已在第二十条增加规定。");
    await row.getByRole("button", { name: "保存草稿" }).click();
    await row.getByText("已保存 1 条意见的处理草稿，审核通过并公布后才会公开。").waitFor();
    await summary(60, 10).waitFor();
    await outline.getByText("60 条 · 未处理 59").waitFor();
    await page.screenshot({ path: path.join(shots, "handling-crowd.png"), fullPage: false });

    // On a phone: nothing wider than the screen, with the navigation open.
    const phone = await browser.newPage({ width: 375, height: 800 });
    await signInHere(phone, demo.drafter, /\/workspace$/);
    await phone.goto(`${base}/consultations/${crowdId}/handling`);
    await phone.getByRole("navigation", { name: "按条款浏览" }).getByText("按条款浏览").click();
    await phone.getByRole("navigation", { name: "翻页" }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: path.join(shots, "handling-crowd-375.png"), fullPage: false });
  });
});
