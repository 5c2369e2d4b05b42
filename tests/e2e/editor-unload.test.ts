import type { BrowserContext, Dialog, Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, signIn, useBrowser } from "../support/browser.ts";

// Leaving the editor must not lose what was just typed: a tab closed right after typing still
// delivers its steps (a keepalive request on pagehide), and closing while steps are unsaved
// asks first (beforeunload).

const articleText = (page: Page, n: number) =>
  page
    .locator(".ProseMirror .kaimen-article")
    .nth(n - 1)
    .locator(".kaimen-para-text")
    .first();
/** What a reader sees of an article's first paragraph, without its computed label. */
const visibleText = async (page: Page, n: number) =>
  (await articleText(page, n).innerText()).replace(/^第[一二三四五六七八九十百零]+条\s*/, "");

const saveStatus = (page: Page) => page.locator(".save-status").textContent();
/** Conditions are waited for, generously: the machine running this may be busy. */
const patiently = { timeout: 20_000 };

async function newBill(page: Page, title: string): Promise<string> {
  await page.goto(`${baseUrl()}/bills/new`);
  await page.getByLabel("法规名称").fill(title);
  await page.getByRole("button", { name: "创建并开始起草" }).click();
  await page.waitForURL(/\/bills\/[^/]+\/edit$/);
  await page.locator(".ProseMirror").waitFor();
  return /\/bills\/([^/]+)\/edit$/.exec(page.url())![1]!;
}

/** Opens the draft in a new tab of the signed-in context, once the editor is running. */
async function openDraft(context: BrowserContext, billId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/bills/${billId}/edit`);
  await page.locator(".ProseMirror").waitFor();
  return page;
}

describe("leaving the drafting editor", { shuffle: false }, () => {
  const browser = useBrowser();

  it("keeps text typed right before the tab closes, burst after burst (0 lost)", async () => {
    const home = await browser.newPage();
    await signIn(home, demo.drafter, /\/workspace$/);
    const billId = await newBill(home, "关闭标签页测试条例");
    await home.goto(`${baseUrl()}/workspace`);
    const context = home.context();

    const bursts = 10;
    let expected = "";
    for (let i = 1; i <= bursts; i++) {
      const page = await openDraft(context, billId);
      // Start from what the server holds, so every burst appends to the text before it.
      await expect.poll(() => visibleText(page, 1), patiently).toBe(expected);
      await articleText(page, 1).click();
      // The end of the draft's only article (End alone stops at the end of a wrapped line).
      await page.keyboard.press("Control+End");
      const typed = `第${i}次输入的文字。`;
      await page.keyboard.type(typed);
      // Closed at once: no waiting for the save that the typing started.
      await page.close({ runBeforeUnload: false });
      expected += typed;

      // Re-opened, the draft shows the text (the flushed request may still be arriving).
      const reopened = await openDraft(context, billId);
      await expect
        .poll(
          async () => {
            await reopened.reload();
            await reopened.locator(".ProseMirror").waitFor();
            return visibleText(reopened, 1);
          },
          { ...patiently, interval: 300 },
        )
        .toBe(expected);
      await reopened.close();
    }
  }, 240_000);

  it("asks before closing while steps are unsaved, and not once they are saved", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await newBill(page, "离开提示测试条例");
    await expect.poll(() => saveStatus(page), patiently).toBe("已保存");

    // Hold every save at the network, so the typed steps are provably not on the server.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route("**/draft/steps**", async (route: Route) => {
      if (route.request().method() === "POST") {
        held++;
        await released;
      }
      await route.continue();
    });
    const dialogs: Dialog[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog);
      // Stay on the page.
      void dialog.dismiss();
    });

    await articleText(page, 1).click();
    await page.keyboard.type("尚未保存的文字。");
    await expect.poll(() => held, patiently).toBeGreaterThan(0);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length, patiently).toBe(1);
    expect(dialogs[0]!.type()).toBe("beforeunload");
    expect(page.isClosed()).toBe(false);

    // Once the save goes through, closing asks nothing.
    release();
    await expect.poll(() => saveStatus(page), patiently).toBe("已保存");
    await page.unroute("**/draft/steps**");
    const closed = page.waitForEvent("close");
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs.length).toBe(1);
  }, 120_000);
});
