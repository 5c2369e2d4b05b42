import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, demo, seriousViolations, signIn, useBrowser } from "../support/browser.ts";

// Issue 18, item 1 (适老化): the citizen's path — open the consultation, go to an article's
// opinions, give an opinion, keep the receipt — on a phone in the large-text mode, in WeChat's
// in-app browser, and with the system's font size at 200 %. On every page: axe clean, nothing
// wider than the phone, and controls big enough for a finger. Item 4: search results come before
// the facets on a phone. And the header marks the drafter's section on the drafter's pages.

const WECHAT_UA =
  "Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36 " +
  "(KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 " +
  "MMWEBSDK/20230202 MMWEBID/2585 MicroMessenger/8.0.33.2320(0x2800213D) WeChat/arm64 " +
  "Weixin NetType/WIFI Language/zh_CN ABI/arm64";

/** The large-text mode: ≥ 18 px everywhere, contrast at AAA. */
const LARGE: Mode = { bodyFont: 18, textFont: 18, aaa: true, anonymous: true };

async function openConsultation(): Promise<{ id: string; article25: string }> {
  const list = (await (await fetch(`${baseUrl()}/api/v1/consultations`)).json()) as {
    consultations: { id: string; billTitle: string; status: string }[];
  };
  const open = list.consultations.find(
    (c) => c.billTitle.includes("动物防疫法") && c.status === "open",
  )!;
  const detail = (await (await fetch(`${baseUrl()}/api/v1/consultations/${open.id}`)).json()) as {
    provisions: { pid: string; label: string }[];
  };
  return { id: open.id, article25: detail.provisions.find((p) => p.label === "第二十五条")!.pid };
}

interface PageFacts {
  bodyFont: number;
  /** The smallest font of any visible text in the header and the main column. */
  smallestText: { size: number; text: string };
  overflow: number;
  /** Controls shorter than 44 px (buttons, fields, button-like links, the header's links). */
  small: string[];
  /** Pairs of controls drawn over each other. */
  overlaps: string[];
}

/** What a reader on a phone would notice of the page's size and spacing. */
function pageFacts(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // checkVisibility: a closed <details> keeps boxes for its hidden contents.
      return (
        r.width > 0 &&
        r.height > 0 &&
        style.visibility !== "hidden" &&
        el.checkVisibility({ visibilityProperty: true })
      );
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ")[0]}` : ""} "${(
        el.textContent ?? ""
      )
        .trim()
        .slice(0, 20)}"`;
    let smallest = { size: Infinity, text: "" };
    for (const el of document.querySelectorAll("header *, main *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
      if (!own || !visible(el) || el.closest(".visually-hidden")) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < smallest.size) smallest = { size, text: name(el) };
    }
    const controls = [
      ...document.querySelectorAll(
        "button, select, textarea, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), a.button, a.link-button, .site-nav a, .site-header a, summary",
      ),
    ].filter(visible);
    const small = controls
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => `${name(el)} ${Math.round(el.getBoundingClientRect().height)}px`);
    // What a reader sees of each control: its boxes (a link that wraps has one per line), cut
    // to the scrolling or clipping boxes around it (a contents list scrolls within its own box).
    const seen = (el: Element) => {
      let rects = [...el.getClientRects()].map((r) => ({
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
      }));
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflow === "visible") continue;
        const c = up.getBoundingClientRect();
        rects = rects.map((r) => ({
          left: Math.max(r.left, c.left),
          top: Math.max(r.top, c.top),
          right: Math.min(r.right, c.right),
          bottom: Math.min(r.bottom, c.bottom),
        }));
      }
      return rects.filter((r) => r.right - r.left > 2 && r.bottom - r.top > 2);
    };
    const boxes = [...document.querySelectorAll("a, button, input, select, textarea, summary")]
      .filter(visible)
      .filter((el) => !(el instanceof HTMLInputElement && el.type === "hidden"))
      .map((el) => ({ el, rects: seen(el) }));
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length && overlaps.length < 5; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i]!, boxes[j]!];
        if (p.el.contains(q.el) || q.el.contains(p.el)) continue;
        // A pixel or two of touching borders is no overlap a reader sees.
        const hit = p.rects.some((a) =>
          q.rects.some(
            (b) =>
              Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
              Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2,
          ),
        );
        if (hit) overlaps.push(`${name(p.el)} × ${name(q.el)}`);
      }
    }
    return {
      bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
      smallestText: smallest,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      small,
      overlaps,
    };
  });
}

/** Contrast at WCAG AAA (7:1, 4.5:1 for large text): axe's enhanced rule, off by default. */
async function enhancedContrastViolations(page: Page): Promise<string[]> {
  await seriousViolations(page); // loads axe into the page
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "rule", values: ["color-contrast-enhanced"] },
    });
    return (result.violations as { nodes: { target: string[] }[] }[]).flatMap((v) =>
      v.nodes.map((n) => n.target.join(" ")),
    );
  });
}

