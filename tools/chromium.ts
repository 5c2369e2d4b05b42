import type { Browser, BrowserContext } from "playwright-core";
import { chromium } from "playwright-core";

const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches Debian's Chromium headless, as root, without reaching for the internet (these
 * machines block it, and Chromium would keep retrying). Used by the browser suite and bench/.
 */
export function launchChromium(
  profile: string,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.KAIMEN_CHROMIUM ?? "/usr/bin/chromium",
    args,
    locale: options.locale ?? "zh-CN",
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
}

/**
 * Launches the same Chromium as launchChromium without a profile folder, for a caller that opens
 * many contexts (each as separate as a fresh profile: its own cookies and storage) and would
 * otherwise pay a browser start for each.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KAIMEN_CHROMIUM ?? "/usr/bin/chromium",
    args,
  });
}
