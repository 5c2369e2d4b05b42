// Issue 13, item 1 and 2: reading pages that cost nothing to serve, and compression. Over HTTP
// (the real server, its whole Express chain): the anonymous reader's reading and consultation
// pages are cacheable (ETag, 304, Cache-Control: public, no cookie), a signed-in reader never gets
// them nor another's, the text is not repeated in the hydration data, the counts are live, and
// answers are compressed when the client accepts it.
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { signInOverHttp, useTestServer } from "../support/server.ts";

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe("cacheable reading pages over HTTP", () => {
  const t = useTestDatabase();
  const server = useTestServer(() => t.handle);
  const w = { billId: "", versionId: "", consultationId: "", pid: "", reading: "", page: "" };
  const reader = { cookie: "", name: "缓存测试公民" };
  const other = { cookie: "", name: "另一位公民" };

  /** A GET as sent, its body as received (not decoded). */
  function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${server.baseUrl}${path}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on("error", reject);
      });
      request.on("error", reject);
    });
  }

  const signIn = (user: { email: string; password: string }) =>
    signInOverHttp(server.baseUrl, user);

  beforeAll(async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    Object.assign(w, await makeBillWithVersion(db, { organizationId: org }));
    w.consultationId = await makeConsultation(db, {
      versionId: w.versionId,
      allowAnonymous: true,
      moderation: "post",
    });
    w.reading = `/bills/${w.billId}/versions/${w.versionId}`;
    w.page = `/consultations/${w.consultationId}`;
    const api = (await (await fetch(`${server.baseUrl}/api/v1${w.page}`)).json()) as {
      provisions: { pid: string; kind: string }[];
    };
    w.pid = api.provisions.find((p) => p.kind === "article")!.pid;
    for (const who of [reader, other]) {
      const user = await makeUser(db, {
        displayName: who.name,
        roles: [{ role: "citizen", organizationId: org }],
      });
      who.cookie = await signIn(user);
    }
  });

  it("answers an anonymous reading page with no cookie, public caching and a validator", async () => {
    for (const path of [w.reading, w.page]) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers["set-cookie"], path).toBeUndefined();
      expect(page.headers["cache-control"], path).toMatch(/^public\b/);
      expect(page.headers.etag, path).toMatch(/^"[^"]+"$/);
      expect(page.headers["last-modified"], path).toBeDefined();
      expect(page.headers.vary, path).toMatch(/Cookie/);
      expect(page.body.toString(), path).toContain("为了测试，制定本条例。");
    }
  });

  it("answers 304 to a repeated GET with If-None-Match or If-Modified-Since", async () => {
    for (const path of [w.reading, w.page]) {
      const first = await get(path, { "Accept-Encoding": "gzip" });
      const again = await get(path, {
        "Accept-Encoding": "gzip",
        "If-None-Match": first.headers.etag!,
      });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
      expect(again.headers.etag, path).toBe(first.headers.etag);
      const since = await get(path, { "If-Modified-Since": first.headers["last-modified"]! });
      expect(since.status, path).toBe(304);
      const changed = await get(path, { "If-None-Match": '"another-page"' });
      expect(changed.status, path).toBe(200);
    }
  });

  it("sends the same page compressed with brotli or gzip when the client accepts it", async () => {
    for (const path of [w.reading, w.page]) {
      const plain = await get(path);
      const br = await get(path, { "Accept-Encoding": "gzip, deflate, br" });
      const gzip = await get(path, { "Accept-Encoding": "gzip" });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(br.headers["content-encoding"]).toBe("br");
      expect(gzip.headers["content-encoding"]).toBe("gzip");
      expect(brotliDecompressSync(br.body).equals(plain.body), path).toBe(true);
      expect(gunzipSync(gzip.body).equals(plain.body), path).toBe(true);
      expect(br.body.length).toBeLessThan(plain.body.length / 2);
    }
  });

  it("compresses the API's JSON and leaves small answers alone", async () => {
    const json = await get(`/api/v1${w.page}`, { "Accept-Encoding": "br" });
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    const body = JSON.parse(
      (json.headers["content-encoding"] === "br"
        ? brotliDecompressSync(json.body)
        : json.body
      ).toString(),
    ) as { provisions: unknown[] };
    expect(body.provisions.length).toBeGreaterThan(0);
    if (json.body.length > 1024) expect(json.headers["content-encoding"]).toBe("br");
    const health = await get("/healthz", { "Accept-Encoding": "gzip" });
    expect(health.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toMatchObject({
      status: "ok",
      database: { ok: true },
    });
  });

  it("keeps the legal text out of the hydration data", async () => {
    const html = (await get(w.reading)).body.toString();
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
      .map((m) => m[1])
      .join("\n");
    expect(html).toContain("本条例自公布之日起施行。");
    expect(scripts).not.toContain("本条例自公布之日起施行");
    expect(scripts).toContain("window.__reactRouterContext");
  });

  it("serves the consultation page as plain HTML: no script, its styles inline", async () => {
    const html = (await get(w.page)).body.toString();
    expect(html).toContain("本条例自公布之日起施行。");
    expect(html).not.toMatch(/<script\b/);
    expect(html).not.toContain("modulepreload");
    expect(html).not.toContain('rel="stylesheet"');
    expect(html).toMatch(/<style>[^<]*\.site-header[^<]*<\/style>/);
    // A page with scripts keeps its stylesheet links, which the browser caches for the app.
    expect((await get(w.reading)).body.toString()).toContain('rel="stylesheet"');
  });

  it("lists the page's inline scripts by hash in its Content-Security-Policy", async () => {
    const page = await get(w.reading);
    const policy = String(page.headers["content-security-policy"]);
    const inline = [...page.body.toString().matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter((m) => !/\bsrc=/.test(m[1]!))
      .map((m) => m[2]!);
    expect(inline.length).toBeGreaterThan(0);
    const { createHash } = await import("node:crypto");
    for (const script of inline)
      expect(policy).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    expect(policy).not.toMatch(/nonce-/);
  });

  it("never gives a signed-in reader a shared page, nor another reader's", async () => {
    for (const path of [w.reading, w.page]) {
      const mine = await get(path, { Cookie: reader.cookie });
      expect(mine.headers["cache-control"], path).toMatch(/private/);
      expect(mine.body.toString()).toContain(reader.name);
      expect(mine.body.toString()).not.toContain(other.name);
      const theirs = await get(path, { Cookie: other.cookie });
      expect(theirs.body.toString()).toContain(other.name);
      expect(theirs.body.toString()).not.toContain(reader.name);
      const anonymous = (await get(path)).body.toString();
      expect(anonymous).not.toContain(reader.name);
      expect(anonymous).not.toContain(other.name);
      // Still the text, rendered from the same cache.
      expect(mine.body.toString()).toContain("为了测试，制定本条例。");
    }
  });

  it("shows a new opinion's count on the cached consultation page at once", async () => {
    const count = (html: string) => Number(/已有 (\d+) 条/.exec(html)?.[1] ?? 0);
    const before = await get(w.page);
    const submitted = await fetch(`${server.baseUrl}/api/v1${w.page}/opinions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify({ provisionPid: w.pid, body: "建议增加一款关于施行日期的过渡规定。" }),
    });
    expect(submitted.status).toBe(201);
    const after = await get(w.page, { "If-None-Match": before.headers.etag! });
    expect(after.status).toBe(200);
    expect(count(after.body.toString())).toBe(count(before.body.toString()) + 1);
  });

  it("sets the CSRF cookie on a page with a form, for its token", async () => {
    const login = await get("/login");
    const cookie = String(login.headers["set-cookie"]);
    const token = /kaimen_csrf=([^;]+)/.exec(cookie)?.[1];
    expect(token).toBeDefined();
    expect(login.body.toString()).toContain(`name="_csrf" value="${token}"`);
  });

  it("switches the language by a GET link and returns to the page, on this site only", async () => {
    const english = await get(`/lang?locale=en&next=${encodeURIComponent(w.page)}`);
    expect(english.status).toBe(302);
    expect(english.headers.location).toBe(w.page);
    expect(String(english.headers["set-cookie"])).toMatch(/kaimen_lang=en/);
    const away = await get(`/lang?locale=en&next=${encodeURIComponent("https://evil.example/")}`);
    expect(away.headers.location).toBe("/");
    const page = await get(w.page, { Cookie: "kaimen_lang=en" });
    expect(page.body.toString()).toMatch(/<html lang="en"/);
    expect(page.headers.vary).toMatch(/Accept-Language/);
  });

  it("serves the build's scripts precompressed", async () => {
    const html = (await get(w.reading)).body.toString();
    const script = /<script[^>]*src="(\/assets\/[^"]+\.js)"|href="(\/assets\/[^"]+\.js)"/.exec(
      html,
    );
    const path = script?.[1] ?? script?.[2];
    expect(path).toBeDefined();
    const plain = await get(path!);
    const br = await get(path!, { "Accept-Encoding": "br, gzip" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  });
});
