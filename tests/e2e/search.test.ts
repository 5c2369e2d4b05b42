import { describe, expect, it } from "vitest";
import { baseUrl, seriousViolations, useBrowser } from "../support/browser.ts";

const shots = process.env.KAIMEN_SCREENSHOTS; // a folder, to look at the pages by eye

describe("search in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("finds 集贸市场 in the 二审稿 and the adopted text from the header box, and narrows by facets", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/`);
    const box = page.getByRole("search").getByLabel("全站搜索");
    await box.fill("集贸市场");
    await box.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    // The indexer catches up with the seeded demo within seconds of the start.
    for (let i = 0; i < 30; i++) {
      if ((await page.locator(".search-hit").count()) > 0) break;
      await page.waitForTimeout(1000);
      await page.reload();
    }
    const readings = page.locator(".search-hits").getByText("二审稿", { exact: true });
    await readings.first().waitFor();
    await page.locator(".search-hits").getByText("公布稿", { exact: true }).first().waitFor();
    const marks = await page.locator(".search-hit mark").allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(["集贸市场"]));
    expect(await seriousViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/search-desktop.png`, fullPage: true });
    const before = await page.locator(".search-hit").count();

    // Narrow to the 二审稿's articles.
    await page
      .locator(".search-facet", { has: page.getByRole("heading", { name: "审次" }) })
      .getByRole("link", { name: /二审稿/ })
      .click();
    await page.waitForURL(/reading=second_reading/);
    await page.getByRole("link", { name: "取消筛选：二审稿" }).waitFor();
    const tags = await page.locator(".search-hit .card-tags").allInnerTexts();
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.length).toBeLessThan(before);
    for (const t of tags) expect(t).toContain("二审稿");

    // An article hit leads to the article in its reading.
    const article = page.locator(".search-hit", { hasText: "条文" }).first().getByRole("link");
    await article.click();
    await page.waitForURL(/\/bills\/[^/]+\/versions\/[^#]+#p-/);
    const anchor = new URL(page.url()).hash.slice(1);
    await page.locator(`[id="${anchor}"]`).waitFor();
  });

  it("searches within a reading on a phone", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${baseUrl()}/search?q=${encodeURIComponent("集贸市场")}&kind=provision`);
    await page.locator(".search-hit").first().waitFor();
    await page.locator(".search-hit").first().getByRole("link").click();
    await page.waitForURL(/#p-/);
    await page.getByLabel(/在.*中搜索/).fill("犬只");
    await page.getByRole("button", { name: "搜索" }).last().click();
    await page.waitForURL(/version=/);
    await page.locator(".search-hit").first().waitFor();
    const kinds = await page.locator(".search-hit .tag").allInnerTexts();
    expect(kinds.filter((k) => k === "意见" || k === "法规")).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/search-phone.png`, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(overflow).toBe(false);
  });

  it("finds a fresh opinion within seconds of its submission", async () => {
    const page = await browser.newPage();
    const words = `集贸市场的消毒记录${Date.now().toString(36)}`;
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await page.getByRole("link", { name: "对第二十五条提意见" }).click();
    await page.getByLabel("您的意见").fill(`建议要求${words}保存两年。`);
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.getByRole("heading", { name: "感谢您的意见" }).waitFor();

    await page.goto(`${baseUrl()}/search?q=${encodeURIComponent(words)}`);
    for (let i = 0; i < 30; i++) {
      if ((await page.locator(".search-hit").count()) > 0) break;
      await page.waitForTimeout(500);
      await page.reload();
    }
    const hit = page.locator(".search-hit");
    expect(await hit.count()).toBe(1);
    expect(await hit.locator(".card-tags").innerText()).toContain("意见");
    expect(await hit.locator("mark").innerText()).toBe(words);
    await hit.getByRole("link").click();
    await page.waitForURL(/\/bills\/[^/]+\/provisions\//);
  });
});
