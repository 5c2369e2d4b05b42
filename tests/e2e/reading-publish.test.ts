import os from "node:os";
import path from "node:path";
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// Issue 15, items 5 and 6: an imported or pasted reading is previewed and confirmed before it is
// published, an identical one is refused, a large swing asks a second time with a reason; the
// comparison's links never pair a reading with itself and its table gives way to a loading
// state as soon as 对照 is pressed.

const TITLE = "稳妥发布测试条例";
const reading = (articles: string[]) =>
  [TITLE, ...articles.map((text, i) => `第${"一二三四五六七八九十"[i]}条　${text}`)].join("\n");
const FIRST = [
  "为了规范养犬行为，制定本条例。",
  "本条例适用于本市行政区域内的养犬活动。",
  "市公安机关是养犬管理的主管部门。",
  "养犬人应当依法免疫犬只。",
];
// The second reading adds an article and a chapter, and is pasted with its table of contents
// (which is not the body: its lines are listed as not placed).
const SECOND = reading([...FIRST, "本条例自公布之日起施行。"]).replace(
  TITLE,
  `${TITLE}\n目录\n第一章 总则\n第一章 总则`,
);

async function newBill(page: Page, title: string): Promise<string> {
  await page.goto(`${baseUrl()}/bills/new`);
  await page.getByLabel("法规名称").fill(title);
  await page.getByRole("button", { name: "创建并开始起草" }).click();
  await page.waitForURL(/\/bills\/[^/]+\/edit$/);
  return /\/bills\/([^/]+)\/edit$/.exec(page.url())![1]!;
}

/** Pastes a reading into the bill page's import form under a label and waits for its preview. */
async function pasteReading(page: Page, billId: string, text: string, label: string) {
  await page.goto(`${baseUrl()}/bills/${billId}`);
  await page.getByLabel("或者粘贴文本").fill(text);
  await page.getByLabel("稿本名称").nth(1).selectOption(label);
  await page.getByRole("button", { name: "导入" }).click();
}

// Kept for a person to look at (not compared); the chosen ones are copied to docs/screenshots.
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(os.tmpdir(), "kaimen-reading-publish-shots", `${name}.png`),
    fullPage: true,
  });

