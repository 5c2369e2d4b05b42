import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// Issue 18 items 4 and 7 on a 375 px phone: a drafter writes the 起草说明 of 第二十五条, a reader
// finds it as a closed disclosure under the article (the text stays on screen), and an English
// reader reads "Article 25" where a label sits in an English sentence.

async function openConsultation() {
  const list = (await (await fetch(`${baseUrl()}/api/v1/consultations`)).json()) as {
    consultations: {
      id: string;
      billId: string;
      versionId: string;
      billTitle: string;
      status: string;
    }[];
  };
  const open = list.consultations.find(
    (c) => c.billTitle.includes("动物防疫法") && c.status === "open",
  )!;
  const detail = (await (await fetch(`${baseUrl()}/api/v1/consultations/${open.id}`)).json()) as {
    provisions: { pid: string; label: string }[];
  };
  return {
    ...open,
    article25: detail.provisions.find((p) => p.label === "第二十五条")!.pid,
  };
}

/** Whether the page is wider than its viewport (text pushed off-screen on a phone). */
const overflows = (page: import("playwright-core").Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

describe("explanatory notes and English labels at 375 px", { shuffle: false }, () => {
  const browser = useBrowser();
  const note = `本条根据调研中集贸市场经营户的意见修改（${Date.now().toString(36)}），明确了活禽交易区的防疫要求。`;

  it("a drafter writes the note of 第二十五条 on the notes page", async () => {
    const c = await openConsultation();
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.drafter, /\/workspace/);
    await page.goto(`${baseUrl()}/bills/${c.billId}/versions/${c.versionId}`);
    await page.getByRole("link", { name: "编辑起草说明" }).click();
    await page.getByRole("heading", { level: 1, name: /起草说明/ }).waitFor();
    await page.getByLabel("第二十五条的说明").fill(note);
    await page.getByRole("button", { name: "保存说明" }).click();
    await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();
    expect(await page.getByLabel("第二十五条的说明").inputValue()).toBe(note);
    expect(await overflows(page)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("a reader finds it closed under the article, opens it, and the text stays on screen", async () => {
    const c = await openConsultation();
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${baseUrl()}/consultations/${c.id}`);
    const article = page.locator(`[id="p-${c.article25}"]`);
    const disclosure = article.locator("details.provision-note");
    await disclosure.waitFor();
    expect(await disclosure.getAttribute("open")).toBeNull();
    await expect.poll(() => disclosure.locator("p").first().isVisible()).toBe(false);
    await disclosure.locator("summary").click();
    await expect.poll(() => disclosure.getByText(note).isVisible()).toBe(true);
    // The note and the article's text both fit the phone's width.
    const box = await disclosure.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await overflows(page)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    // The article's own page shows it too.
    await page.goto(`${baseUrl()}/consultations/${c.id}/provisions/${c.article25}`);
    const onArticle = page.locator("details.provision-note");
    await onArticle.locator("summary").click();
    await expect.poll(() => onArticle.getByText(note).isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("an English reader reads Article 25 in sentences while the law's text stays Chinese", async () => {
    const c = await openConsultation();
    const page = await browser.newPage({ width: 375, height: 800, locale: "en-US" });
    await page.goto(`${baseUrl()}/consultations/${c.id}/opinions/new?pid=${c.article25}`);
    await page.getByRole("heading", { level: 1, name: "Comment on Article 25" }).waitFor();
    expect(await page.locator("blockquote").innerText()).toMatch(/^第二十五条/);
    expect(await page.locator("body").innerText()).not.toContain("Comment on 第");
    // Regions in English, the Chinese name is what the form sends.
    const option = page.locator('#op-region option[value="崇川区"]');
    expect(await option.innerText()).toBe("Chongchuan District");
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${baseUrl()}/consultations/${c.id}`);
    await page.getByRole("link", { name: "Comment on Article 25" }).waitFor();
    // Every article and chapter link in English: Article 1, Chapter 1 (the text stays Chinese).
    await page.getByRole("link", { name: "Comment on Article 1", exact: true }).waitFor();
    await page.getByRole("link", { name: "Comment on Chapter 1", exact: true }).waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(/Comment on 第/);
    await page.getByText("Explanation", { exact: false }).first().waitFor();
    expect(await overflows(page)).toBe(false);
  });
});
