import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// 调研问卷 on a phone (issue 17 item 2): the drafters build a survey on the 动物防疫法 first
// reading with an article question shown only to those who keep animals, and publish it; a
// citizen answers without an account, sees the article's text beside its question and gets a
// receipt (focus on it); the contact point's coordinator enters two paper questionnaires.

async function phone(browser: ReturnType<typeof useBrowser>): Promise<Page> {
  // A refused form answers 400, which Chromium logs; the refusal is what the test checks.
  return browser.newPage({ width: 375, height: 800, allowConsole: [/status of 400/] });
}

/** The page is no wider than the phone. */
async function fits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

describe(
  "a survey with an article question, answered online and on paper",
  { shuffle: false },
  () => {
    const browser = useBrowser();

    it("is built and published by a drafter, answered by a citizen, and entered on paper by a coordinator", async () => {
      const stamp = Date.now().toString(36);
      const title = `动物防疫法草案免疫登记调研（${stamp}）`;

      // The drafter makes the survey on the first reading.
      const drafter = await phone(browser);
      await signIn(drafter, demo.drafter, /\/workspace$/);
      await drafter.getByRole("link", { name: "调研问卷" }).click();
      await drafter.getByRole("heading", { level: 1, name: "调研问卷" }).waitFor();
      await drafter.getByRole("link", { name: "新建问卷" }).click();
      await drafter
        .getByLabel("调研对象")
        .selectOption({ label: "中华人民共和国动物防疫法（修订草案）" });
      await drafter.getByLabel("问卷标题").fill(title);
      await drafter.getByLabel("用途").selectOption("reading");
      await drafter
        .getByLabel("所依据的文本")
        .selectOption({ label: "一审稿：中华人民共和国动物防疫法（修订草案）" });
      expect(await seriousViolations(drafter)).toEqual([]);
      await drafter.getByRole("button", { name: "保存并添加题目" }).click();
      await drafter.getByRole("heading", { level: 1, name: title }).waitFor();

      const add = drafter.getByRole("region", { name: "添加题目" });
      // A choice question needs two options: refused with the reason, nothing added.
      await add.getByLabel("题目", { exact: true }).fill("您是否从事动物饲养？");
      await add.getByLabel("选项，每行一个").fill("是");
      await add.getByRole("button", { name: "添加" }).click();
      await add.getByText("单选题和多选题至少需要两个选项。").waitFor();
      await add.getByLabel("选项，每行一个").fill("是\n否");
      await add.getByLabel("必答").check();
      await add.getByRole("button", { name: "添加" }).click();
      await drafter.getByRole("heading", { name: "1. 您是否从事动物饲养？" }).waitFor();

      // The article question, shown only to those who answered 是.
      await add.getByLabel("题目", { exact: true }).fill("您是否赞成本条关于免疫的规定？");
      await add.getByLabel("选项，每行一个").fill("赞成\n不赞成\n说不清");
      await add.getByLabel("必答").check();
      const articles = await add.getByLabel("针对的条款").locator("option").allInnerTexts();
      const article = articles.find((o) => o.startsWith("第十七条"))!;
      expect(article).toBeDefined();
      await add.getByLabel("针对的条款").selectOption({ label: article });
      await add.getByLabel("是", { exact: true }).check();
      await add.getByRole("button", { name: "添加" }).click();
      await drafter.getByRole("heading", { name: "2. 您是否赞成本条关于免疫的规定？" }).waitFor();
      await drafter.getByText("第 1 题选择“是”时回答").waitFor();

      await add.getByLabel("题型").selectOption("text");
      await add.getByLabel("题目", { exact: true }).fill("其他意见和建议");
      await add.getByRole("button", { name: "添加" }).click();
      await drafter.getByRole("heading", { name: "3. 其他意见和建议" }).waitFor();
      expect(await seriousViolations(drafter)).toEqual([]);
      await fits(drafter);
      await drafter.getByRole("button", { name: "发布", exact: true }).click();
      await drafter.getByText("问卷已发布。").waitFor();

      // A citizen without an account answers on a phone.
      const citizen = await phone(browser);
      await citizen.goto(`${baseUrl()}/surveys`);
      await citizen.getByRole("heading", { level: 1, name: "调研问卷" }).waitFor();
      expect(await seriousViolations(citizen)).toEqual([]);
      await citizen.getByRole("link", { name: title }).click();
      await citizen.getByRole("heading", { level: 1, name: title }).waitFor();
      const articleQuestion = citizen.getByRole("group", { name: /您是否赞成本条关于免疫的规定/ });
      // Shown once 是 is chosen, with the provision's text beside it.
      await articleQuestion.waitFor({ state: "hidden" });
      await citizen
        .getByRole("group", { name: /您是否从事动物饲养/ })
        .getByLabel("是", { exact: true })
        .check();
      await articleQuestion.waitFor();
      const provision = articleQuestion.locator(".survey-provision");
      expect(await provision.innerText()).toContain("涉及条款：第十七条");
      expect((await provision.locator("blockquote").innerText()).length).toBeGreaterThan(10);
      expect(await seriousViolations(citizen)).toEqual([]);
      await fits(citizen);
      // Required when shown: submitting without it is refused on the server, the choice kept.
      await citizen.getByRole("button", { name: "提交问卷" }).click();
      await citizen.getByText("这道题必须回答。").waitFor();
      await articleQuestion.getByLabel("赞成", { exact: true }).check();
      await citizen.getByLabel("其他意见和建议").fill("建议对农村散养犬只开展上门免疫。");
      await citizen.getByRole("button", { name: "提交问卷" }).click();
      await citizen.getByRole("heading", { name: "问卷已提交" }).waitFor();
      const receipt = await citizen.locator(".receipt dd").innerText();
      expect(receipt).toMatch(/^DY\d{8}[A-Z0-9]{6}$/);
      expect(await citizen.evaluate(() => document.activeElement?.id)).toBe("survey-receipt-title");
      expect(await seriousViolations(citizen)).toEqual([]);

      // The coordinator enters two paper questionnaires from a meeting.
      const coordinator = await phone(browser);
      await signIn(coordinator, demo.coordinator, /\/coordinator$/);
      await coordinator.getByRole("link", { name: "调研问卷：录入纸质问卷" }).click();
      await coordinator.getByRole("link", { name: title }).click();
      await coordinator.getByRole("link", { name: "录入本联系点收集的纸质问卷" }).click();
      await coordinator.getByRole("heading", { level: 1, name: "录入纸质问卷" }).waitFor();
      expect(await seriousViolations(coordinator)).toEqual([]);
      await fits(coordinator);
      await coordinator.getByLabel("来源（如座谈会、走访、意见箱）").fill("社区养殖户座谈会");
      await coordinator
        .getByRole("group", { name: /您是否从事动物饲养/ })
        .getByLabel("否", { exact: true })
        .check();
      await coordinator.getByRole("button", { name: "保存这份答卷" }).click();
      await coordinator.getByText(/已保存，编号 DY\d{8}/).waitFor();
      await coordinator.getByText("本联系点已录入 1 份。").waitFor();
      // The source stays for the next one; the answers start empty.
      expect(await coordinator.getByLabel("来源（如座谈会、走访、意见箱）").inputValue()).toBe(
        "社区养殖户座谈会",
      );
      const yes = coordinator
        .getByRole("group", { name: /您是否从事动物饲养/ })
        .getByLabel("是", { exact: true });
      expect(await yes.isChecked()).toBe(false);
      await yes.check();
      await coordinator
        .getByRole("group", { name: /您是否赞成本条关于免疫的规定/ })
        .getByLabel("不赞成", { exact: true })
        .check();
      await coordinator.getByRole("button", { name: "保存这份答卷" }).click();
      await coordinator.getByText("本联系点已录入 2 份。").waitFor();
      expect(await seriousViolations(coordinator)).toEqual([]);
    });
  },
);
