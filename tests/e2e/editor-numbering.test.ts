import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, signIn, useBrowser } from "../support/browser.ts";

// Numbers as a drafter sees them in the editor: labels drawn beside the text, the outline, and
// cross-references, after the structural commands that renumber.

const articles = (page: Page) => page.locator(".ProseMirror .kaimen-article");
const articleText = (page: Page, n: number) =>
  articles(page)
    .nth(n - 1)
    .locator(".kaimen-para-text")
    .first();
/** The label drawn before each article's text, in order, as a reader sees them. */
const drawnArticleLabels = (page: Page) =>
  page
    .locator(".ProseMirror .kaimen-article")
    .evaluateAll((nodes) =>
      nodes.map((node) => node.querySelector(".kaimen-label-article")?.textContent ?? ""),
    );
const outlineArticles = (page: Page) =>
  page.locator(".outline li.outline-article .outline-jump").allInnerTexts();

async function newBill(page: Page, title: string): Promise<void> {
  await page.goto(`${baseUrl()}/bills/new`);
  await page.getByLabel("法规名称").fill(title);
  await page.getByRole("button", { name: "创建并开始起草" }).click();
  await page.waitForURL(/\/bills\/[^/]+\/edit$/);
  await page.locator(".ProseMirror").waitFor();
}

async function typeArticles(page: Page, texts: string[]): Promise<void> {
  await articleText(page, 1).click();
  for (const [index, text] of texts.entries()) {
    if (index > 0) await page.keyboard.press("Control+Enter");
    await page.keyboard.type(text);
  }
  await expect.poll(() => articles(page).count()).toBe(texts.length);
}

const five = ["甲条的内容。", "乙条的内容。", "丙条的内容。", "丁条的内容。", "戊条的内容。"];
const labelsOfFive = ["第一条", "第二条", "第三条", "第四条", "第五条"];

describe("numbers in the drafting editor", { shuffle: false }, () => {
  const browser = useBrowser();

  it("keeps every article's label in the text after 插入章 in the middle of a draft", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await newBill(page, "插入章编号测试条例");
    await typeArticles(page, five);

    // In a draft of bare articles: the articles from the cursor on go into a new chapter.
    await articleText(page, 3).click();
    await page.getByRole("button", { name: "插入章" }).click();
    await page.keyboard.type("管理");
    await expect.poll(() => drawnArticleLabels(page)).toEqual(labelsOfFive);

    // In a draft already in chapters: the chapter is split at the cursor's article.
    await articleText(page, 2).click();
    await page.getByRole("button", { name: "插入章" }).click();
    await page.keyboard.type("监督");
    await expect.poll(() => drawnArticleLabels(page)).toEqual(labelsOfFive);
    await expect
      .poll(async () =>
        (await page.locator(".ProseMirror .kaimen-heading").allInnerTexts()).map((t) => t.trim()),
      )
      .toEqual(["第一章", "第二章监督", "第三章管理"]);
    await expect.poll(async () => (await outlineArticles(page)).length).toBe(5);
  });

  it("shows a cross-reference's current number in the outline after renumbering", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await newBill(page, "引用编号测试条例");
    await typeArticles(page, ["本条例适用于本市。", "依照"]);
    await page.getByLabel("引用条文…").selectOption({ label: "第一条" });
    await page.getByRole("button", { name: "插入引用" }).click();
    await page.keyboard.type("处理。");
    await expect
      .poll(() => outlineArticles(page))
      .toEqual(["第一条 本条例适用于本市。", "第二条 依照第一条处理。"]);

    // Moving the referring article up renumbers the one it cites: 第一条 becomes 第二条.
    await page.getByRole("button", { name: "上移第二条" }).click();
    await expect.poll(() => articles(page).first().innerText()).toMatch(/依照第二条处理/);
    await expect
      .poll(() => outlineArticles(page))
      .toEqual(["第一条 依照第二条处理。", "第二条 本条例适用于本市。"]);
  });
});
