import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

/** Files an opinion on the open 二审稿 consultation through the public API, as a visitor would. */
async function fileOpinion(body: string): Promise<{ id: string; consultationId: string }> {
  const list = (await (await fetch(`${baseUrl()}/api/v1/consultations`)).json()) as {
    consultations: { id: string; status: string }[];
  };
  const consultation = list.consultations.find((c) => c.status === "open")!;
  const res = await fetch(`${baseUrl()}/api/v1/consultations/${consultation.id}/opinions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify({ scope: "draft", body, author: { name: "赵六", region: "海门区" } }),
  });
  expect(res.status).toBe(201);
  const answer = (await res.json()) as { id: string };
  return { id: answer.id, consultationId: consultation.id };
}

async function publicIds(consultationId: string): Promise<string[]> {
  const res = await fetch(`${baseUrl()}/api/v1/consultations/${consultationId}/opinions?limit=100`);
  const data = (await res.json()) as { opinions: { id: string }[] };
  return data.opinions.map((o) => o.id);
}

describe("moderation in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("a moderator hides an opinion with a reason, restores it, and reads its record", async () => {
    const text = `浏览器测试意见 ${Date.now()}：建议删除第十条中的重复表述。`;
    const { id, consultationId } = await fileOpinion(text);
    expect(await publicIds(consultationId)).toContain(id);

    const page = await browser.newPage();
    await signIn(page, demo.moderator, /\/moderation$/);
    await page.getByRole("heading", { level: 1, name: "意见审核" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "已公开" }).click();
    await page.waitForURL(/view=published/);
    const card = page.locator(".moderation-item", { hasText: text });
    // Keyboard: type the reason and press Enter to submit the form.
    await card.getByLabel("屏蔽理由").fill("含有与草案无关的广告内容");
    await card.getByLabel("屏蔽理由").press("Enter");
    await page.getByRole("status").getByText("已屏蔽。").waitFor();
    expect(await publicIds(consultationId)).not.toContain(id);

    await page.getByRole("link", { name: "已屏蔽" }).click();
    await page.waitForURL(/view=hidden/);
    const hidden = page.locator(".moderation-item", { hasText: text });
    await hidden.getByText("屏蔽理由：含有与草案无关的广告内容").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await hidden.getByRole("button", { name: "恢复公开" }).click();
    await page.getByRole("status").getByText("已恢复公开。").waitFor();
    expect(await publicIds(consultationId)).toContain(id);

    await page.goto(`${baseUrl()}/moderation/opinions/${id}`);
    const log = page.locator("table.moderation-log");
    await log.getByRole("cell", { name: "含有与草案无关的广告内容" }).waitFor();
    const rows = await log.locator("tbody tr").allInnerTexts();
    expect(rows[0]).toContain("恢复公开");
    expect(rows[1]).toContain("屏蔽");
    expect(rows[1]).toContain("审核员");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("a moderator adds a sensitive word on a phone, and the next opinion with it is held", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.moderator, /\/moderation$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "敏感词设置" }).click();
    await page.getByRole("heading", { level: 1, name: "敏感词" }).waitFor();
    const box = page.getByLabel("敏感词（每行一个）");
    const before = await box.inputValue();
    await box.fill(`${before}\n浏览器测试词`);
    await page.getByRole("button", { name: "保存" }).click();
    await page
      .getByRole("status")
      .getByText(/已保存，共 \d+ 个词语。/)
      .waitFor();
    expect(await box.inputValue()).toContain("浏览器测试词");
    expect(await seriousViolations(page)).toEqual([]);

    const { id, consultationId } = await fileOpinion("这里有一个浏览器 测试词。");
    expect(await publicIds(consultationId)).not.toContain(id);
    await page.goto(`${baseUrl()}/moderation?view=held`);
    const card = page.locator(".moderation-item", { hasText: "这里有一个浏览器 测试词。" });
    await card.getByText("含敏感词：浏览器测试词").waitFor();
    await card.getByRole("button", { name: "通过并公开" }).click();
    await page.getByRole("status").getByText("已通过，意见已公开。").waitFor();
    expect(await publicIds(consultationId)).toContain(id);
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
  });

  it("a visitor reports an opinion on a phone with the keyboard, and is told it stays visible", async () => {
    const { id, consultationId } = await fileOpinion("浏览器测试：被举报的意见。");
    const page = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${baseUrl()}/opinions/${id}/report`);
    await page.getByRole("heading", { level: 1, name: "举报这条意见" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("泄露他人个人信息").focus();
    await page.keyboard.press("Space");
    await page.getByLabel("补充说明（选填）").fill("写了邻居的电话号码。");
    await page.getByRole("button", { name: "提交举报" }).press("Enter");
    await page
      .getByRole("status")
      .getByText(/我们已收到您的举报/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await publicIds(consultationId)).toContain(id);
  });
});
