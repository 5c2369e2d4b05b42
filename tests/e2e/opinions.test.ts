import { describe, expect, it } from "vitest";
import {
  baseUrl,
  demo,
  seriousViolations,
  signIn,
  signOffAndPublish,
  useBrowser,
} from "../support/browser.ts";

describe("a citizen's opinion in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("comments on 第二十五条 on a phone without an account, gets a receipt, and looks it up", async () => {
    // The first submit lacks consent and is answered 400, which Chromium logs.
    const page = await browser.newPage({
      width: 375,
      height: 800,
      allowConsole: [/status of 400/],
    });
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await page.getByRole("link", { name: "对第二十五条提意见" }).click();
    await page.getByRole("heading", { level: 1, name: "对第二十五条提意见" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("您的意见").fill("建议明确集贸市场动物防疫条件的检查频次。");
    await page.getByLabel("建议修改为（可选）").fill("农业农村主管部门每季度至少检查一次。");
    await page.getByLabel("称呼（可选）").fill("李四");
    await page.getByLabel("所在地区").selectOption("通州区");
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.getByText("请先阅读并同意个人信息的使用说明。").waitFor();
    await page.getByLabel(/我已阅读并同意/).check();
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.getByRole("heading", { name: "感谢您的意见" }).waitFor();
    const [receipt, code] = await page.locator(".receipt dd").allInnerTexts();
    expect(receipt).toMatch(/^KM\d{8}/);

    await page.getByRole("link", { name: "查询意见处理情况" }).click();
    await page.getByLabel("查询码").fill(code!);
    await page.getByRole("button", { name: "查询" }).click();
    await page
      .locator(".lookup-result")
      .getByText("建议明确集贸市场动物防疫条件的检查频次。")
      .waitFor();
    expect(page.url()).not.toContain(code!);
    expect(await page.locator(".lookup-result").innerText()).toContain("待处理");

    // The article now shows that it has an opinion.
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await page
      .getByRole("link", { name: "对第二十五条提意见" })
      .getByText(/已有 [1-9]/)
      .waitFor();
  });

  it("files a signed-in citizen's opinion under 我的意见", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.citizen, /\/me$/);
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await page.getByRole("link", { name: "对草案整体提意见" }).click();
    await page.getByText("将以 张市民 的身份提交。").waitFor();
    await page.getByLabel("您的意见").fill("希望草案公布后配套发布通俗解读。");
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.getByText("您可以在“我的意见”中查看这条意见及其处理情况。").waitFor();
    await page.getByRole("link", { name: "我的意见" }).first().click();
    await page.getByText("希望草案公布后配套发布通俗解读。").waitFor();
    expect(
      await page
        .locator(".card")
        .filter({ hasText: "希望草案公布后配套发布通俗解读。" })
        .innerText(),
    ).toContain("草案整体");
  });

  it("closes the loop: a drafter handles the citizen's opinion with a reason, and the citizen sees it", async () => {
    const citizen = await browser.newPage();
    await signIn(citizen, demo.citizen, /\/me$/);
    await citizen.goto(`${baseUrl()}/`);
    await citizen.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).click();
    await citizen.getByRole("link", { name: "对第三十条提意见" }).click();
    await citizen
      .getByLabel("您的意见")
      .fill("建议本条规定的检疫申报也可以通过手机小程序提交，并在当日告知受理结果。");
    await citizen.getByRole("button", { name: "提交意见" }).click();
    await citizen.getByRole("heading", { name: "感谢您的意见" }).waitFor();

    const drafter = await browser.newPage();
    await signIn(drafter, demo.drafter, /\/workspace$/);
    await drafter.getByRole("link", { name: "处理意见" }).first().click();
    await drafter.getByRole("heading", { level: 1, name: "意见处理" }).waitFor();
    expect(await seriousViolations(drafter)).toEqual([]);
    // The list pages by arrival: the new opinion is found among the unhandled by its words.
    const words = "建议本条规定的检疫申报也可以通过手机小程序提交，并在当日告知受理结果。";
    const todo = new URL(drafter.url());
    todo.searchParams.set("handled", "no");
    todo.searchParams.set("q", words);
    await drafter.goto(todo.toString());
    const card = drafter.locator(".card").filter({ hasText: words });
    // One row is opened at a time: 处理 opens this one's form.
    await card.getByRole("link", { name: "处理", exact: true }).click();
    await card.getByLabel("处理情况").selectOption("adopted");
    await card.getByLabel("理由").fill("已在第三十条增加网上办理的规定。");
    await card.getByRole("button", { name: "保存并提交审核" }).click();
    // Handled now, it leaves the 未处理 list: the unfiltered list shows its recorded decision.
    await card.waitFor({ state: "detached" });
    const all = new URL(drafter.url());
    all.searchParams.delete("handled");
    await drafter.goto(all.toString());
    await card.getByText("待审核", { exact: true }).first().waitFor();
    // The citizen sees it once the reviewer has signed it off and published it.
    await signOffAndPublish(() => browser.newPage(), all.pathname.split("/")[2]!, words);

    await citizen.goto(`${baseUrl()}/me`);
    const mine = citizen.locator(".card").filter({
      hasText: "建议本条规定的检疫申报也可以通过手机小程序提交，并在当日告知受理结果。",
    });
    await mine.getByText("已在第三十条增加网上办理的规定。").waitFor();
    expect(await mine.innerText()).toContain("采纳");
  });
});