interface Mode {
  bodyFont: number;
  textFont: number;
  aaa: boolean;
  anonymous: boolean;
  /** Run before each page's checks (the 200 % font size is set again: see that test). */
  prepare?: () => Promise<unknown>;
}

/**
 * Checks one page of the path. `bodyFont`: the least body text size; `textFont`: the least size
 * of any text the reader reads; `aaa`: contrast at WCAG AAA too.
 */
async function checkPage(page: Page, where: string, mode: Mode) {
  await mode.prepare?.();
  expect(await seriousViolations(page), where).toEqual([]);
  if (mode.aaa) expect(await enhancedContrastViolations(page), where).toEqual([]);
  const facts = await pageFacts(page);
  expect(facts.bodyFont, where).toBeGreaterThanOrEqual(mode.bodyFont);
  expect(facts.smallestText.size, `${where}: ${facts.smallestText.text}`).toBeGreaterThanOrEqual(
    mode.textFont,
  );
  expect(facts.overflow, `${where}: wider than the screen`).toBeLessThanOrEqual(0);
  expect(facts.small, `${where}: controls under 44 px`).toEqual([]);
  expect(facts.overlaps, `${where}: controls over each other`).toEqual([]);
}

/**
 * Open consultation → 第二十五条's opinions → 对第二十五条提意见 → the receipt, checking each page.
 * `anonymous`: the visitor gives name-less consent instead of being signed in.
 */
async function citizenPath(page: Page, stamp: string, mode: Mode) {
  const { id } = await openConsultation();
  await page.goto(`${baseUrl()}/consultations/${id}`);
  await page.getByRole("heading", { level: 1, name: /动物防疫法/ }).waitFor();
  await checkPage(page, "consultation", mode);
  await page.getByRole("link", { name: /^第二十五条：看意见/ }).click();
  await page.getByRole("heading", { level: 1, name: "第二十五条的意见" }).waitFor();
  await checkPage(page, "article opinions", mode);
  await page.getByRole("link", { name: "对第二十五条提意见" }).first().click();
  await page.getByRole("heading", { level: 1, name: "对第二十五条提意见" }).waitFor();
  await checkPage(page, "opinion form", mode);
  await page
    .getByLabel("您的意见")
    .fill(`活禽交易区域应当设置醒目标识，方便老年人辨认（${stamp}）。`);
  if (mode.anonymous) await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "提交意见" }).click();
  await page.getByRole("heading", { name: "感谢您的意见" }).waitFor();
  const [receipt] = await page.locator(".receipt dd").allInnerTexts();
  expect(receipt).toMatch(/^KM\d{8}/);
  await checkPage(page, "receipt", mode);
}

