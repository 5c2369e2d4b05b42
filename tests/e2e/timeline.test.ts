import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// One timeline (issue 17 item 5), on a phone: a citizen follows the 动物防疫法 lineage from the
// open consultation to the bill's timeline — the proposal it came from, the plan, the survey before
// drafting, each reading with its comment periods, hearing and expert review, the adoption and the
// evaluation open now — and opens a stage from it; the coordinator's dashboard lists the other
// calls open now.

describe("a bill's timeline and the open calls, on a phone", { shuffle: false }, () => {
  const browser = useBrowser();

  it("leads a citizen from the consultation to every public stage of the bill", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${baseUrl()}/consultations`);
    await page
      .getByRole("link", { name: /动物防疫法（修订草案）二次审议稿/ })
      .first()
      .click();
    await page.getByRole("link", { name: "查看本法规案的立法进程" }).click();
    await page.getByRole("heading", { level: 1, name: /立法进程/ }).waitFor();

    const timeline = page.locator("ol.timeline");
    const text = await timeline.innerText();
    // Before drafting: the proposal that became the bill and the plan that listed it.
    expect(text).toContain("修订《中华人民共和国动物防疫法》");
    expect(text).toContain("列入正式项目");
    expect(text).toContain("2020年度立法计划");
    // The readings, each with its comment period beneath it, and the adoption.
    for (const label of ["现行文本", "一审稿", "二审稿", "公布稿"]) expect(text).toContain(label);
    // The 立法前评估 with its published results (cli/seed/surveys.ts).
    const survey = timeline
      .locator(":scope > li")
      .filter({ hasText: "《中华人民共和国动物防疫法（修订草案）》立法前评估问卷" })
      .first();
    expect(await survey.innerText()).toMatch(/立法调研[\s\S]*调研结果已公布（320 份答卷）/);
    // The second reading carries its comment period, hearing and expert review beneath it.
    const second = timeline.locator(":scope > li").filter({ hasText: "二审稿" });
    const onSecond = await second.locator(".timeline-children").innerText();
    expect(onSecond).toMatch(/公开征求意见[\s\S]*正在进行/);
    expect(onSecond).toMatch(/立法听证[\s\S]*听证报告已公布/);
    expect(onSecond).toMatch(/专家论证[\s\S]*正在进行[\s\S]*书面征求专家意见，\d+ 位专家/);
    // After the adoption, the evaluation open now.
    const evaluation = timeline
      .locator(":scope > li")
      .filter({ hasText: "《中华人民共和国动物防疫法》实施情况立法后评估问卷" })
      .first();
    expect(await evaluation.innerText()).toMatch(/正在进行/);
    expect(await seriousViolations(page)).toEqual([]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);

    // A stage opens its page and its outcome: the hearing's report, the plan that listed the bill.
    // The demo's hearing is the earliest on the reading (other tests may hold their own).
    await second
      .getByRole("link", { name: /听证报告已公布/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: /立法听证会/ }).waitFor();
    await page.goBack();
    await timeline.getByRole("link", { name: "2020年度立法计划" }).click();
    await page.getByRole("heading", { level: 1, name: "2020年度立法计划" }).waitFor();
  });

  it("shows the coordinator every call open now, beside the drafts open for comment", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.coordinator, /\/coordinator$/);
    const calls = page.locator("section[aria-labelledby=open-calls]");
    await calls.getByRole("heading", { name: "立法各阶段正在征集" }).waitFor();
    // This year's call for next year's plan (cli/seed/proposals.ts).
    // Other tests of the run may open calls of their own; the demo's is one of them.
    const proposalCall = calls
      .locator("li")
      .filter({ hasText: /立法项目建议\s*\d{4}年度立法计划项目建议征集南通/ })
      .first();
    expect(await proposalCall.innerText()).toMatch(/年度立法计划项目建议征集/);
    // The 立法后评估 open on the adopted text (cli/seed/surveys.ts).
    expect(await calls.innerText()).toContain("实施情况立法后评估问卷");
    expect(await seriousViolations(page)).toEqual([]);
    await proposalCall.getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: "立法项目建议征集" }).waitFor();
  });
});
