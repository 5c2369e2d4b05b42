// First contentful paint of a page on a phone over a slow mobile network, in Chromium: a 375-px
// viewport, Chrome DevTools' "Slow 4G" preset (its numbers, from DevTools' NetworkManager:
// 1.6 Mbit/s down and 750 kbit/s up, each × 0.9, and 150 ms × 3.75 = 562.5 ms of latency per
// request) and the CPU slowed 4× (DevTools' "mid-tier mobile"). Every load is cold: a fresh
// browser context, whose cache is empty. The figure is the browser's own paint timing entry.
import { launchBrowser } from "../tools/chromium.ts";
import { quantile } from "./support.ts";

export const slow4G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
};
export const cpuSlowdown = 4;

/** The FCP (ms) of each of `loads` cold loads of `url`, and their median. */
export async function firstContentfulPaint(
  url: string,
  loads: number,
): Promise<{ medianMs: number; loadsMs: number[] }> {
  const browser = await launchBrowser();
  const loadsMs: number[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: "zh-CN",
      });
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.clearBrowserCache");
        await cdp.send("Network.emulateNetworkConditions", slow4G);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
        await page.goto(url, { waitUntil: "load", timeout: 120_000 });
        const fcp = await page
          .waitForFunction(
            () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
            undefined,
            { timeout: 30_000 },
          )
          .then((handle) => handle.jsonValue());
        loadsMs.push(Number(fcp));
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { medianMs: quantile(loadsMs, 0.5), loadsMs };
}
