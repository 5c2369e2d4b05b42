// Issue 12, item 9: every page names itself in the tab (its own `meta`), and a refusal or failure
// keeps the site's frame: a 403 or 404 shows the header with its navigation and the search box,
// the footer, the status and a translated message, never a bare page that strands the visitor.
import { beforeAll, describe, expect, it } from "vitest";
import { pageTitle } from "../../app/lib/meta.ts";
import routeConfig from "../../app/routes.ts";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { signInOverHttp, useTestServer } from "../support/server.ts";

interface RouteEntry {
  file: string;
  path?: string;
  index?: boolean;
  children?: RouteEntry[];
}

interface RouteModule {
  default?: unknown;
  meta?: unknown;
  ErrorBoundary?: unknown;
}

const modules = import.meta.glob<RouteModule>("../../app/{root.tsx,routes/**/*.{ts,tsx}}");
const load = (file: string) => modules[`../../app/${file}`]!();

/** Each route of app/routes.ts with the layouts above it, outermost first. */
function flatten(entries: RouteEntry[], above: string[] = []): [RouteEntry, string[]][] {
  return entries.flatMap((e): [RouteEntry, string[]][] => [
    [e, above],
    ...flatten(e.children ?? [], [...above, e.file]),
  ]);
}

describe("page titles and error boundaries: the route modules", () => {
  const routes = flatten(routeConfig as RouteEntry[]);

  it("gives every page route its own meta", async () => {
    const pages: string[] = [];
    const missing: string[] = [];
    for (const [entry] of routes) {
      const module = await load(entry.file);
      if (!module.default || entry.children) continue;
      pages.push(entry.file);
      if (typeof module.meta !== "function") missing.push(entry.file);
    }
    expect(pages.length).toBeGreaterThan(30);
    expect(missing, "page routes without a meta export (their tab shows only the site)").toEqual(
      [],
    );
  });

  it("puts every page under an area layout whose ErrorBoundary is below the root's frame", async () => {
    const stranded: string[] = [];
    for (const [entry, above] of routes) {
      const module = await load(entry.file);
      if (!module.default || entry.children) continue;
      const layouts = await Promise.all(above.map(load));
      if (!layouts.some((l) => typeof l.ErrorBoundary === "function")) stranded.push(entry.file);
    }
    expect(stranded, "pages whose errors would replace the whole frame").toEqual([]);
    expect(typeof (await load("root.tsx")).ErrorBoundary).toBe("function");
  });
});

describe("pageTitle", () => {
  const rootIn = (locale: unknown) => ({ matches: [{ id: "root", loaderData: { locale } }] });

  it("names the page, then the site in the visitor's language", () => {
    expect(pageTitle(rootIn("zh-CN"), "某某条例")).toEqual([{ title: "某某条例 · 开门立法" }]);
    expect(pageTitle(rootIn("en"), (t) => t("search.submit"))).toEqual([
      { title: "Search · Kaimen" },
    ]);
  });

  it("falls back to the site's name alone, and to Chinese without the root's data", () => {
    expect(pageTitle(rootIn("en"), undefined)).toEqual([{ title: "Kaimen" }]);
    expect(pageTitle({ matches: [] }, "")).toEqual([{ title: "开门立法" }]);
    expect(pageTitle(rootIn("fr"), "x")).toEqual([{ title: "x · 开门立法" }]);
  });
});

describe("error pages over HTTP keep the header, navigation and search", () => {
  const t = useTestDatabase();
  const server = useTestServer(() => t.handle);
  const citizen = { cookie: "", name: "页框测试公民" };

  beforeAll(async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const user = await makeUser(db, {
      displayName: citizen.name,
      roles: [{ role: "citizen", organizationId: org }],
    });
    // A browser's CSRF cookie, as the first page gives it, then a real sign-in.
    citizen.cookie = await signInOverHttp(server.baseUrl, user);
  });

  async function page(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers });
    return { status: response.status, html: await response.text() };
  }

  /** The frame around an error page: header with brand and search, main navigation, footer. */
  function expectFrame(html: string, status: number, message: string) {
    expect(html).toMatch(/<header class="site-header">/);
    expect(html).toMatch(
      /<form[^>]*role="search"[^>]*action="\/search"|action="\/search"[^>]*role="search"/,
    );
    expect(html).toMatch(/<input[^>]*type="search"[^>]*name="q"/);
    expect(html).toMatch(/<nav[^>]*class="site-nav"[^>]*>[\s\S]*href="\/consultations"/);
    expect(html).toMatch(/<footer class="site-footer">/);
    expect(html).toContain(`class="error-status">${status}<`);
    expect(html).toContain(message);
    expect(html).not.toMatch(/\bat \S+ \(|node_modules|\.tsx?:\d/);
  }

  it("shows a 404 of the public area, and of an unknown address, inside the frame", async () => {
    const unknownConsultation = await page(`/consultations/${crypto.randomUUID()}`);
    expect(unknownConsultation.status).toBe(404);
    expectFrame(unknownConsultation.html, 404, "没有找到这次征求意见。");
    expect(unknownConsultation.html).toContain("<title>出错了 · 404 · 开门立法</title>");

    const nowhere = await page("/no-such-page/at-all");
    expect(nowhere.status).toBe(404);
    expectFrame(nowhere.html, 404, "页面不存在。");
    // Signed out: the header offers signing in.
    expect(nowhere.html).toContain('href="/login"');
  });

  it("shows a 403 of each staff area inside the frame, with the visitor still signed in", async () => {
    for (const [path, message] of [
      ["/workspace", "您没有权限访问这个页面。"],
      ["/coordinator", "您没有权限访问这个页面。"],
      ["/moderation", "您没有权限访问这个页面。"],
      ["/admin", "您没有权限访问这个页面。"],
    ] as const) {
      const answer = await page(path, { Cookie: citizen.cookie });
      expect(answer.status, path).toBe(403);
      expectFrame(answer.html, 403, message);
      expect(answer.html, path).toContain(citizen.name);
      expect(answer.html, path).toMatch(/<title>出错了 · 403 · 开门立法<\/title>/);
    }
  });

  it("titles and words the error page in the visitor's language", async () => {
    const answer = await page("/no-such-page", { "Accept-Language": "en" });
    expect(answer.status).toBe(404);
    expectFrame(answer.html, 404, "Page not found.");
    expect(answer.html).toContain("<title>Something went wrong · 404 · Kaimen</title>");
  });
});