describe("适老化: large text, WeChat, 200 % system font size", { shuffle: false }, () => {
  const browser = useBrowser();

  it("switches to large text from the header on a phone (no script needed), remembers it, and carries the citizen's path in it", async () => {
    const page = await browser.newPage({ width: 375, height: 667 });
    const { id } = await openConsultation();
    await page.goto(`${baseUrl()}/consultations/${id}`);
    expect(
      await page.evaluate(() => document.documentElement.classList.contains("large-text")),
    ).toBe(false);
    // The consultation page has no script: the switch is a link to a form that posts and returns.
    await page.getByRole("link", { name: "大字模式" }).click();
    await page.getByRole("button", { name: "开启大字模式" }).click();
    await page.waitForURL(new RegExp(`/consultations/${id}$`));
    expect(
      await page.evaluate(() => document.documentElement.classList.contains("large-text")),
    ).toBe(true);
    // Remembered: a new document is rendered large by the server, before any script runs.
    const html = await page.evaluate(async (url) => (await fetch(url)).text(), page.url());
    expect(html).toMatch(/<html[^>]* class="large-text"/);
    await citizenPath(page, Date.now().toString(36), LARGE);

    // And back to the standard size, from the same place.
    await page.getByRole("link", { name: "标准字号" }).click();
    await page.getByRole("button", { name: "恢复标准字号" }).click();
    await page
      .getByRole("heading", { name: "感谢您的意见" })
      .or(page.locator("h1"))
      .first()
      .waitFor();
    expect(
      await page.evaluate(() => document.documentElement.classList.contains("large-text")),
    ).toBe(false);
  });

  it("works in WeChat's in-app browser (its user agent, a 375 × 667 phone screen), switched by the signed-in header's form", async () => {
    const page = await browser.newPage({ width: 375, height: 667 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.setUserAgentOverride", { userAgent: WECHAT_UA });
    await cdp.send("Emulation.setDeviceMetricsOverride", {
      width: 375,
      height: 667,
      deviceScaleFactor: 2,
      mobile: true,
    });
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
    await signIn(page, demo.citizen, /\/me$/);
    expect(await page.evaluate(() => navigator.userAgent)).toContain("MicroMessenger");
    await page.getByRole("button", { name: "大字模式" }).click();
    await page.waitForURL(/\/me$/);
    await page.getByRole("button", { name: "标准字号" }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.classList.contains("large-text")),
    ).toBe(true);
    await citizenPath(page, `wx${Date.now().toString(36)}`, { ...LARGE, anonymous: false });
    await page.getByRole("button", { name: "标准字号" }).click();
    await page.getByRole("button", { name: "大字模式" }).waitFor();
  });

  it("scales with the system's font size at 200 % without overlap or sideways scrolling", async () => {
    const page = await browser.newPage({ width: 375, height: 667 });
    const cdp = await page.context().newCDPSession(page);
    // Android's and the desktop's "font size" setting: the browser's default font size, doubled.
    // DevTools' override can be lost when Chromium gives a page a new renderer, which a real
    // setting never is: it is set again before each page's checks.
    await cdp.send("Page.enable");
    // Set, then two frames for the page to lay itself out again before anything is measured (on
    // a loaded machine axe could otherwise read colours mid-relayout).
    const doubled = async () => {
      await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
      await page.evaluate(
        () =>
          new Promise<void>((done) =>
            requestAnimationFrame(() => requestAnimationFrame(() => done())),
          ),
      );
    };
    await doubled();
    await citizenPath(page, `x2${Date.now().toString(36)}`, {
      prepare: doubled,
      // Everything scales with the system's size: the body's 16 px become 32 px, and no text
      // (the smallest is 0.8rem) stays at a fixed pixel size.
      bodyFont: 32,
      textFont: 25,
      aaa: false,
      anonymous: true,
    });
  });
});

describe("reading the draft on a phone (issue 18, item 4)", { shuffle: false }, () => {
  const browser = useBrowser();

  it("shows the first search result above the facets on a phone, and the facets beside them on a desktop", async () => {
    const phone = await browser.newPage({ width: 375, height: 667 });
    await phone.goto(`${baseUrl()}/search?q=${encodeURIComponent("集贸市场")}`);
    const firstHit = phone.locator(".search-hit").first();
    await firstHit.waitFor();
    const hitTop = (await firstHit.boundingBox())!.y;
    const facetsTop = (await phone.locator(".search-facets").boundingBox())!.y;
    expect(hitTop).toBeLessThan(facetsTop);
    // The first result is on the first screen.
    expect(hitTop).toBeLessThan(667);
    expect(await seriousViolations(phone)).toEqual([]);

    const desk = await browser.newPage({ width: 1280, height: 900 });
    await desk.goto(`${baseUrl()}/search?q=${encodeURIComponent("集贸市场")}`);
    await desk.locator(".search-hit").first().waitFor();
    const facets = (await desk.locator(".search-facets").boundingBox())!;
    const results = (await desk.locator(".search-results").boundingBox())!;
    expect(facets.x + facets.width).toBeLessThanOrEqual(results.x);
  });

  it("sorts an article's opinions by 附议 and by date with links that work without script", async () => {
    const { id, article25 } = await openConsultation();
    const page = await browser.newPage({ width: 375, height: 667 });
    await page.goto(`${baseUrl()}/consultations/${id}/provisions/${article25}`);
    await page.getByRole("navigation", { name: "排序" }).waitFor();
    const sorted = page.getByRole("navigation", { name: "排序" });
    await sorted.getByRole("link", { name: "附议最多" }).click();
    await page.waitForURL(/sort=supports/);
    // The chosen order is marked once the list is shown in it.
    await sorted.locator('[aria-current="page"]', { hasText: "附议最多" }).waitFor();
    const counts = (await page.locator(".support-count").allInnerTexts()).map((s) =>
      Number(/\d+/.exec(s)![0]),
    );
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await sorted.getByRole("link", { name: "最早" }).click();
    await page.waitForURL(/sort=oldest/);
    await sorted.locator('[aria-current="page"]', { hasText: "最早" }).waitFor();
    const times = await page
      .locator(".opinion-card time")
      .evaluateAll((els) => els.map((el) => el.getAttribute("datetime")!));
    expect(times.length).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("the header's sections", { shuffle: false }, () => {
  const browser = useBrowser();

  it("marks 起草工作台, not 征求意见, on a drafter's pages under /consultations/:id/", async () => {
    const { id } = await openConsultation();
    const page = await browser.newPage();
    await signIn(page, demo.drafter, /\/workspace$/);
    const nav = page.getByRole("navigation", { name: "主导航" });
    for (const path of [`/consultations/${id}/handling`, `/consultations/${id}/statistics`]) {
      await page.goto(`${baseUrl()}${path}`);
      expect(await nav.locator("[aria-current=page]").allInnerTexts(), path).toEqual([
        "起草工作台",
      ]);
    }
    // The public consultation page is still 征求意见's.
    await page.goto(`${baseUrl()}/consultations/${id}`);
    expect(await nav.locator("[aria-current=page]").allInnerTexts()).toEqual(["征求意见"]);
  });
});