describe("publishing readings safely in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();
  let billId = "";

  it("previews a pasted reading, publishing it only when the drafter confirms", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    billId = await newBill(page, TITLE);
    await pasteReading(page, billId, reading(FIRST), "first_reading");
    await page.getByRole("heading", { name: "导入预览（尚未发布）" }).waitFor();
    await page.getByText("这是这个法规案的第一个稿本，没有可以对照的上一稿。").waitFor();
    await page.getByRole("button", { name: "确认发布" }).click();
    await page.getByText("已导入 4 条，工作稿已更新为这一稿。").waitFor();

    // The next reading: counts and the comparison's summary against the first, then confirmed.
    await pasteReading(page, billId, SECOND, "second_reading");
    const preview = page.getByRole("region", { name: "导入预览（尚未发布）" });
    await preview.waitFor();
    const counts = preview.getByRole("table", { name: "条文数与章数" });
    expect(await counts.getByRole("row", { name: /^条/ }).innerText()).toMatch(/条\s+4\s+5/);
    expect(await counts.getByRole("row", { name: /^章/ }).innerText()).toMatch(/章\s+0\s+1/);
    await preview.getByText("有 2 行未能归入条文结构，请核对：").waitFor();
    expect(await preview.locator(".preview-summary").innerText()).toMatch(/新增 1.*未修改 4/s);
    // The form to import again is not offered while a preview waits.
    expect(await page.getByRole("button", { name: "导入", exact: true }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "reading-preview");
    const phone = await browser.newPage({ width: 375, height: 800 });
    await signIn(phone, demo.drafter, /\/workspace$/);
    await phone.goto(page.url());
    await phone.getByRole("heading", { name: "导入预览（尚未发布）" }).waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await shot(phone, "reading-preview-375");

    // Nothing published yet: the bill still has one reading.
    await page.goto(`${baseUrl()}/bills/${billId}`);
    expect(await page.locator(".version-list > li").count()).toBe(1);
    await page.goBack();
    await page.getByRole("button", { name: "确认发布" }).click();
    await page.getByText("已导入 5 条，工作稿已更新为这一稿。").waitFor();
    await page.goto(`${baseUrl()}/bills/${billId}`);
    expect(await page.locator(".version-list > li").count()).toBe(2);
  });

  it("refuses a reading identical to the latest one, pasted or published from the draft", async () => {
    // The refusal is a 409 answer to the form, which Chromium logs.
    const page = await browser.newPage({ allowConsole: [/status of 409/] });
    await signIn(page, demo.drafter, /\/workspace$/);
    await pasteReading(page, billId, SECOND, "third_reading");
    await page.getByText("这一稿与最新发布的稿本（二审稿）完全相同，没有发布新的稿本。").waitFor();
    // The draft holds the second reading unchanged: publishing it is refused too.
    await page.goto(`${baseUrl()}/bills/${billId}`);
    await page.getByLabel("稿本名称").first().selectOption("third_reading");
    await page.getByRole("button", { name: "发布为新稿本" }).click();
    await page
      .getByRole("alert")
      .getByText("这一稿与最新发布的稿本（二审稿）完全相同，没有发布新的稿本。")
      .waitFor();
    expect(await page.locator(".version-list > li").count()).toBe(2);
  });

  it("asks a second time, with a reason, before a reading that loses most articles", async () => {
    // The first confirmation is answered 409 (a reason is wanting), which Chromium logs.
    const page = await browser.newPage({ allowConsole: [/status of 409/] });
    await signIn(page, demo.drafter, /\/workspace$/);
    await pasteReading(page, billId, reading(["为了保护古树名木，制定本条例。"]), "third_reading");
    const preview = page.getByRole("region", { name: "导入预览（尚未发布）" });
    await preview.getByText("变化很大，需要再次确认").waitFor();
    await preview.getByRole("button", { name: "确认发布" }).click();
    const second = page.getByRole("region", { name: "变化很大，需要再次确认" });
    await second.waitFor();
    // The reason is required: the browser does not send the form without it.
    await second.getByRole("button", { name: "理由已填写，确认发布" }).click();
    expect(
      await second
        .getByLabel("发布理由（必填，记入审计日志）")
        .evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing),
    ).toBe(true);
    await second
      .getByLabel("发布理由（必填，记入审计日志）")
      .fill("常委会决定改为古树名木保护条例。");
    await second.getByRole("button", { name: "理由已填写，确认发布" }).click();
    await page.getByText("已导入 1 条，工作稿已更新为这一稿。").waitFor();
    await page.goto(`${baseUrl()}/bills/${billId}`);
    expect(await page.locator(".version-list > li").count()).toBe(3);
  });

  it("offers the oldest reading no comparison with itself, and the others one with the reading before", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await page.goto(`${baseUrl()}/bills/${billId}`);
    const links = await page
      .locator(".version-list > li > a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    const ids = links.map((href) => /versions\/([^/?#]+)/.exec(href)![1]!);
    await page.goto(`${baseUrl()}${links[0]}`);
    await page.locator(".downloads").waitFor();
    expect(await page.getByRole("link", { name: "修改对照表" }).count()).toBe(0);
    // Every reading downloads as a PDF.
    expect(await page.getByRole("link", { name: "PDF" }).getAttribute("href")).toBe(
      `/bills/${billId}/versions/${ids[0]}/export/pdf`,
    );
    await page.goto(`${baseUrl()}${links[1]}`);
    await page.getByRole("link", { name: "修改对照表" }).click();
    await page.waitForURL(new RegExp(`from=${ids[0]}&to=${ids[1]}`));
    await page.locator(".compare-table").waitFor();
  });

  it("replaces the table with a loading state as soon as 对照 is pressed", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await page.goto(`${baseUrl()}/bills/${billId}/compare`);
    await page.locator(".compare-table").waitFor();
    // The next comparison's data is held back until the loading state has been seen.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/compare\.data/, async (route: Route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel("原稿").selectOption({ label: "一审稿" });
    await page.getByLabel("修改稿").selectOption({ label: "三审稿" });
    await page.getByRole("button", { name: "对照" }).click();
    await page.locator(".compare-loading").waitFor();
    expect(await page.locator(".compare-table").count()).toBe(0);
    expect(await page.locator(".compare-results").getAttribute("aria-busy")).toBe("true");
    expect(await page.getByRole("status").filter({ hasText: "正在对照" }).count()).toBe(1);
    await shot(page, "reading-preview-compare-loading");
    const phone = await browser.newPage({ width: 375, height: 800 });
    await signIn(phone, demo.drafter, /\/workspace$/);
    await phone.goto(`${baseUrl()}/bills/${billId}/compare`);
    await phone.locator(".compare-table").waitFor();
    await phone.route(/\/compare\.data/, async (route: Route) => {
      await held;
      await route.continue();
    });
    await phone.getByLabel("原稿").selectOption({ label: "一审稿" });
    await phone.getByRole("button", { name: "对照" }).click();
    await phone.locator(".compare-loading").waitFor();
    await shot(phone, "reading-preview-compare-loading-375");
    release();
    await page.locator(".compare-table").waitFor();
    await page.waitForURL(/from=.*to=/);
    expect(await page.locator(".compare-results").getAttribute("aria-busy")).toBe("false");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
