import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

describe("the comparison table in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("shows the drafter 一审稿 against the adopted text, takes an explanation and downloads the Word table", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await page.getByRole("link", { name: "中华人民共和国动物防疫法（修订草案）" }).first().click();
    await page.getByRole("link", { name: "修改对照表" }).click();
    await page.getByLabel("原稿").selectOption({ label: "一审稿" });
    await page.getByLabel("修改稿").selectOption({ label: "公布稿" });
    await page.getByRole("button", { name: "对照" }).click();
    await page.waitForURL(/from=.*to=/);
    await page.locator(".compare-table").waitFor();
    const summary = await page.locator(".summary-line").innerText();
    for (const kind of ["修改", "新增", "删除", "移动"])
      expect(summary).toMatch(new RegExp(`${kind} [1-9]`));
    expect(await page.locator(".compare-table ins").count()).toBeGreaterThan(10);
    expect(await page.locator(".compare-table del").count()).toBeGreaterThan(10);

    await page.getByRole("link", { name: "只看有修改的条文" }).click();
    await page.waitForURL(/changed=1/);
    await page.locator(".compare-table tr.kind-unchanged").first().waitFor({ state: "detached" });
    const firstRow = page.locator(".compare-table tbody tr").first();
    await firstRow.getByRole("textbox").fill("根据常委会审议意见修改。");
    await firstRow.getByRole("button", { name: "保存说明" }).click();
    await firstRow.getByRole("status").waitFor();
    await page.reload();
    expect(
      await page.locator(".compare-table tbody tr").first().getByRole("textbox").inputValue(),
    ).toBe("根据常委会审议意见修改。");
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Word 对照表" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/修改对照表.*\.docx$/);
  });

  it("lets a citizen follow one article from the first reading to the adopted text", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await page.getByRole("link", { name: "查看这一稿的全文页面及各次审议稿" }).click();
    await page.locator(".readings-nav").waitFor();
    await page.getByRole("link", { name: "修改对照表" }).click();
    await page.locator(".compare-table").waitFor();
    await page.getByRole("link", { name: "这一条在各稿中的变化" }).nth(4).click();
    await page.waitForURL(/\/provisions\//);
    await page.getByRole("heading", { level: 1, name: /在各稿中的变化/ }).waitFor();
    const readings = await page.locator(".lineage-reading h2").allInnerTexts();
    expect(readings.join("|")).toMatch(/一审稿.*二审稿/);
    expect(await seriousViolations(page)).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
