import { chromium } from "playwright-core";
const base = process.argv[2]!;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const errors: string[] = [];
for (const [name, width, height] of [["phone", 375, 800], ["desktop", 1280, 900]] as const) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width, height } });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  const href = await page.getByRole("link", { name: /动物防疫法.*公开征求意见/ }).first().getAttribute("href");
  await page.goto(`${base}${href}`);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `/tmp/cache-shots/consultation-${name}.png` });
  await page.getByRole("link", { name: "对第二十五条提意见" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/cache-shots/consultation-${name}-article.png` });
  await context.close();
}
console.log("errors:", errors);
await browser.close();
