import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en.ts";
import { negotiateLocale, translator } from "../../app/i18n/index.ts";
import { formatDateTime } from "../../app/i18n/index.ts";
import { zhCN, zhCNSources } from "../../app/i18n/zh-CN.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("define each key once: a part that reuses a key would silently change another page's text", () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [source, messages] of Object.entries(zhCNSources))
      for (const key of Object.keys(messages)) {
        const first = seen.get(key);
        if (first) twice.push(`${key} (${first}, ${source})`);
        else seen.set(key, source);
      }
    expect(twice).toEqual([]);
    // Every part the catalogue spreads is listed here, or its keys would escape this check.
    expect(Object.keys(zhCN).filter((key) => !seen.has(key))).toEqual([]);
  });

  it("give every message the same placeholders in Chinese and English", () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it("have no placeholder in field messages, which forms show without parameters", () => {
    const fieldMessages = Object.entries(zhCN).filter(
      ([key]) => key.startsWith("error.") && key !== "error.rateLimited",
    );
    for (const [key, text] of fieldMessages) expect(placeholders(text), key).toEqual([]);
  });

  it("fill placeholders and pick the language: cookie first, then Accept-Language, then Chinese", () => {
    expect(translator("zh-CN")("error.rateLimited", { seconds: 30 })).toBe(
      "操作太频繁，请 30 秒后再试。",
    );
    expect(negotiateLocale("kaimen_lang=en", "zh-CN")).toBe("en");
    expect(negotiateLocale(null, "fr;q=0.9, en-GB;q=0.8")).toBe("en");
    expect(negotiateLocale(null, "de")).toBe("zh-CN");
    expect(negotiateLocale("kaimen_lang=xx", "zh-TW")).toBe("zh-CN");
  });
});

describe("times for people", () => {
  it("write the first hour after midnight as 00, not 24, so server and browser agree", () => {
    // 16:14 UTC is 00:14 in Shanghai; hour12: false gave "24:14" in Node's en-US.
    const at = "2026-12-03T16:14:00Z";
    expect(formatDateTime("en", "Asia/Shanghai", at)).toContain("00:14");
    expect(formatDateTime("zh-CN", "Asia/Shanghai", at)).toContain("00:14");
  });
});
