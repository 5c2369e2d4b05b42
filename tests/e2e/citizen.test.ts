import { describe, expect, it } from "vitest";
import {
  baseUrl,
  demo,
  seriousViolations,
  signIn,
  signOffAndPublish,
  useBrowser,
} from "../support/browser.ts";

// The citizen's whole path on a phone (issue 5): read the open 二审稿, comment on 第二十五条
// with a quote and proposed wording, keep the receipt, find it under 我的意见, see how the
// drafters handled it, and support someone else's opinion. Keys, not the mouse, where it counts.

async function openConsultation(): Promise<{ id: string; article25: string }> {
  const list = (await (await fetch(`${baseUrl()}/api/v1/consultations`)).json()) as {
    consultations: { id: string; billTitle: string; status: string; versionLabel: string }[];
  };
  const open = list.consultations.find(
    (c) => c.billTitle.includes("动物防疫法") && c.status === "open",
  )!;
  const detail = (await (await fetch(`${baseUrl()}/api/v1/consultations/${open.id}`)).json()) as {
    provisions: { pid: string; label: string }[];
  };
  return {
    id: open.id,
    article25: detail.provisions.find((p) => p.label === "第二十五条")!.pid,
  };
}

describe("a citizen on a phone, from reading to the outcome", { shuffle: false }, () => {
  const browser = useBrowser();

  it("comments on 第二十五条 with a quote, sees the receipt, 我的意见 and the disposition, and supports another opinion", async () => {
    const stamp = Date.now().toString(36);
    const { id, article25 } = await openConsultation();
    // Someone else's opinion on the same article, through the public API.
    const other = `建议集贸市场的活禽区与其他区域分开设置（${stamp}）。`;
    const posted = await fetch(`${baseUrl()}/api/v1/consultations/${id}/opinions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": `citizen-${stamp}` },
      body: JSON.stringify({
        provisionPid: article25,
        body: other,
        author: { name: "周明", region: "崇川区", respondentType: "individual" },
      }),
    });
    expect(posted.status).toBe(201);

    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.citizen, /\/me$/);
    await page.goto(`${baseUrl()}/consultations/${id}`);
    await page.getByRole("heading", { level: 1, name: /动物防疫法/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "对第二十五条提意见" }).click();
    await page.getByRole("heading", { level: 1, name: "对第二十五条提意见" }).waitFor();

    // Quote the second sentence with the keyboard: open the quote section, then arrow through
    // the sentences.
    await page.locator(".quote-picker summary").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("radio", { name: "不引用" }).focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const quoted = "县级以上地方人民政府根据本地情况决定在特定区域禁止家畜家禽活体交易。";
    await page.getByText(`将引用：“${quoted}”`).waitFor();
    expect(await page.getByRole("radio", { name: quoted }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    const mine = `禁止活禽交易的区域应当提前公告（${stamp}）。`;
    await page.getByLabel("您的意见").fill(mine);
    await page
      .getByLabel("建议修改为（可选）")
      .fill("县级以上地方人民政府……禁止家畜家禽活体交易，并提前三十日向社会公告。");
    await page.getByRole("button", { name: "提交意见" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "感谢您的意见" }).waitFor();
    const [receipt] = await page.locator(".receipt dd").allInnerTexts();
    expect(receipt).toMatch(/^KM\d{8}/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "我的意见" }).last().click();
    const card = page.locator(".card").filter({ hasText: mine });
    await card.waitFor();
    expect(await card.locator("blockquote").innerText()).toBe(quoted);
    expect(await card.innerText()).toContain("待处理");

    // The drafter handles it on the handling page.
    const drafter = await browser.newPage();
    await signIn(drafter, demo.drafter, /\/workspace$/);
    // The list pages by arrival: the new opinion is found by its words, wherever it sits.
    await drafter.goto(
      `${baseUrl()}/consultations/${id}/handling?handled=no&q=${encodeURIComponent(mine)}`,
    );
    const todo = drafter.locator(".card").filter({ hasText: mine });
    await todo.getByRole("link", { name: "处理", exact: true }).click();
    await todo.getByLabel("处理情况").selectOption("partly_adopted");
    await todo.getByLabel("理由").fill("公告期限将在配套规定中明确。");
    await todo.getByRole("button", { name: "保存并提交审核" }).click();
    await todo.waitFor({ state: "detached" });
    // Submitted is not public: 我的意见 still says 待处理 until the reviewer publishes it.
    await page.reload();
    await card.waitFor();
    expect(await card.innerText()).not.toContain("公告期限将在配套规定中明确。");
    await signOffAndPublish(() => browser.newPage(), id, mine);

    await page.reload();
    await card.getByText("公告期限将在配套规定中明确。").waitFor();
    expect(await card.innerText()).toContain("部分采纳");
    expect(await seriousViolations(page)).toEqual([]);

    // The article's public opinions: the citizen's own, handled; the other one, masked, to support.
    await page.goto(`${baseUrl()}/consultations/${id}`);
    await page.getByRole("link", { name: /^第二十五条：看意见/ }).click();
    await page.getByRole("heading", { level: 1, name: "第二十五条的意见" }).waitFor();
    const own = page.locator(".opinion-card").filter({ hasText: mine });
    expect(await own.innerText()).toContain("处理情况：部分采纳");
    expect(await own.locator("blockquote").innerText()).toBe(quoted);
    const theirs = page.locator(".opinion-card").filter({ hasText: other });
    expect(await theirs.innerText()).toContain("周**");
    expect(await theirs.innerText()).not.toContain("周明");
    expect(await theirs.getByRole("link", { name: "举报" }).getAttribute("href")).toMatch(
      /^\/opinions\/[0-9a-f-]{36}\/report$/,
    );
    await theirs.getByText("0 人附议").waitFor();
    await theirs.getByRole("button", { name: "附议" }).focus();
    await page.keyboard.press("Enter");
    await theirs.getByText("已附议。").waitFor();
    await theirs.getByText("1 人附议").waitFor();
    await theirs.getByRole("button", { name: "取消附议" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Still supported, once, after a reload.
    await page.reload();
    await theirs.getByText("1 人附议").waitFor();
    await theirs.getByRole("button", { name: "取消附议" }).waitFor();
    // Nothing on the page is wider than the phone.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
  });
});
