import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// 论证 and 咨询 on a phone (issue 17 item 4): the drafter adds an expert to the registry, creates
// a written consultation of experts on the 动物防疫法 二审稿 and invites the expert; the expert,
// without an account, opens the private link, answers article by article, saves and submits;
// the drafter then finds the answer in the handling view under the 论证会/咨询 channel.

/** A datetime-local value some days from now (UTC wall time; days apart, so the zone is moot). */
const local = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

async function phone(browser: ReturnType<typeof useBrowser>): Promise<Page> {
  // A refused form answers 400, which Chromium logs; the refusal is what the test checks.
  return browser.newPage({ width: 375, height: 800, allowConsole: [/status of 400/] });
}

async function fitsThePhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
}

describe(
  "an expert's written answers, from the invitation to the handling view",
  { shuffle: false },
  () => {
    const browser = useBrowser();

    it("invites an expert, who answers per article through the private link; the drafter sees it in the handling", async () => {
      const stamp = Date.now().toString(36);
      const expertName = `吴专家${stamp.slice(-4)}`;
      const reviewTitle = `二审稿动物诊疗专家咨询（${stamp}）`;
      const answer = `建议官方兽医的任命条件由省级主管部门公布（${stamp}）。`;

      // The drafter adds the expert to the registry.
      const drafter = await phone(browser);
      await signIn(drafter, demo.drafter, /\/workspace$/);
      await drafter.goto(`${baseUrl()}/workspace/experts`);
      await drafter.getByRole("heading", { level: 1, name: "专家库" }).waitFor();
      await drafter.getByLabel("姓名", { exact: true }).fill(expertName);
      await drafter.getByLabel("专业领域", { exact: true }).fill("兽医学");
      await drafter.getByLabel("工作单位", { exact: true }).fill("南通农业科学研究院");
      await drafter.getByRole("button", { name: "添加到专家库" }).click();
      await drafter.getByRole("heading", { level: 3, name: expertName }).waitFor();
      expect(await seriousViolations(drafter)).toEqual([]);
      await fitsThePhone(drafter);

      // From the 二审稿 consultation's management page, a new written consultation of experts.
      await drafter.goto(`${baseUrl()}/consultations`);
      await drafter
        .getByRole("link", { name: /二次审议稿/ })
        .first()
        .click();
      await drafter.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
      const consultationId = new URL(drafter.url()).pathname.split("/")[2]!;
      await drafter.goto(`${baseUrl()}/consultations/${consultationId}/manage`);
      await drafter.getByRole("link", { name: "专家论证" }).click();
      await drafter.getByRole("heading", { level: 1, name: "专家论证" }).waitFor();
      await drafter.getByLabel("名称", { exact: true }).fill(reviewTitle);
      await drafter.getByLabel("论证事项和需要专家回答的问题").fill("请就动物诊疗一章提出意见。");
      await drafter.getByLabel("书面意见截止时间").fill(local(10));
      expect(await seriousViolations(drafter)).toEqual([]);
      await drafter.getByRole("button", { name: "创建并邀请专家" }).click();
      await drafter.getByRole("heading", { level: 1, name: reviewTitle }).waitFor();

      // The drafter invites the expert; the private link is shown once.
      await drafter.getByRole("checkbox", { name: new RegExp(expertName) }).check();
      await drafter.getByRole("button", { name: "发出邀请" }).click();
      await drafter.getByRole("heading", { name: "专属链接" }).waitFor();
      const link = (await drafter.locator(".expert-link").first().innerText()).trim();
      expect(link).toMatch(/\/expert\/[A-Za-z0-9_-]{43}$/);
      expect(await seriousViolations(drafter)).toEqual([]);
      await fitsThePhone(drafter);

      // The expert, without an account, opens the link on a phone and answers on an article.
      const expert = await phone(browser);
      await expert.goto(link);
      await expert.getByRole("heading", { level: 1, name: reviewTitle }).waitFor();
      await expert.getByText(`${expertName}：您好！`, { exact: false }).waitFor();
      expect(await seriousViolations(expert)).toEqual([]);
      await fitsThePhone(expert);
      await expert.locator("summary").filter({ hasText: "第六十六条" }).click();
      await expert.getByText("国家实行官方兽医任命制度", { exact: false }).first().waitFor();
      await expert.getByLabel("对第六十六条的意见").fill(answer);
      await expert.getByRole("button", { name: "保存草稿" }).click();
      await expert.getByText("已保存 1 条意见。", { exact: false }).waitFor();
      // Submitting without the declaration of interests is refused with a clear message.
      await expert.getByRole("button", { name: "提交意见" }).click();
      await expert.getByText("请填写利益冲突声明（没有的填“无”）。").first().waitFor();
      await expert.getByLabel("您与本法规事项有无利害关系").fill("无");
      await expert.getByRole("button", { name: "提交意见" }).click();
      await expert.getByText("您的意见已提交，谢谢！", { exact: false }).waitFor();
      expect(await seriousViolations(expert)).toEqual([]);
      await fitsThePhone(expert);

      // The drafter sees the answer on the review page and in the handling view's 论证会/咨询 channel.
      await drafter.reload();
      await drafter.getByText(answer).waitFor();
      await drafter.getByRole("link", { name: "在处理情况中查看专家意见" }).first().click();
      await drafter.waitForURL(/\/handling\?channel=expert_meeting/);
      await drafter.getByText(answer).first().waitFor();
      expect(await seriousViolations(drafter)).toEqual([]);
    });

    it("takes an expert's answers without JavaScript, on a phone", async () => {
      const stamp = Date.now().toString(36);
      const expertName = `郑专家${stamp.slice(-4)}`;
      const answer = `无脚本浏览器中提交的意见（${stamp}）。`;

      // The drafter adds an expert and invites them to the demo's written consultation.
      const drafter = await phone(browser);
      await signIn(drafter, demo.drafter, /\/workspace$/);
      await drafter.goto(`${baseUrl()}/workspace/experts`);
      await drafter.getByLabel("姓名", { exact: true }).fill(expertName);
      await drafter.getByLabel("专业领域", { exact: true }).fill("公共卫生");
      await drafter.getByRole("button", { name: "添加到专家库" }).click();
      await drafter.getByRole("heading", { level: 3, name: expertName }).waitFor();
      await drafter.goto(`${baseUrl()}/consultations`);
      await drafter
        .getByRole("link", { name: /二次审议稿/ })
        .first()
        .click();
      await drafter.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
      const consultationId = new URL(drafter.url()).pathname.split("/")[2]!;
      await drafter.goto(`${baseUrl()}/consultations/${consultationId}/expert-reviews/new`);
      await drafter.getByRole("link", { name: "动物防疫法修订草案二审稿专家书面咨询" }).click();
      await drafter.getByRole("checkbox", { name: new RegExp(expertName) }).check();
      await drafter.getByRole("button", { name: "发出邀请" }).click();
      const link = (await drafter.locator(".expert-link").first().innerText()).trim();

      const expert = await browser.newPage({
        width: 375,
        height: 800,
        javaScript: false,
        allowConsole: [/status of 400/],
      });
      await expert.goto(link);
      await expert.locator("summary").filter({ hasText: "第三十四条" }).click();
      await expert.getByLabel("对第三十四条的意见").fill(answer);
      await expert.getByRole("button", { name: "保存草稿" }).click();
      await expert.getByText("已保存 1 条意见。", { exact: false }).waitFor();
      await expert.getByLabel("您与本法规事项有无利害关系").fill("无");
      await expert.getByRole("button", { name: "提交意见" }).click();
      await expert.getByText("您的意见已提交，谢谢！", { exact: false }).waitFor();
      await fitsThePhone(expert);

      await drafter.goto(
        `${baseUrl()}/consultations/${consultationId}/handling?channel=expert_meeting`,
      );
      await drafter.getByText(answer).first().waitFor();
    });
  },
);
