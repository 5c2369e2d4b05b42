import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  baseUrl,
  demo,
  seriousViolations,
  signIn,
  signOffAndPublish,
  useBrowser,
} from "../support/browser.ts";

const SHOTS = path.join(os.tmpdir(), "kaimen-coordinator-shots");

/** A full-page screenshot kept for a person to look at (not compared). */
async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe("a contact point's coordinator in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("records a 座谈会, imports a spreadsheet all or nothing, submits, downloads it, and sees the drafters' answer", async () => {
    const page = await browser.newPage({
      width: 375,
      height: 800,
      // Refused uploads and forms answer 4xx, which Chromium logs.
      allowConsole: [/status of 4\d\d/],
    });
    await signIn(page, demo.coordinator, /\/coordinator$/);
    await page.getByText("所在联系点：崇川区和平桥街道基层立法联系点").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "1-dashboard-375");
    await page.getByRole("link", { name: "记录活动与报送意见" }).first().click();
    await page.getByRole("heading", { level: 2, name: "记录一次活动" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The symposium: 15 participants.
    await page.getByLabel("活动形式").selectOption("symposium");
    await page.getByLabel("日期").fill("2026-11-28");
    await page.getByLabel("地点").fill("和平桥街道文化站");
    await page.getByLabel("参加人数").fill("15");
    await page.getByLabel("社区居民").check();
    await page.getByLabel("养殖户").check();
    await page.getByRole("button", { name: "保存活动，接着录入意见" }).click();
    await page.waitForURL(/\/coordinator\/activities\/[0-9a-f-]{36}/);
    await page.getByText("活动已保存。现在可以录入这次活动收集的意见。").waitFor();

    // Three opinions on two articles.
    const opinions = [
      ["第二十九条", "座谈会上居民建议流浪犬收容所需经费由财政保障。", "9"],
      ["第二十九条", "建议养犬登记可以在社区服务中心就近办理。", "4"],
      ["第五十七条", "建议公布街道收集死亡畜禽的联系电话。", "6"],
    ] as const;
    const add = page.getByRole("region", { name: "录入一条意见" });
    for (const [article, body, people] of opinions) {
      // The provision picker takes the article's label as typed (issue 18).
      await add.getByRole("combobox", { name: "针对条文" }).fill(article);
      await add.getByLabel("意见内容").fill(body);
      await add.getByLabel("提出这条意见的人数").fill(people);
      await add.getByRole("button", { name: "保存意见" }).click();
      await page.locator(".card").filter({ hasText: body }).waitFor();
    }
    await page.getByRole("heading", { name: "收集的意见（3 条）" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "2-activity-375");

    // The spreadsheet: the template, filled with one bad row, is refused whole.
    await page.getByRole("link", { name: /动物防疫法/ }).click();
    await page.getByRole("link", { name: "从表格批量导入意见（Excel 或 CSV）" }).click();
    await page.getByRole("heading", { level: 1, name: "从表格导入意见" }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "意见导入模板.xlsx" }).click(),
    ]);
    const templatePath = await download.path();
    const fill = async (rows: (string | number)[][], name: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(templatePath!);
      const sheet = wb.getWorksheet("意见")!;
      rows.forEach((r, i) => {
        sheet.getRow(i + 2).values = r;
      });
      const file = path.join(os.tmpdir(), `${name}-${Date.now()}.xlsx`);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const activity = String(
      (await (async () => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(templatePath!);
        return wb.getWorksheet("活动列表")!.getCell("A2").value;
      })()) ?? "",
    );
    expect(activity).toContain("2026-11-28 座谈会 和平桥街道文化站");
    const good = ["第五十六条", "建议乡镇设置病死动物收集暂存点。", "", activity, 5];
    const badFile = await fill([good, ["第九百条", "这一条不存在。", "", activity, 1]], "bad");
    await page.getByLabel("表格文件").setInputFiles(badFile);
    await page.getByRole("button", { name: "检查并导入" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText("第 3 行：条文“第九百条”在本稿中不存在").waitFor();
    expect(await alert.innerText()).toContain("一条也没有导入");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "3-import-refused-375");

    const goodFile = await fill([good, ["56", "补助标准应当向养殖户公开。", "", "", 2]], "good");
    await page.getByLabel("表格文件").setInputFiles(goodFile);
    // The upload shows its progress (a progress bar appears while the file goes up).
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector("progress#cp-progress")) w.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole("button", { name: "检查并导入" }).click();
    await page.getByRole("status").getByText("已导入 2 条意见。").waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress),
    ).toBe(true);
    await page.getByRole("link", { name: "返回查看和报送" }).click();

    // Review and submit the report.
    await page.getByText("建议乡镇设置病死动物收集暂存点。").waitFor();
    await page.getByText("补助标准应当向养殖户公开。").waitFor();
    // Five here; another test of the run may have recorded more at the demo point.
    await page.getByLabel(/我已核对以上 \d+ 条意见，确认报送/).check();
    await page.getByRole("button", { name: "报送意见汇总" }).click();
    await page.getByText("已报送。起草部门处理后，处理情况会显示在这里。").waitFor();
    await page.getByRole("heading", { level: 2, name: "第 2 次报送" }).waitFor();
    expect(await page.getByRole("button", { name: "报送意见汇总" }).count()).toBe(0);
    await shot(page, "4-submitted-375");

    // The 意见汇总表 as Word.
    const [docx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "下载意见汇总表（Word）" }).first().click(),
    ]);
    expect(docx.suggestedFilename()).toBe("崇川区和平桥街道基层立法联系点意见汇总表.docx");
    const zip = await JSZip.loadAsync(fs.readFileSync((await docx.path())!));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("意见汇总表");
    expect(xml).toContain("座谈会上居民建议流浪犬收容所需经费由财政保障。");
    expect(xml).toContain("第五十七条");

    // A drafter receives the report and handles an opinion.
    const drafter = await browser.newPage();
    await signIn(drafter, demo.drafter, /\/workspace$/);
    const workPath = new URL(page.url()).pathname;
    const consultationId = workPath.split("/").pop()!;
    await drafter.goto(`${baseUrl()}/consultations/${consultationId}/submissions`);
    await drafter.getByRole("heading", { level: 1, name: "联系点报送" }).waitFor();
    expect(await seriousViolations(drafter)).toEqual([]);
    await drafter
      .getByRole("button", { name: "将崇川区和平桥街道基层立法联系点的报送标记为已接收" })
      .click();
    await drafter.getByText("已标记为接收。").waitFor();
    await drafter.goto(`${baseUrl()}/consultations/${consultationId}/handling?channel=symposium`);
    const card = drafter
      .locator(".card")
      .filter({ hasText: "座谈会上居民建议流浪犬收容所需经费由财政保障。" });
    await card.getByRole("link", { name: "处理", exact: true }).click();
    await card.getByLabel("处理情况").selectOption("adopted");
    await card.getByLabel("理由").fill("已在第二十九条增加经费保障的规定。");
    await card.getByRole("button", { name: "保存并提交审核" }).click();
    await card.getByText(/已保存/).waitFor();
    // Not the point's to see until the reviewer signs it off and publishes it.
    await page.reload();
    const ours = page
      .locator(".cp-opinions li")
      .filter({ hasText: "座谈会上居民建议流浪犬收容所需经费由财政保障。" });
    await ours.waitFor();
    expect(await ours.innerText()).not.toContain("已在第二十九条增加经费保障的规定。");
    await signOffAndPublish(
      () => browser.newPage(),
      consultationId,
      "座谈会上居民建议流浪犬收容所需经费由财政保障。",
    );

    // The coordinator sees the answer and the point's adoption rate.
    await page.reload();
    const mine = page
      .locator(".cp-opinions li")
      .filter({ hasText: "座谈会上居民建议流浪犬收容所需经费由财政保障。" });
    await mine.getByText("已在第二十九条增加经费保障的规定。").waitFor();
    expect(await mine.innerText()).toContain("采纳");
    expect(await page.locator(".cp-feedback").innerText()).toMatch(/采纳率 \d+%/);
    await page
      .getByText(/接收于/)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "5-feedback-375");
  });

  it("shows the public list of contact points and a printed activity's page", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${baseUrl()}/contact-points`);
    await page.getByRole("heading", { level: 1, name: "基层立法联系点" }).waitFor();
    const row = page.locator("tr").filter({ hasText: "崇川区和平桥街道基层立法联系点" });
    expect(await row.innerText()).toMatch(/\d+%/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "6-list-375");

    const coordinator = await browser.newPage();
    await signIn(coordinator, demo.coordinator, /\/coordinator$/);
    await coordinator.getByRole("link", { name: "记录活动与报送意见" }).first().click();
    await coordinator.getByRole("link", { name: "打印二维码页" }).last().click();
    await coordinator.getByRole("img", { name: "查看意见处理情况的二维码" }).waitFor();
    expect(await seriousViolations(coordinator)).toEqual([]);
    const url = (await coordinator.locator(".cp-sheet-url").innerText()).trim();
    expect(url).toMatch(/\/activities\/[A-Za-z0-9_-]+$/);
    await page.goto(url);
    await page.getByText(/本次活动收集的意见 \d+ 条/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "7-public-activity-375");
  });

  it("lists the contact points for the public, reached from the footer", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/`);
    await page.locator("footer").getByRole("link", { name: "基层立法联系点" }).click();
    await page.getByRole("heading", { level: 1, name: "基层立法联系点" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("崇川区和平桥街道基层立法联系点");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
