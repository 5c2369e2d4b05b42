import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// 立法项目建议征集 on a phone (issue 17 item 1): the drafters open a call for a plan year; a
// citizen proposes a subject; the drafters triage it into a formal project, link the project to
// the 动物防疫法 bill and publish the plan; the citizen then finds the outcome under 我的, in the
// published plan, and follows the link to the bill.

/** A datetime-local value some days from now (UTC wall time; days apart, so the zone is moot). */
const local = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

async function phone(browser: ReturnType<typeof useBrowser>): Promise<Page> {
  // A refused form answers 400, which Chromium logs; the refusal is what the test checks.
  return browser.newPage({ width: 375, height: 800, allowConsole: [/status of 400/] });
}

describe(
  "a citizen's project proposal, from the call to the plan and its bill",
  { shuffle: false },
  () => {
    const browser = useBrowser();

    it("proposes a subject, and after triage, linking and publication sees it in the plan linked to its bill", async () => {
      const stamp = Date.now().toString(36);
      // A plan year no other run of this file used on this database.
      const year = 2050 + (Date.now() % 45);
      const callTitle = `${year}年度立法计划项目建议征集（${stamp}）`;
      const subject = `修订动物防疫法，完善活禽交易管理（${stamp}）`;

      // The drafter opens the call.
      const drafter = await phone(browser);
      await signIn(drafter, demo.drafter, /\/workspace$/);
      await drafter.goto(`${baseUrl()}/workspace/proposals`);
      await drafter.getByLabel("计划年度").fill(String(year));
      await drafter.getByLabel("标题").fill(callTitle);
      await drafter.getByLabel("开始时间").fill(local(-2));
      await drafter.getByLabel("截止时间").fill(local(30));
      await drafter.getByRole("button", { name: "发起征集" }).click();
      await drafter.getByRole("heading", { level: 1, name: callTitle }).waitFor();
      const manage = drafter.url();
      expect(await seriousViolations(drafter)).toEqual([]);

      // The citizen proposes a subject on a phone.
      const citizen = await phone(browser);
      await signIn(citizen, demo.citizen, /\/me$/);
      await citizen.getByRole("link", { name: "立法建议" }).first().click();
      await citizen.getByRole("heading", { level: 1, name: "立法项目建议征集" }).waitFor();
      expect(await seriousViolations(citizen)).toEqual([]);
      const call = citizen.locator(".card").filter({ hasText: callTitle });
      await call.getByRole("link", { name: "提出建议" }).click();
      await citizen.getByRole("heading", { level: 1, name: callTitle }).waitFor();
      // A blank subject is refused with a clear message, and nothing is filed.
      await citizen.getByRole("button", { name: "提交建议" }).click();
      await citizen.locator("#pr-title-error").getByText("请填写建议项目名称。").waitFor();
      await citizen.getByLabel("建议项目名称").fill(subject);
      await citizen
        .getByLabel("立法理由和必要性")
        .fill("活禽交易市场防疫条件不足，现行规定需要完善。");
      await citizen.getByLabel("需要解决的主要问题").fill("市场开办者防疫责任不明确。");
      await citizen.getByLabel("涉及的现行法律法规").fill("《中华人民共和国动物防疫法》第二十条");
      expect(await seriousViolations(citizen)).toEqual([]);
      await citizen.getByRole("button", { name: "提交建议" }).click();
      await citizen.getByRole("heading", { name: "建议已收到" }).waitFor();
      const [receipt] = await citizen.locator(".receipt dd").allInnerTexts();
      expect(receipt).toMatch(/^JY\d{8}/);

      // The drafter adds the project, triages the proposal into it and links the bill.
      await drafter.goto(manage);
      await drafter.getByLabel("项目名称").fill(`动物防疫法修订（${stamp}）`);
      await drafter.getByRole("button", { name: "新增项目" }).click();
      await drafter.getByText("已保存。").first().waitFor();
      const card = drafter.locator(".card").filter({ hasText: subject });
      await card.getByLabel("处理结果").selectOption("formal");
      await card
        .getByLabel("列入项目")
        .selectOption({ label: `动物防疫法修订（${stamp}）（正式项目）` });
      await card.getByLabel("理由").fill("与国家修法进程一致，列入正式项目。");
      await card.getByRole("button", { name: "保存处理结果" }).click();
      await card.getByText("已保存。").waitFor();

      // Before publication the citizen sees no outcome yet.
      await citizen.goto(`${baseUrl()}/me`);
      const mine = citizen.locator(".card").filter({ hasText: subject });
      await mine.getByText("年度立法计划公布后公开处理结果。").waitFor();

      const project = drafter
        .locator(".plan-projects li")
        .filter({ hasText: `动物防疫法修订（${stamp}）` });
      await project
        .getByLabel("关联法规案")
        .selectOption({ label: "中华人民共和国动物防疫法（修订草案）" });
      await project.getByRole("button", { name: "保存关联" }).click();
      await project.getByText("已保存。").waitFor();
      await drafter.getByLabel("我已核对，确认公布").check();
      await drafter.getByRole("button", { name: "公布年度立法计划" }).click();
      await drafter.getByText(/已公布，已通知 \d+ 条建议的建议人。/).waitFor();

      // The citizen sees the outcome under 我的, in the plan, and follows the link to the bill.
      await citizen.goto(`${baseUrl()}/me`);
      await mine.getByText("列入正式项目").waitFor();
      expect(await mine.innerText()).toContain("与国家修法进程一致，列入正式项目。");
      expect(await seriousViolations(citizen)).toEqual([]);
      await mine.getByRole("link", { name: `查看${year}年度立法计划` }).click();
      await citizen.getByRole("heading", { level: 1, name: `${year}年度立法计划` }).waitFor();
      const entry = citizen
        .locator(".plan-projects li")
        .filter({ hasText: `动物防疫法修订（${stamp}）` });
      expect(await entry.innerText()).toContain(subject);
      expect(await seriousViolations(citizen)).toEqual([]);
      const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
      await entry.getByRole("link", { name: /法规案：中华人民共和国动物防疫法/ }).click();
      await citizen
        .getByRole("heading", { level: 1, name: /动物防疫法/ })
        .first()
        .waitFor();
      expect(citizen.url()).toMatch(/\/bills\/[^/]+\/versions\/[^/]+$/);

      // The notification tells the same.
      await citizen.goto(`${baseUrl()}/notifications`);
      await citizen.getByText(`${year}年度立法计划已公布`).first().waitFor();
    });
  },
);
