// Keystroke-to-paint latency in the drafting editor on a 1,260-article document (about the size
// of the Civil Code), in Chromium. Goal: p95 ≤ 16 ms. Run: npx tsx bench/editor-typing.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../cli/build.ts";
import { seedDemo } from "../cli/seed/demo.ts";
import { connectDatabase, migrateToLatest } from "../db/client.ts";
import { replaceDraftDocument } from "../db/queries/drafts.ts";
import { createBill } from "../services/readings.ts";
import { largeDocument, launchChromium, quantile, startServer } from "./support.ts";

const ARTICLES = 1260;
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 300);

ensureBuild();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-bench-"));
const handle = await connectDatabase({ dataDir });
await migrateToLatest(handle.db);
await seedDemo(handle.db);
const city = await handle.db.selectFrom("organizations").select("id").where("slug", "=", "nantong").executeTakeFirstOrThrow();
const billId = await createBill(handle.db, { organizationId: city.id, title: "基准测试法（草案）", kind: "new" });
const draftDocument = largeDocument(ARTICLES, "基准测试法（草案）");
await handle.db.transaction().execute((trx) => replaceDraftDocument(trx, { billId, document: draftDocument, userId: null, published: false }));
await handle.close();

const server = await startServer(dataDir);
const context = await launchChromium(fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-bench-chromium-")));
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/login`);
  await page.getByLabel("邮箱").fill("drafter@demo.kaimen.cn");
  await page.getByLabel("密码").fill("kaimen-drafter-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/workspace/);
  const started = Date.now();
  await page.goto(`${server.url}/bills/${billId}/edit`);
  await page.locator(".ProseMirror").waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - started;
  // Put the cursor in the middle of the document: article 630.
  const target = page.locator(".ProseMirror .kaimen-article").nth(ARTICLES / 2 - 1).locator(".kaimen-para-text").first();
  await target.scrollIntoViewIfNeeded();
  await target.click();
  await page.keyboard.press("End");
  await page.evaluate(() => {
    const w = window as unknown as { __latencies: number[] };
    w.__latencies = [];
    document.addEventListener(
      "keydown",
      (event) => {
        const start = event.timeStamp;
        // The frame that shows the keystroke is painted right after this animation frame.
        requestAnimationFrame(() => setTimeout(() => w.__latencies.push(performance.now() - start), 0));
      },
      true,
    );
  });
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < KEYSTROKES; i++) await page.keyboard.press(letters[i % letters.length]!, { delay: 0 }).then(() => page.waitForTimeout(25));
  await page.waitForTimeout(500);
  const latencies = await page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies);
  const typed = await target.textContent();
  console.log(`Editor typing benchmark: ${ARTICLES} articles, ${latencies.length} keystrokes (Chromium ${context.browser()?.version() ?? ""})`);
  console.log(`  editor ready after     ${loadMs} ms (page load to editable)`);
  console.log(`  keystroke-to-paint p50 ${quantile(latencies, 0.5).toFixed(1)} ms`);
  console.log(`  keystroke-to-paint p95 ${quantile(latencies, 0.95).toFixed(1)} ms  (goal ≤ 16 ms)`);
  console.log(`  keystroke-to-paint max ${Math.max(...latencies).toFixed(1)} ms`);
  if (!typed?.includes("abcdef")) throw new Error("The typed text did not reach the document");
} finally {
  await context.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
