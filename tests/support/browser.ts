import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, expect, inject } from "vitest";
import { launchBrowser } from "../../tools/chromium.ts";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const baseUrl = () => inject("baseUrl");

/** The demo accounts the server seeds (cli/seed/nantong.ts). */
export const demo = {
  admin: { email: "admin@demo.kaimen.cn", password: "kaimen-admin-2026" },
  drafter: { email: "drafter@demo.kaimen.cn", password: "kaimen-drafter-2026" },
  moderator: { email: "moderator@demo.kaimen.cn", password: "kaimen-moderator-2026" },
  coordinator: { email: "coordinator@demo.kaimen.cn", password: "kaimen-coordinator-2026" },
  citizen: { email: "citizen@demo.kaimen.cn", password: "kaimen-citizen-2026" },
  reviewer: { email: "reviewer@demo.kaimen.cn", password: "kaimen-reviewer-2026" },
  handler: { email: "handler@demo.kaimen.cn", password: "kaimen-handler-2026" },
} as const;

/**
 * One Chromium per test file, a fresh context per use (its own cookies and storage, as a new
 * profile would have; starting a browser for each cost every page seconds). Every console error
 * or uncaught page error fails the test that caused it.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    const errors = pageErrors;
    pageErrors = [];
    expect(errors, "console errors in the page").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    async newPage(
      options: {
        locale?: string;
        width?: number;
        height?: number;
        allowConsole?: RegExp[];
        /** false: a browser without JavaScript (the page must work as plain HTML forms). */
        javaScript?: boolean;
      } = {},
    ): Promise<Page> {
      browser ??= await launchBrowser();
      const context = await browser.newContext({
        javaScriptEnabled: options.javaScript ?? true,
        locale: options.locale ?? "zh-CN",
        viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error" && !options.allowConsole?.some((re) => re.test(m.text())))
          pageErrors.push(m.text());
      });
      page.on("pageerror", (e) => pageErrors.push(e.message));
      return page;
    },
  };
}

/** Signs in through the real form and waits for the landing page. */
export async function signIn(
  page: Page,
  account: { email: string; password: string },
  landing: RegExp,
) {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel(/邮箱|E-mail/).fill(account.email);
  await page.getByLabel(/密码|Password/).fill(account.password);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL(landing);
}

/** Runs axe on the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page) {
  // Evaluated through DevTools, not as an inline <script>, which the app's CSP rightly blocks.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * The demo reviewer (审核人) signs off a submitted disposition, found by its opinion's words, and
 * publishes the consultation's approved ones: only then does anyone outside the drafters see it
 * (issue 15). Uses its own page, so the caller's pages keep their sessions.
 */
export async function signOffAndPublish(
  newPage: () => Promise<Page>,
  consultationId: string,
  words: string,
) {
  const page = await newPage();
  await signIn(page, demo.reviewer, /\/workspace\/queue$/);
  await page.goto(`${baseUrl()}/consultations/${consultationId}/review`);
  await page.locator(".review-row").filter({ hasText: words }).getByRole("checkbox").check();
  await page.getByRole("button", { name: "通过所选" }).click();
  await page.getByText(/^已通过 \d+ 条。$/).waitFor();
  await page.getByRole("link", { name: /^公开全部已通过的 \d+ 条$/ }).click();
  await page.getByRole("button", { name: "确认公开" }).click();
  await page.getByText(/^已公开 \d+ 条处理情况/).waitFor();
  await page.close();
}
