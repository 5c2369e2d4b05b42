import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { baseUrl, demo, signIn, useBrowser } from "../support/browser.ts";

// The consultation page is served from the page cache to anonymous readers and its text from the
// text cache to everyone (server/page-cache.ts, app/lib/reading-html.server.tsx): what readers
// see there must still be live.

/** Opens the open consultation's page as a new document (the cached one, for anonymous readers). */
async function openConsultation(page: Page): Promise<string> {
  await page.goto(`${baseUrl()}/`);
  const href = await page
    .getByRole("link", { name: /动物防疫法.*公开征求意见/ })
    .first()
    .getAttribute("href");
  await page.goto(`${baseUrl()}${href}`);
  await page.getByRole("heading", { level: 1, name: /动物防疫法/ }).waitFor();
  return `${baseUrl()}${href}`;
}

/** The count beside 提意见 under an article (0 when none is shown). */
async function countOn(page: Page, article: string): Promise<number> {
  const text = await page.getByRole("link", { name: `对${article}提意见` }).innerText();
  return Number(/已有 (\d+) 条/.exec(text)?.[1] ?? 0);
}

describe("cached pages in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("shows an anonymous reader the new count on a cached page right after their opinion", async () => {
    const page = await browser.newPage();
    const url = await openConsultation(page);
    const before = await countOn(page, "第四十条");
    // The link inside the cached text navigates in the app.
    await page.getByRole("link", { name: "对第四十条提意见" }).click();
    await page.getByRole("heading", { level: 1, name: "对第四十条提意见" }).waitFor();
    await page.getByLabel("您的意见").fill("建议写明动物诊疗机构向主管部门报告疫情的时限。");
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.getByRole("heading", { name: "感谢您的意见" }).waitFor();
    // A new document: the anonymous reader's page comes from the cache, and shows the count.
    await page.goto(url);
    expect(await countOn(page, "第四十条")).toBe(before + 1);
    // Client navigation back to the page brings the text with it.
    await page.getByRole("link", { name: "对第四十条提意见" }).click();
    await page.getByRole("heading", { level: 1, name: "对第四十条提意见" }).waitFor();
    await page.goBack();
    await page
      .getByRole("link", { name: "对第四十条提意见" })
      .getByText(/已有 \d+ 条/)
      .waitFor();
  });

  it("shows the signed-in header and working 提意见 links on the consultation page", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.citizen, /\/me$/);
    await openConsultation(page);
    await page.getByRole("button", { name: "退出" }).waitFor();
    expect(await page.getByText("张市民").count()).toBeGreaterThan(0);
    await page.getByRole("link", { name: "对第二十五条提意见" }).click();
    await page.getByText("将以 张市民 的身份提交。").waitFor();
  });

  it("keeps an anonymous reader's page apart from a signed-in reader's", async () => {
    const anonymous = await browser.newPage();
    await openConsultation(anonymous);
    await anonymous.getByRole("link", { name: "登录" }).waitFor();
    expect(await anonymous.getByRole("button", { name: "退出" }).count()).toBe(0);
  });

  it("switches the cached page's language with the header link and back", async () => {
    const page = await browser.newPage();
    const url = await openConsultation(page);
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("link", { name: /^Comment on (第二十五条|Article 25)$/ }).waitFor();
    expect(page.url()).toBe(url);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("link", { name: "中文" }).click();
    await page.getByRole("link", { name: "对第二十五条提意见" }).waitFor();
  });

  it("signs in from a cached page by client navigation (the form gets its CSRF token)", async () => {
    const page = await browser.newPage();
    await openConsultation(page);
    await page.getByRole("link", { name: "登录" }).click();
    await page.getByLabel(/邮箱/).fill(demo.citizen.email);
    await page.getByLabel(/密码/).fill(demo.citizen.password);
    await page.getByRole("button", { name: /^登录$/ }).click();
    await page.waitForURL(/\/me$/);
  });
});
