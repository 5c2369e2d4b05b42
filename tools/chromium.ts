import type { BrowserContext } from "playwright-core";
import { chromium } from "playwright-core";

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
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    locale: options.locale ?? "zh-CN",
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
}
