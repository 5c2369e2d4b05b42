import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// Issue 18 item 6 on a phone: the coordinator types "25" and gets 第二十五条 from an accessible
// combobox, records the opinion, and attaches a photo of the written opinion to the activity.

// A tiny JPEG (its magic bytes are what the server checks).
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0]);

describe("the coordinator's article picker in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("types 25 to get 第二十五条, records the opinion and attaches a photo, at 375 px", async () => {
    const page = await browser.newPage({
      width: 375,
      height: 812,
      // The refused opinion (an unknown article) answers 400, which Chromium logs.
      allowConsole: [/status of 4\d\d/],
    });
    await signIn(page, demo.coordinator, /\/coordinator$/);
    await page.getByRole("link", { name: "记录活动与报送意见" }).first().click();
    await page.getByRole("heading", { level: 2, name: "记录一次活动" }).waitFor();
    await page.getByLabel("活动形式").selectOption("symposium");
    await page.getByLabel("日期").fill("2026-11-30");
    await page.getByLabel("开始时间").fill("14:30");
    await page.getByLabel("主持人/承办").fill("王主任");
    await page.getByLabel("标题").fill("养犬管理专题");
    await page.getByLabel("地点").fill("和平桥街道文化站");
    await page.getByLabel("参加人数").fill("12");
    await page.getByRole("button", { name: "保存活动，接着录入意见" }).click();
    await page.waitForURL(/\/coordinator\/activities\/[0-9a-f-]{36}/);
    await page.getByRole("heading", { level: 1, name: /14:30 座谈会 · 养犬管理专题/ }).waitFor();

    const add = page.getByRole("region", { name: "录入一条意见" });
    const picker = add.getByRole("combobox", { name: "针对条文" });
    await picker.click();
    await picker.pressSequentially("25");
    const list = add.getByRole("listbox", { name: "匹配的条文" });
    await list.waitFor();
    const first = list.getByRole("option").first();
    expect(await first.textContent()).toMatch(/^第二十五条/);
    expect(await first.getAttribute("aria-selected")).toBe("true");
    expect(await picker.getAttribute("aria-expanded")).toBe("true");
    expect(await picker.getAttribute("aria-activedescendant")).toBe(await first.getAttribute("id"));
    // The count is announced to screen readers.
    await add
      .getByRole("status")
      .filter({ hasText: /个匹配项/ })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Kept for a person to look at; docs/screenshots/coordinator-article-picker.png is a copy.
    const shots = path.join(os.tmpdir(), "kaimen-coordinator-shots");
    fs.mkdirSync(shots, { recursive: true });
    await add.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "coordinator-article-picker.png") });

    await picker.press("Enter");
    expect(await picker.inputValue()).toBe("第二十五条");
    expect(await picker.getAttribute("aria-expanded")).toBe("false");
    await add
      .locator(".picker-chosen")
      .filter({ hasText: /^已选择：第二十五条/ })
      .waitFor();
    await add.getByLabel("意见内容").fill("建议写明病死动物收集点的开放时间。");
    await add.getByLabel("提出这条意见的人数").fill("5");
    await add.getByRole("button", { name: "保存意见" }).click();
    const card = page.locator(".card").filter({ hasText: "建议写明病死动物收集点的开放时间。" });
    await card.waitFor();
    expect(await card.locator(":scope > p > strong").first().textContent()).toBe("第二十五条");

    // An unknown number is refused in words, the typed text kept.
    await picker.fill("999");
    await add.getByLabel("意见内容").fill("多余的意见。");
    await add.getByRole("button", { name: "保存意见" }).click();
    await add.getByText("本稿没有这一条（999），请核对条号。").waitFor();

    // The photo of the written opinions, private to the point and the drafters.
    const photo = path.join(os.tmpdir(), `书面意见-${process.pid}.jpg`);
    fs.writeFileSync(photo, JPEG);
    const attachments = page.getByRole("region", { name: "书面意见照片和扫描件" });
    await attachments.getByLabel("选择文件").setInputFiles(photo);
    await attachments.getByRole("button", { name: "上传附件" }).click();
    await page.getByRole("status").filter({ hasText: "附件已上传。" }).waitFor();
    const link = attachments.getByRole("link", { name: path.basename(photo) });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/attachments\/[0-9a-f-]{36}$/);
    const fileUrl = new URL(href!, page.url()).href;
    const own = await page.request.get(fileUrl);
    expect(own.status()).toBe(200);
    expect(own.headers()["content-type"]).toBe("image/jpeg");
    expect(await seriousViolations(page)).toEqual([]);
    // The whole page, kept for a person to look at (not compared).
    await page.screenshot({
      path: path.join(os.tmpdir(), "kaimen-coordinator-activity-375.png"),
      fullPage: true,
    });
    // Someone signed out does not get it.
    const anonymous = await browser.newPage();
    expect((await anonymous.request.get(fileUrl)).status()).toBe(404);
    fs.rmSync(photo, { force: true });
  });
});
