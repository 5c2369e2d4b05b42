import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { postSurveyTitle, preSurveyTitle } from "../../cli/seed/surveys.ts";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// A survey's results on a phone (issue 17 item 2): the public reads the demo's published
// 立法前评估 results — a picture and a table per question, the drafters' summary of the written
// answers, never the answers themselves; a drafter searches the written answers, then publishes
// the open 立法后评估's results with a summary (the public then reads them) and withdraws them
// again, which leaves the demo as it was.

async function phone(browser: ReturnType<typeof useBrowser>): Promise<Page> {
  // The unpublished results page answers 404, which Chromium logs; the 404 is what is checked.
  return browser.newPage({ width: 375, height: 800, allowConsole: [/status of 404/] });
}

/** The survey's page URL, found as a visitor finds it: in the list of surveys. */
async function surveyUrl(page: Page, title: string): Promise<string> {
  await page.goto(`${baseUrl()}/surveys`);
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  return page.url().replace(/[?#].*$/, "");
}

describe("survey results on a phone", { shuffle: false }, () => {
  const browser = useBrowser();

  it("shows the public the published results as charts and tables, without the written answers", async () => {
    const page = await phone(browser);
    await page.goto(`${baseUrl()}/surveys`);
    const card = page.locator("li").filter({ hasText: preSurveyTitle });
    await card.getByRole("link", { name: "查看调研结果" }).click();
    await page.getByRole("heading", { level: 1, name: preSurveyTitle }).waitFor();
    await page.getByText("共收到有效答卷 320 份").waitFor();

    const first = page.locator(".survey-question").first();
    // The picture's accessible name says what it shows; the table holds the same numbers.
    await expect
      .poll(() => first.getByRole("img").getAttribute("aria-label"))
      .toMatch(/^第 1 题，320 人作答：/);
    const table = first.getByRole("table", { name: "第 1 题的结果" });
    expect(await table.getByRole("row").count()).toBe(6);
    await table.getByRole("rowheader", { name: "养殖场（户）" }).waitFor();

    // The conditional question counts only those shown it; article questions name the article.
    const farmers = page.locator(".survey-question").nth(3);
    expect(await farmers.innerText()).toContain("仅向第 1 题选择“养殖场（户）”的人显示");
    await page.getByText("针对第五十四条").waitFor();
    await page.getByText("起草人员的归纳").first().waitFor();
    expect(await page.locator("main").innerText()).not.toContain("文字回答（仅起草人员可见）");
    expect(await page.locator("main").innerText()).not.toContain("收集暂存点，统一转运");

    // The filter narrows the counts to the paper questionnaires.
    await page.getByLabel("渠道").selectOption("paper");
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    await page.getByText(/符合筛选条件的答卷 \d+ 份/).waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
  });

  it("lets a drafter search the written answers, publish results with a summary and withdraw them", async () => {
    const visitor = await phone(browser);
    const post = await surveyUrl(visitor, postSurveyTitle);
    expect((await visitor.goto(`${post}/results`))?.status()).toBe(404);

    const drafter = await phone(browser);
    await signIn(drafter, demo.drafter, /\/workspace$/);
    const pre = await surveyUrl(drafter, preSurveyTitle);
    await drafter.goto(`${pre}/results`);
    await drafter.getByLabel("在文字回答中查找").fill("暂存点");
    await drafter.getByRole("button", { name: "查找" }).click();
    await drafter
      .getByText(/含“暂存点”的回答 \d+ 条/)
      .first()
      .waitFor();
    const panel = drafter.locator(".survey-texts").first();
    expect(await panel.innerText()).toContain("建议在每个乡镇设立病死动物收集暂存点");
    await panel
      .getByText(/\d+ 条相似（其中纸质 \d+ 条）/)
      .first()
      .waitFor();

    await drafter.goto(`${post}/results`);
    await drafter.getByText("结果尚未公布，只有起草人员能看到这个页面。").waitFor();
    expect(await seriousViolations(drafter)).toEqual([]);
    const summary = "多数受访者认为犬只登记情况有所改善，基层执法力量仍然不足。";
    await drafter.getByLabel(/第 4 题的归纳/).fill(summary);
    await drafter.getByRole("button", { name: "公布结果" }).click();
    await drafter.getByText("结果已公布。").waitFor();

    const answer = await visitor.goto(`${post}/results`);
    expect(answer?.status()).toBe(200);
    await visitor.getByRole("heading", { level: 1, name: postSurveyTitle }).waitFor();
    await visitor.getByText(summary).waitFor();
    await visitor.getByRole("table", { name: "第 2 题的结果" }).waitFor();
    expect(await seriousViolations(visitor)).toEqual([]);

    await drafter.getByRole("button", { name: "撤回" }).click();
    await drafter.getByText("结果已撤回。").waitFor();
    expect((await visitor.goto(`${post}/results`))?.status()).toBe(404);
  });
});
