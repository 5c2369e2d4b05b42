import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// 听证会 on a phone (issue 17 item 3): the drafter creates and announces a hearing on the
// 动物防疫法 二审稿 consultation; a person registers without an account and gets a public number
// (the receipt takes the focus); once registration closes the drafter holds the draw, writes a
// point of the report on an article and publishes it; the public page then shows the seed, the
// drawn list by number and the report, and never the registrant's phone.

const PHONE = "13911112222";
const MINUTE = 60_000;

/** A datetime-local value in Beijing time (the server's zone), `ms` from now, rounded up. */
function beijing(ms: number): string {
  const at = Math.ceil((Date.now() + ms) / MINUTE) * MINUTE;
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
}

async function phone(browser: ReturnType<typeof useBrowser>): Promise<Page> {
  return browser.newPage({ width: 375, height: 800 });
}

describe("a hearing, from the announcement to the published report", { shuffle: false }, () => {
  const browser = useBrowser();

  it(
    "registers, is drawn to speak, and reads the published report",
    { timeout: 600_000 },
    async () => {
      const stamp = Date.now().toString(36);
      const title = `动物防疫法立法听证会（${stamp}）`;

      // The drafter finds the 二审稿 consultation and creates a hearing on it.
      const drafter = await phone(browser);
      await signIn(drafter, demo.drafter, /\/workspace$/);
      await drafter.goto(`${baseUrl()}/consultations`);
      await drafter
        .getByRole("link", { name: /二次审议稿 公开征求意见/ })
        .first()
        .click();
      await drafter.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
      const consultation = drafter.url();
      await drafter.goto(`${consultation}/manage`);
      await drafter.getByRole("link", { name: "听证会", exact: true }).click();
      await drafter.getByRole("heading", { level: 1, name: "本次征求意见的听证会" }).waitFor();
      await drafter.getByLabel("名称", { exact: true }).fill(title);
      await drafter.getByLabel("听证事项（每行一项）").fill("饲养犬只是否应当凭免疫证明办理登记");
      await drafter.getByLabel("地点").fill("市人大常委会第一会议室");
      await drafter.getByLabel("陈述人名额").fill("1");
      await drafter.getByLabel("候补名额").fill("0");
      // Registration closes in about two minutes; the hearing is held when it closes.
      const closes = beijing(2 * MINUTE);
      await drafter.getByLabel("报名开始").fill(beijing(-60 * MINUTE));
      await drafter.getByLabel("报名截止").fill(closes);
      await drafter.getByLabel("举行时间").fill(closes);
      await drafter.getByRole("button", { name: "保存听证会" }).click();
      await drafter.getByRole("heading", { level: 1, name: title }).waitFor();
      const manage = drafter.url().replace(/\?.*$/, "");
      expect(manage).toMatch(/\/workspace\/hearings\/[0-9a-f-]{36}$/);
      expect(await seriousViolations(drafter)).toEqual([]);
      await drafter.getByRole("button", { name: "发布听证会" }).click();
      await drafter.getByText("已发布。").waitFor();
      const hearingUrl = manage.replace("/workspace/hearings/", "/hearings/");

      // Someone without an account registers on a phone; the receipt takes the focus.
      const person = await phone(browser);
      await person.goto(hearingUrl);
      await person.getByRole("heading", { level: 1, name: title }).waitFor();
      expect(await seriousViolations(person)).toEqual([]);
      await person.getByLabel("姓名或单位名称").fill("欧阳报名");
      await person.getByLabel("赞成", { exact: true }).check();
      await person.getByLabel("准备陈述的主要观点").fill("赞成凭免疫证明登记，建议电子化查验。");
      await person.getByLabel("电话", { exact: true }).fill(PHONE);
      await person.getByLabel("我同意起草部门为听证工作使用我的联系方式。").check();
      await person.getByRole("button", { name: "提交报名" }).click();
      await person.getByRole("heading", { level: 1, name: "报名成功" }).waitFor();
      await expect
        .poll(() => person.evaluate(() => document.activeElement?.className ?? ""))
        .toContain("hearing-receipt");
      const number = (await person.locator(".receipt dd").first().innerText()).trim();
      expect(number).toMatch(/^\d+ 号$/);
      expect(await seriousViolations(person)).toEqual([]);

      // The drafter sees the registration with its contact, and draws once registration closes.
      await drafter.goto(manage);
      await drafter.getByText(PHONE).waitFor();
      const drawButton = drafter.getByRole("button", { name: "进行遴选" });
      for (let i = 0; i < 40 && !(await drawButton.isVisible()); i++) {
        await drafter.waitForTimeout(10_000);
        await drafter.reload();
      }
      await drawButton.click();
      await drafter.getByText(/遴选完成：陈述人 1 名/).waitFor();

      // The report: a point on an article, with the committee's response; then published.
      await drafter.getByLabel("涉及条款").selectOption({ index: 1 });
      await drafter
        .getByLabel("主要观点", { exact: true })
        .fill("陈述人赞成凭免疫证明办理养犬登记。");
      await drafter.getByLabel("委员会的回应").fill("委员会将研究免疫证明的电子化查验。");
      await drafter.getByRole("button", { name: "添加陈述意见" }).click();
      await drafter.getByText("已添加陈述意见。").waitFor();
      await drafter.getByRole("button", { name: "公布听证报告" }).click();
      await drafter.getByText(/听证报告已公布，1 条陈述意见已进入意见处理。/).waitFor();

      // The public page: the seed, the drawn list by number, the report, no phone.
      await person.goto(hearingUrl);
      await person.getByRole("heading", { name: "听证报告" }).waitFor();
      const table = person.locator(".hearing-draw-table");
      expect(await table.innerText()).toContain(number);
      expect(await table.innerText()).toContain("陈述人");
      expect(await person.locator("body").innerText()).toContain(
        "委员会将研究免疫证明的电子化查验。",
      );
      expect(await person.locator("code.hash").count()).toBe(2);
      const html = await person.content();
      expect(html).not.toContain(PHONE);
      // The drawn list names registrations by number; the report names the speaker who spoke.
      expect(await table.innerText()).not.toContain("欧阳报名");
      expect(await seriousViolations(person)).toEqual([]);
      const width = await person.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
    },
  );
});
