import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

describe("the app in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("shows the seeded open consultation in Chinese and opens the draft", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/`);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("heading", { name: "正在征求意见" }).waitFor();
    const card = page.getByRole("link", { name: /动物防疫法.*公开征求意见/ });
    await card.click();
    await page.getByRole("heading", { level: 1, name: /动物防疫法/ }).waitFor();
    expect(await page.getByText("第一百一十二条").count()).toBeGreaterThan(0);
    await page.getByRole("link", { name: "第十二章 附则" }).click();
    expect(page.url()).toMatch(/#p-/);
  });

  const landings = [
    { role: "admin", landing: /\/admin$/, heading: "系统管理" },
    { role: "drafter", landing: /\/workspace$/, heading: "起草工作台" },
    { role: "moderator", landing: /\/moderation$/, heading: "意见审核" },
    { role: "coordinator", landing: /\/coordinator$/, heading: "联系点工作台" },
    { role: "citizen", landing: /\/me$/, heading: "我的意见" },
  ] as const;

  for (const { role, landing, heading } of landings) {
    it(`signs the demo ${role} in to their page, which passes the axe check`, async () => {
      const page = await browser.newPage();
      await signIn(page, demo[role], landing);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "退出" }).click();
      await page.getByRole("link", { name: "登录" }).waitFor();
    });
  }

  it("shows the coordinator's own contact point", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.coordinator, /\/coordinator$/);
    await page.getByText("所在联系点：崇川区和平桥街道基层立法联系点").waitFor();
  });

  it("switches to English and remembers it across pages and reloads", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("heading", { name: "Open for comment" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Open for comment" }).waitFor();
    await page.getByRole("link", { name: "中文" }).click();
    await page.getByRole("heading", { name: "正在征求意见" }).waitFor();
  });

  it("guesses English from the browser's language on a first visit", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("heading", { name: "Open for comment" }).waitFor();
  });

  it("passes the axe check on the public pages, in both languages", async () => {
    // /nowhere is a 404 page on purpose, which Chromium logs.
    const page = await browser.newPage({ allowConsole: [/status of 404/] });
    for (const path of ["/", "/login", "/signup", "/nowhere"]) {
      await page.goto(`${baseUrl()}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await page.getByRole("heading", { level: 1, name: /动物防疫法/ }).waitFor();
    expect(await seriousViolations(page), "reading view").toEqual([]);
    const english = await browser.newPage({ locale: "en-US" });
    await english.goto(`${baseUrl()}/`);
    expect(await seriousViolations(english), "home in English").toEqual([]);
  });

  it("fits a 375-pixel phone without sideways scrolling", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.admin, /\/admin$/);
    for (const path of ["/", "/admin", "/admin/users", "/workspace"]) {
      await page.goto(`${baseUrl()}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  it("signs a new citizen up, and an admin makes them a drafter", async () => {
    // The empty form is answered 400 (with the field messages), which Chromium logs.
    const page = await browser.newPage({ allowConsole: [/status of 400/] });
    const email = `new-${Date.now()}@example.org`;
    await page.goto(`${baseUrl()}/signup`);
    await page.getByRole("button", { name: "注册" }).click();
    await page.getByText("请填写此项。").first().waitFor();
    await page.getByLabel("邮箱").fill(email);
    await page.getByLabel("称呼").fill("周新");
    await page.getByLabel("密码").fill("a-long-password");
    await page.getByRole("button", { name: "注册" }).click();
    await page.waitForURL(/\/me$/);
    await page.getByText(/还没有提交过意见/).waitFor();

    const admin = await browser.newPage();
    await signIn(admin, demo.admin, /\/admin$/);
    await admin.goto(`${baseUrl()}/admin/users?q=${encodeURIComponent(email)}`);
    const card = admin.getByRole("listitem").filter({ hasText: email });
    await card.getByLabel("角色", { exact: true }).selectOption("drafter");
    await card.getByRole("button", { name: "授予角色" }).click();
    await admin.getByText("已授予角色。").waitFor();

    await page.goto(`${baseUrl()}/workspace`);
    await page.getByRole("heading", { level: 1, name: "起草工作台" }).waitFor();
  });

  it("sends pages with a nonce-based Content-Security-Policy and framing refused", async () => {
    const response = await fetch(`${baseUrl()}/`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it("answers /healthz with the database status", async () => {
    const response = await fetch(`${baseUrl()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      database: { kind: "pglite", ok: true },
    });
  });
});
