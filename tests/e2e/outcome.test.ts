import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

// Issue 18 on a phone (375 px): the receipt takes the focus after submitting, prints and saves as
// a PNG; an adopted opinion, once the reviewer publishes its disposition, shows what it changed in
// the later reading (the 二审稿's 第六条 in the adopted text) from 我的意见, the article's opinion
// list and the lookup page; the lineage page's count of that reading's opinions links to them.

// Kept for a person to look at (not compared); opinion-changed.png is docs/screenshots' copy.
const shots = path.join(os.tmpdir(), "kaimen-outcome-shots");

async function openConsultationId(): Promise<string> {
  const list = (await (await fetch(`${baseUrl()}/api/v1/consultations`)).json()) as {
    consultations: { id: string; billTitle: string; status: string }[];
  };
  return list.consultations.find((c) => c.billTitle.includes("动物防疫法") && c.status === "open")!
    .id;
}

/** Comments on 第六条 through the form and answers the receipt's number and lookup code. */
async function commentOnArticle6(page: Page, id: string, words: string, anonymous: boolean) {
  await page.goto(`${baseUrl()}/consultations/${id}`);
  await page.getByRole("link", { name: "对第六条提意见" }).click();
  await page.getByRole("heading", { level: 1, name: "对第六条提意见" }).waitFor();
  await page.getByLabel("您的意见").fill(words);
  if (anonymous) await page.getByRole("checkbox").last().check();
  await page.getByRole("button", { name: "提交意见" }).click();
  await page.getByRole("heading", { level: 1, name: "感谢您的意见" }).waitFor();
  const [receipt, code] = await page.locator(".receipt dd").allInnerTexts();
  return { receipt: receipt!, code: code! };
}

describe("what my opinion changed, and the receipt", { shuffle: false }, () => {
  const browser = useBrowser();

  it("puts the focus on the receipt, which prints and saves as a PNG", async () => {
    const id = await openConsultationId();
    // The refused contact (no consent) answers 400, which Chromium logs.
    const page = await browser.newPage({
      width: 375,
      height: 800,
      allowConsole: [/status of 400/],
    });
    const words = `建议把疫病防治统一改为防疫（${Date.now().toString(36)}）。`;
    const { receipt } = await commentOnArticle6(page, id, words, true);
    expect(receipt).toMatch(/^KM\d{8}/);
    // The form was replaced by the receipt: the focus is on its heading, not on <body>.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("receipt-heading");
    expect(await seriousViolations(page)).toEqual([]);

    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.getByRole("button", { name: "打印回执" }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "打印回执" }).isVisible()).toBe(false);
    expect(await page.locator(".receipt").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "保存为图片" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`开门立法回执-${receipt}.png`);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(2000);
    fs.mkdirSync(shots, { recursive: true });
    fs.copyFileSync(file!, path.join(shots, "receipt-image.png"));
    await page.screenshot({ path: path.join(shots, "receipt.png"), fullPage: true });

    // The outcome by e-mail: refused without the consent box, kept with it.
    await page.getByLabel("电子邮箱或手机号码").fill("reader@example.org");
    await page.getByRole("button", { name: "保存联系方式" }).click();
    await page.getByText("请勾选同意，我们才能保存联系方式。").waitFor();
    await page.getByLabel(/我同意平台保存以上联系方式/).check();
    await page.getByRole("button", { name: "保存联系方式" }).click();
    await page.getByText(/已保存。处理情况公布时/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows an adopted opinion's change in the later reading, from 我的意见 and the lookup page", async () => {
    const id = await openConsultationId();
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.citizen, /\/me$/);
    const words = `“国家鼓励”应当写在本条开头，“疫病防治”改为“防疫”（${Date.now().toString(36)}）。`;
    const { receipt, code } = await commentOnArticle6(page, id, words, false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("receipt-heading");

    const drafter = await browser.newPage();
    await signIn(drafter, demo.drafter, /\/workspace$/);
    await drafter.goto(
      `${baseUrl()}/consultations/${id}/handling?handled=no&q=${encodeURIComponent(words)}`,
    );
    const todo = drafter.locator(".card").filter({ hasText: words });
    await todo.getByRole("link", { name: "处理", exact: true }).click();
    await todo.getByLabel("处理情况").selectOption("adopted");
    await todo.getByLabel("理由").fill("已在第六条开头写明国家鼓励，并统一用语。");
    await todo.getByRole("button", { name: "保存并提交审核" }).click();
    await todo.waitFor({ state: "detached" });

    // Not public before sign-off: 我的意见 shows no change.
    await page.goto(`${baseUrl()}/me`);
    const card = page.locator(".card").filter({ hasText: words });
    await card.waitFor();
    expect(await card.locator(".opinion-change").count()).toBe(0);

    await signOffAndPublish(() => browser.newPage(), id, words);
    await page.reload();
    const change = card.locator(".opinion-change");
    await change.getByText("您的意见使第六条作如下修改").waitFor();
    expect(await change.locator("ins").allInnerTexts()).toContain("国家");
    expect(await change.locator("del").allInnerTexts()).toContain("疫病防治");
    expect(await seriousViolations(page)).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    // docs/screenshots/opinion-changed.png is a copy of this one.
    fs.mkdirSync(shots, { recursive: true });
    await card.screenshot({ path: path.join(shots, "opinion-changed.png") });

    // Straight to the changed article in the later reading (the adopted text).
    await change.getByRole("link", { name: /^查看公布稿第六条$/ }).click();
    await page.waitForURL(/\/versions\/[^/#]+#p-/);
    const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
    expect(await page.locator(`[id="${anchor}"]`).innerText()).toContain("国家鼓励社会力量");

    // The article's opinion list says the same to its author, and links the lineage's counts.
    await page.goBack();
    await card.getByRole("link", { name: /针对 第六条/ }).click();
    const listed = page.locator(".opinion-card").filter({ hasText: words });
    await listed.getByText("您的意见使第六条作如下修改").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The lookup page, for someone without an account, shows the same.
    const stranger = await browser.newPage({ width: 375, height: 800 });
    await stranger.goto(`${baseUrl()}/opinions/lookup?receipt=${receipt}`);
    await stranger.getByLabel("查询码").fill(code);
    await stranger.getByRole("button", { name: "查询" }).click();
    await stranger.getByText("您的意见使第六条作如下修改").waitFor();
    expect(await stranger.locator(".opinion-change ins").allInnerTexts()).toContain("国家");
    expect(await seriousViolations(stranger)).toEqual([]);

    // In English too (the article's label is the English branch's to render).
    const english = await browser.newPage({ locale: "en", width: 375, height: 800 });
    await english.goto(`${baseUrl()}/opinions/lookup?receipt=${receipt}`);
    await english.getByLabel("Lookup code").fill(code);
    await english.getByRole("button", { name: "Look up" }).click();
    await english.getByText(/^Your opinion changed .+ as follows$/).waitFor();
    fs.mkdirSync(shots, { recursive: true });
    await english.screenshot({ path: path.join(shots, "lookup-en.png"), fullPage: true });
  });
});
