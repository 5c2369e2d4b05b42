import fs from "node:fs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// A drafter writes the amendment decision (修改决定) of the 立法法 2023 text against the law in
// force (2015), edits it, checks it and downloads it as Word.

describe("the amendment decision in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("generates the decision, takes an edit, checks it and downloads the edited text as Word", async () => {
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    await page
      .getByRole("link", { name: /中华人民共和国立法法/ })
      .first()
      .click();
    await page.getByRole("link", { name: "生成公布稿的修改决定" }).click();
    await page.waitForURL(/\/decision$/);
    const box = page.getByLabel("修改决定文本");
    const generated = await box.inputValue();
    expect(generated.split("\n")[0]).toBe("关于修改《中华人民共和国立法法》的决定");
    expect(generated).toContain("\n一、");
    expect(generated).toContain("根据本决定作相应修改并对条文顺序作相应调整，重新公布。");

    // The drafter names the enacting body in the preamble; the items stay as generated.
    const edited = generated.replace(
      "对《中华人民共和国立法法》作如下修改：",
      "第十四届全国人民代表大会第一次会议决定对《中华人民共和国立法法》作如下修改：",
    );
    await box.fill(edited);
    await page.getByRole("button", { name: "检查" }).click();
    await page.getByRole("status").filter({ hasText: "检查通过" }).waitFor();
    expect(await page.getByLabel("修改决定文本").inputValue()).toBe(edited);
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载 Word" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("关于修改《中华人民共和国立法法》的决定.docx");
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    expect(value).toContain(
      "第十四届全国人民代表大会第一次会议决定对《中华人民共和国立法法》作如下修改：",
    );
    expect(value).toContain("关于修改《中华人民共和国立法法》的决定");
  });

  it("is linked from the reading, and a full revision is refused with the reason, on a phone", async () => {
    const page = await browser.newPage({ width: 375, height: 800 });
    await signIn(page, demo.drafter, /\/workspace$/);
    // The demo bill by its exact title: other files add bills whose titles also name the law.
    await page
      .getByRole("link", { name: "中华人民共和国动物防疫法（修订草案）", exact: true })
      .click();
    await page
      .getByRole("link", { name: /^公布稿$|中华人民共和国动物防疫法$/ })
      .first()
      .click();
    await page.locator(".readings-nav").waitFor();
    await page.getByRole("link", { name: "生成修改决定" }).click();
    await page.waitForURL(/\/decision$/);
    await page.getByRole("status").filter({ hasText: "属于全面修订" }).waitFor();
    expect(await page.getByLabel("修改决定文本").count()).toBe(0);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(page.url()).toContain(baseUrl());
  });
});
