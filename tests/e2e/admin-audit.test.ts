// The audit log in Chromium (issue 15 item 4): a moderator hides an opinion; the administrator
// finds that entry on /admin/audit by its actor and action and opens the opinion from it; on a
// phone the same page reads in one column. Revoking a role goes through a confirmation page.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

const SHOTS = path.join(os.tmpdir(), "kaimen-admin-audit-shots");

/** A screenshot kept for a person to look at (not compared). */
async function shot(page: Page, name: string, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Files an opinion on the open 二审稿 consultation through the public API, as a visitor would. */
async function fileOpinion(body: string): Promise<{ id: string; receipt: string }> {
  const list = (await (await fetch(`${baseUrl()}/api/v1/consultations`)).json()) as {
    consultations: { id: string; status: string }[];
  };
  const consultation = list.consultations.find((c) => c.status === "open")!;
  const res = await fetch(`${baseUrl()}/api/v1/consultations/${consultation.id}/opinions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify({ scope: "draft", body, author: { name: "钱七", region: "如皋市" } }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; receipt: string };
}

describe("the audit log in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("an administrator finds a moderator's action by actor and opens its object", async () => {
    const text = `审计浏览器测试意见 ${Date.now()}：建议明确第十条的适用范围。`;
    const reason = `审计测试屏蔽理由 ${Date.now()}`;
    const opinion = await fileOpinion(text);

    const moderator = await browser.newPage();
    await signIn(moderator, demo.moderator, /\/moderation$/);
    await moderator.goto(`${baseUrl()}/moderation?view=published`);
    const card = moderator.locator(".moderation-item", { hasText: text });
    await card.getByLabel("屏蔽理由").fill(reason);
    await card.getByLabel("屏蔽理由").press("Enter");
    await moderator.getByRole("status").getByText("已屏蔽。").waitFor();

    const admin = await browser.newPage();
    await signIn(admin, demo.admin, /\/admin$/);
    await admin.getByRole("link", { name: "操作日志" }).click();
    await admin.getByRole("heading", { level: 1, name: "操作日志" }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByLabel("操作人（姓名或邮箱）").fill(demo.moderator.email);
    await admin.getByLabel("操作", { exact: true }).selectOption("opinion.hide");
    await admin.getByRole("button", { name: "筛选" }).click();
    await admin.waitForURL(/actor=moderator%40demo\.kaimen\.cn.*action=opinion\.hide/);
    const entry = admin.locator(".audit-entry", { hasText: reason }).first();
    await entry.waitFor();
    await expect.poll(() => entry.innerText()).toContain("屏蔽意见");
    // Every entry on the page is the moderator's.
    const entries = await admin.locator(".audit-entry").allInnerTexts();
    for (const e of entries) expect(e).toContain(demo.moderator.email);
    expect(await seriousViolations(admin)).toEqual([]);
    await shot(admin, "admin-audit");

    await entry.getByRole("link", { name: opinion.receipt }).click();
    await admin.waitForURL(new RegExp(`/moderation/opinions/${opinion.id}$`));
    await admin.getByText(text).waitFor();
  });

  it("reads in one column on a phone, filters included", async () => {
    const phone = await browser.newPage({ width: 375, height: 812 });
    await signIn(phone, demo.admin, /\/admin$/);
    await phone.goto(`${baseUrl()}/admin/audit`);
    await phone.getByRole("heading", { level: 1, name: "操作日志" }).waitFor();
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(phone)).toEqual([]);
    await shot(phone, "admin-audit-375", false);
    await phone.locator(".audit-entry").first().scrollIntoViewIfNeeded();
    await phone.evaluate(() => window.scrollBy(0, -60));
    await shot(phone, "admin-audit-375-entries", false);
  });

  it("asks before revoking a role on /admin/users", async () => {
    // A new account of its own, so no other test's demo account loses a role.
    const email = `audit-e2e-${Date.now()}@example.cn`;
    const visitor = await browser.newPage();
    await visitor.goto(`${baseUrl()}/signup`);
    await visitor.getByLabel(/邮箱/).fill(email);
    await visitor.getByLabel(/称呼|姓名/).fill("待撤销用户");
    await visitor.getByLabel(/密码/).first().fill("a-long-password-2026");
    await visitor.getByRole("button", { name: "注册" }).click();
    await visitor.waitForURL((url) => !url.pathname.startsWith("/signup"));

    const admin = await browser.newPage();
    await signIn(admin, demo.admin, /\/admin$/);
    await admin.goto(`${baseUrl()}/admin/users?q=${encodeURIComponent(email)}`);
    const card = admin.locator(".user-card", { hasText: email });
    await card.getByLabel("角色", { exact: true }).selectOption("moderator");
    await card.getByRole("button", { name: "授予角色" }).click();
    await admin.getByRole("status").getByText("已授予角色。").waitFor();

    await card.getByRole("link", { name: /撤销 待撤销用户 在 .* 的 审核员 角色/ }).click();
    await admin.getByRole("heading", { level: 1, name: "确认撤销角色" }).waitFor();
    await admin.getByText(/将撤销 待撤销用户/).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    // Cancelling keeps the role.
    await admin.getByRole("link", { name: "取消" }).click();
    await card.locator(".role-list").getByText("审核员").waitFor();

    await card.getByRole("link", { name: /撤销 待撤销用户 在 .* 的 审核员 角色/ }).click();
    await admin.getByRole("button", { name: "确认撤销" }).click();
    await admin.getByRole("status").getByText("已撤销角色。").waitFor();
    await expect.poll(() => card.locator(".role-list").innerText()).not.toContain("审核员");
  });
});
