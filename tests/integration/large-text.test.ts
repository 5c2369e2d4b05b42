// Issue 18, item 1: the large-text mode's switch over HTTP (the real server). A form post,
// CSRF-checked, that remembers the choice in a cookie and returns only to a path on this site;
// the page is rendered large by the server (no flash of small text), and the anonymous reader's
// page cache keeps the two sizes apart while still setting no cookie on a page without a form.
import { beforeAll, describe, expect, it } from "vitest";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { useTestServer } from "../support/server.ts";

describe("the large-text switch", () => {
  const t = useTestDatabase();
  const server = useTestServer(() => t.handle);
  const w = { page: "" };

  beforeAll(async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    w.page = `/consultations/${await makeConsultation(db, { versionId, allowAnonymous: true })}`;
  });

  /** The switch's page, as a browser first opens it: its CSRF cookie and token. */
  async function openSwitch(next: string) {
    const answer = await fetch(`${server.baseUrl}/text-size?next=${encodeURIComponent(next)}`);
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get("Set-Cookie")!.split(";")[0]!;
    const html = await answer.text();
    return { cookie, token: cookie.split("=")[1]!, html };
  }

  const post = (fields: Record<string, string>, cookie: string, origin?: string) =>
    fetch(`${server.baseUrl}/text-size`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: cookie,
        ...(origin ? { Origin: origin } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });

  it("remembers large text after a CSRF-checked post and returns to the page it came from", async () => {
    const { cookie, token, html } = await openSwitch(w.page);
    expect(html).toContain(`name="next" value="${w.page}"`);
    const answer = await post({ _csrf: token, size: "large", next: w.page }, cookie);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(w.page);
    const remembered = answer.headers.getSetCookie().find((c) => c.startsWith("kaimen_text="));
    expect(remembered).toMatch(/^kaimen_text=large; Path=\/; Max-Age=31536000; SameSite=Lax/);

    // Rendered large by the server, and still no cookie and a public cache for the anonymous.
    const large = await fetch(`${server.baseUrl}${w.page}`, {
      headers: { Cookie: "kaimen_text=large" },
    });
    expect(await large.text()).toMatch(/<html lang="zh-CN" class="large-text"/);
    expect(large.headers.get("Set-Cookie")).toBeNull();
    expect(large.headers.get("Vary")).toMatch(/Cookie/);

    // Standard again: the cookie is cleared.
    const back = await post({ _csrf: token, size: "standard", next: w.page }, cookie);
    expect(back.headers.getSetCookie().find((c) => c.startsWith("kaimen_text="))).toMatch(
      /^kaimen_text=; Path=\/; Max-Age=0/,
    );
  });

  it("keeps the two sizes apart in the anonymous readers' page cache", async () => {
    // Fill the cache in one size, then ask in the other, both ways round.
    for (let round = 0; round < 2; round++) {
      const standard = await (await fetch(`${server.baseUrl}${w.page}`)).text();
      const large = await (
        await fetch(`${server.baseUrl}${w.page}`, { headers: { Cookie: "kaimen_text=large" } })
      ).text();
      expect(standard).not.toMatch(/class="large-text"/);
      expect(large).toMatch(/class="large-text"/);
    }
  });

  it("refuses a post without this browser's token, or from another site, and changes nothing", async () => {
    const { cookie, token } = await openSwitch("/");
    for (const answer of [
      await post({ size: "large", next: "/" }, cookie),
      await post({ _csrf: "forged-token-0123456789abcdef", size: "large", next: "/" }, cookie),
      await post({ _csrf: token, size: "large", next: "/" }, "", undefined),
      await post({ _csrf: token, size: "large", next: "/" }, cookie, "https://evil.example"),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.headers.getSetCookie().some((c) => c.startsWith("kaimen_text="))).toBe(false);
    }
  });

  it("returns only to a path on this site", async () => {
    const { cookie, token } = await openSwitch("/");
    for (const next of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "/\r\nSet-Cookie: x=1",
      "javascript:alert(1)",
    ]) {
      const answer = await post({ _csrf: token, size: "large", next }, cookie);
      expect(answer.status, JSON.stringify(next)).toBe(302);
      expect(answer.headers.get("Location"), JSON.stringify(next)).toBe("/");
    }
    // The page itself does not offer to go elsewhere either.
    const page = await openSwitch("https://evil.example/");
    expect(page.html).toContain('name="next" value="/"');
    // A path with its query is kept whole.
    const kept = await post({ _csrf: token, size: "large", next: "/search?q=a&page=2" }, cookie);
    expect(kept.headers.get("Location")).toBe("/search?q=a&page=2");
  });

  it("ignores an unknown size", async () => {
    const { cookie, token } = await openSwitch("/");
    const answer = await post({ _csrf: token, size: "huge", next: "/" }, cookie);
    expect(answer.status).toBe(302);
    expect(answer.headers.getSetCookie().some((c) => c.startsWith("kaimen_text="))).toBe(false);
  });
});
