import { describe, expect, it } from "vitest";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

const DAY = 86_400_000;
const TITLE = "立法法施行情况征求意见";

describe("drafters' consultations in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("a drafter opens a consultation on a reading, extends its deadline, and the public sees the notice and the countdown", async () => {
    // The first submit is refused with 400, which Chromium logs.
    const page = await browser.newPage({ allowConsole: [/status of 400/] });
    await signIn(page, demo.drafter, /\/workspace$/);
    await page.getByRole("link", { name: "中华人民共和国立法法（修正）" }).first().click();
    await page.getByRole("link", { name: "就公布稿发起征求意见" }).click();
    await page.getByRole("heading", { level: 1, name: "发起征求意见" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A deadline before the start is explained, and the typed values stay.
    await page.getByLabel("标题").fill(TITLE);
    await page.getByLabel("说明").fill("欢迎就立法法的施行情况提出意见和建议。");
    const opensAt = await page.getByLabel("开始时间").inputValue();
    await page.getByLabel("截止时间").fill("2020-01-01T09:00");
    await page.getByRole("button", { name: "发起征求意见" }).click();
    await page.getByText("截止时间必须晚于开始时间。").waitFor();
    expect(await page.getByLabel("标题").inputValue()).toBe(TITLE);
    expect(await page.getByLabel("开始时间").inputValue()).toBe(opensAt);

    const closes = new Date(Date.now() + 10 * DAY);
    await page.getByLabel("截止时间").fill(utcToZonedLocal(closes, "Asia/Shanghai"));
    await page.getByRole("checkbox", { name: "座谈会" }).check();
    await page.getByRole("button", { name: "发起征求意见" }).click();
    await page.getByText("征求意见已发起。").waitFor();
    expect(page.url()).toMatch(/\/consultations\/[0-9a-f-]{36}\/manage\?done=created$/);
    await page.getByText("征求意见中").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Extend by a month, with an explanation.
    const extended = new Date(Date.now() + 40 * DAY);
    const extendedLocal = utcToZonedLocal(extended, "Asia/Shanghai");
    await page.getByLabel("新的截止时间").fill(extendedLocal);
    await page.getByLabel("公告说明（可选）").fill("应基层立法联系点要求，延长征求意见期限。");
    await page.getByRole("button", { name: "延长并发布公告" }).click();
    await page.getByText(/截止时间已延长至 .*，公告已发布。/).waitFor();
    const [y, m, d] = extendedLocal.slice(0, 10).split("-").map(Number);
    const dateText = `${y}年${m}月${d}日`;

    // The public page, for anyone: the notice and the new deadline.
    const visitor = await browser.newPage({ width: 375, height: 800 });
    await visitor.goto(`${baseUrl()}${new URL(page.url()).pathname.replace(/\/manage$/, "")}`);
    const notice = visitor.locator(".consultation-notice");
    await notice.getByText(`征求意见截止时间已延长至 ${dateText}`, { exact: false }).waitFor();
    expect(await notice.innerText()).toContain("应基层立法联系点要求，延长征求意见期限。");
    expect(await visitor.locator(".deadline").first().innerText()).toContain(dateText);
    expect(await seriousViolations(visitor)).toEqual([]);

    // The list: open first, with the live countdown (rendered by the server too).
    await visitor
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "征求意见" })
      .click();
    await visitor.getByRole("heading", { level: 1, name: "征求意见" }).waitFor();
    const row = visitor.locator(".consultation-row").filter({ hasText: TITLE });
    expect(await row.innerText()).toMatch(/剩余 (39|40) 天 \d+ 小时/);
    expect(await row.innerText()).toContain("中华人民共和国立法法（修正）");
    expect(await row.innerText()).toContain("公布稿");
    const statuses = await visitor.locator(".consultation-row .tag:first-child").allInnerTexts();
    expect(statuses.indexOf("征求意见中")).toBe(0);
    expect(statuses.lastIndexOf("征求意见中")).toBeLessThan(
      statuses.findIndex((s) => s !== "征求意见中") === -1
        ? Infinity
        : statuses.findIndex((s) => s !== "征求意见中"),
    );
    expect(await seriousViolations(visitor)).toEqual([]);
    const html = await (await visitor.request.get(`${baseUrl()}/consultations`)).text();
    expect(html).toMatch(/剩余 (39|40) 天 \d+ 小时/);
    await visitor.screenshot({ path: "/tmp/consultations-list-375.png", fullPage: true });

    // A citizen cannot open one.
    const citizen = await browser.newPage({ allowConsole: [/status of 403/] });
    await signIn(citizen, demo.citizen, /\/me$/);
    const refused = await citizen.goto(`${baseUrl()}${new URL(page.url()).pathname}`);
    expect(refused?.status()).toBe(403);
  });
});
