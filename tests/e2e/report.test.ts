import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

/** The open demo consultation (on the 二审稿) of the 动物防疫法, from the public API. */
async function openConsultation(page: Page): Promise<string> {
  const answer = await page.request.get(`${baseUrl()}/api/v1/consultations`);
  const { consultations } = (await answer.json()) as {
    consultations: { id: string; status: string; billTitle: string; versionLabel: string }[];
  };
  const open = consultations.find(
    (c) =>
      c.status === "open" &&
      c.versionLabel === "second_reading" &&
      c.billTitle.includes("动物防疫法"),
  );
  expect(open).toBeTruthy();
  return open!.id;
}

/** Every chart picture on the page has loaded and is drawn at a visible size. */
async function chartsDrawn(page: Page) {
  const pictures = page.locator(".chart-picture img");
  expect(await pictures.count()).toBeGreaterThanOrEqual(4);
  const sizes = await pictures.evaluateAll((imgs) =>
    (imgs as HTMLImageElement[]).map((img) => ({
      loaded: img.complete && img.naturalWidth > 0,
      width: img.getBoundingClientRect().width,
    })),
  );
  for (const s of sizes) {
    expect(s.loaded).toBe(true);
    expect(s.width).toBeGreaterThan(200);
  }
}

describe("the adoption report and the statistics in Chromium", { shuffle: false }, () => {
  const browser = useBrowser();

  it("shows a drafter the statistics and the report preview with readable charts, on a phone and a desktop", async () => {
    const page = await browser.newPage({ allowConsole: [/status of 404/] });
    const id = await openConsultation(page);
    // Some opinions from different places, so the pictures have something to show.
    for (const [i, region] of ["崇川区", "通州区", "崇川区"].entries()) {
      const detail = await (
        await page.request.get(`${baseUrl()}/api/v1/consultations/${id}`)
      ).json();
      const articles = detail.provisions.filter((p: { kind: string }) => p.kind === "article");
      const answer = await page.request.post(`${baseUrl()}/api/v1/consultations/${id}/opinions`, {
        headers: { "Idempotency-Key": `report-e2e-${id}-${i}`, "Content-Type": "application/json" },
        data: {
          provisionPid: articles[i % 2].pid,
          body: `报告页的测试意见 ${i}`,
          author: { name: "赵六", region, respondentType: "individual" },
        },
      });
      expect([200, 201]).toContain(answer.status());
    }

    // Not public before the drafters publish it.
    const hidden = await page.goto(`${baseUrl()}/consultations/${id}/report`);
    expect(hidden?.status()).toBe(404);
    await page.getByText("该征求意见的采纳情况反馈尚未发布。").waitFor();

    await signIn(page, demo.drafter, /\/workspace$/);
    await page.goto(`${baseUrl()}/consultations/${id}/handling`);
    await page.getByRole("link", { name: "统计图表" }).click();
    await page.getByRole("heading", { level: 1, name: "意见统计" }).waitFor();
    await chartsDrawn(page);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "查看采纳情况反馈" }).click();
    await page.getByRole("heading", { level: 1, name: "意见采纳情况反馈" }).waitFor();
    await page.getByText(/^预览：/).waitFor();
    const heatmap = page.getByRole("img", { name: /^草案共 \d+ 条，其中 \d+ 条收到意见/ });
    await heatmap.waitFor();
    await page.getByRole("img", { name: /^按地区统计：崇川区 \d+ 条/ }).waitFor();
    await chartsDrawn(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: /查看二审稿与公布稿的修改对照/ }).waitFor();
    await page.screenshot({ path: "/tmp/report-e2e-desktop.png", fullPage: false });
    // The files behind the download links: a CSV that Excel reads as UTF-8, a Word summary.
    const csvHref = await page.getByRole("link", { name: "意见数据（CSV）" }).getAttribute("href");
    const csv = await page.request.get(`${baseUrl()}${csvHref}`);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain("报告页的测试意见 0");
    const docxHref = await page
      .getByRole("link", { name: "意见汇总表（Word）" })
      .getAttribute("href");
    const docx = await page.request.get(`${baseUrl()}${docxHref}`);
    expect(docx.status()).toBe(200);
    expect((await docx.body()).subarray(0, 2).toString()).toBe("PK");

    // A 375-px phone: nothing wider than the screen, the pictures scaled to fit.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "意见采纳情况反馈" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await chartsDrawn(page);
    const box = await heatmap.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    await heatmap.screenshot({ path: "/tmp/report-e2e-phone-heatmap.png" });

    // Printed, the page keeps the report and drops the links to files.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("heading", { name: "下载" }).isVisible()).toBe(false);
    expect(await heatmap.isVisible()).toBe(true);
  });

  it("leads the public from a closed consultation to its published report", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl()}/consultations`);
    // The demo's closed consultation on the 一审稿 has its handling published.
    await page
      .getByRole("link", { name: /一次审议稿/ })
      .first()
      .click();
    await page.getByRole("link", { name: "查看采纳情况反馈" }).click();
    await page.waitForURL(/\/consultations\/[0-9a-f-]+\/report$/);
    expect(await page.locator("main").innerText()).toContain("采纳");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
