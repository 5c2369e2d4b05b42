import http from "node:http";
import express from "express";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as login from "../../app/routes/login.tsx";
import * as opinionNew from "../../app/routes/opinion-new.tsx";
import * as signup from "../../app/routes/signup.tsx";
import * as opinionsApi from "../../app/routes/api.opinions.ts";
import { safeRedirect } from "../../app/lib/forms.ts";
import { configureLogging } from "../../server/logging.ts";
import { handleErrors } from "../../server/request-handler.ts";
import { listen } from "../../server/server.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, formRequest, makeContext, TEST_CSRF } from "../support/routes.ts";
import { consoleErrorLog, useTestServer } from "../support/server.ts";

// Issue 11, items 3, 4 and 6 (input), and safeRedirect of item 10: what a hostile or broken client
// sends must cost little and be refused with a 4xx in the API's error shape or on the site's
// error page, never a 500 and never a stack, a file path or a database name.

/** What a refusal may never show: stack frames, file paths, SQL and database names. */
const LEAK =
  /\bat \S+ \(|node_modules|\/work\/|[\w-]+\.(?:ts|tsx|js):\d|\b(?:SELECT|INSERT|UPDATE)\b|relation "|invalid input syntax|invalid byte sequence|RangeError|TypeError/;

interface Answer {
  status: number;
  type: string;
  text: string;
  headers: Headers;
}

describe("hostile input over HTTP", () => {
  const t = useTestDatabase();
  const server = useTestServer(() => t.handle);
  const fixture = { consultationId: "", billId: "", csrf: "", cookie: "" };

  beforeAll(async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId: org });
    fixture.billId = billId;
    fixture.consultationId = await makeConsultation(db, { versionId });
    // A browser's CSRF cookie, as the first page it opens gives it.
    const page = await fetch(`${server.baseUrl}/login`);
    fixture.cookie = page.headers.get("Set-Cookie")!.split(";")[0]!;
    fixture.csrf = fixture.cookie.split("=")[1]!;
  });

  async function send(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(`${server.baseUrl}${path}`, { redirect: "manual", ...init });
    const text = await response.text();
    expect(text, `${init.method ?? "GET"} ${path} leaks`).not.toMatch(LEAK);
    return {
      status: response.status,
      type: response.headers.get("Content-Type") ?? "",
      text,
      headers: response.headers,
    };
  }

  const opinionsPath = () => `/api/v1/consultations/${fixture.consultationId}/opinions`;

  function postOpinion(body: string, key: string = crypto.randomUUID()) {
    return send(opinionsPath(), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": key },
      body,
    });
  }

  function postForm(path: string, fields: Record<string, string>, headers = {}) {
    return send(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: fixture.cookie,
        ...headers,
      },
      body: new URLSearchParams({ _csrf: fixture.csrf, ...fields }).toString(),
    });
  }

  /** A page refusal is the site's error page with its status; an API one is the error shape. */
  function expectErrorPage(answer: Answer, status: number) {
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/text\/html/);
    expect(answer.text).toMatch(new RegExp(`class="error-status">${status}<`));
  }
  function expectApiError(answer: Answer, status: number, code?: string) {
    expect(answer.status).toBe(status);
    const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
    expect(body.error.message).toBeTruthy();
    if (code) expect(body.error.code).toBe(code);
  }

  it("refuses a NUL byte in a path with 400, on the error page or in the API's shape", async () => {
    const pages = [
      "/%00",
      "/consultations/%00",
      `/consultations/${fixture.consultationId}%00`,
      `/bills/${fixture.billId}/provisions/%00`,
      `/consultations/${fixture.consultationId}/provisions/%00`,
      "/assets/%00.js",
    ];
    for (const path of pages) expectErrorPage(await send(path), 400);
    expectApiError(await send("/api/v1/consultations/%00"), 400, "bad_request");
    expectApiError(await send(`/api/v1/bills/%00/compare?from=a&to=b`), 400);
  });

  it("refuses a NUL byte in a query with 400", async () => {
    for (const path of [
      "/search?q=%00",
      "/consultations?page=%00",
      "/login?next=%00",
      `/consultations/${fixture.consultationId}/opinions/new?pid=%00`,
    ])
      expectErrorPage(await send(path), 400);
    for (const path of [
      "/api/v1/search?q=a%00",
      `${opinionsPath()}?provision=%00`,
      "/api/v1/opinions/lookup?receipt=%00&code=x",
      "/api/v1/consultations?x%00=1",
    ])
      expectApiError(await send(path), 400, "bad_request");
  });

  it("refuses broken percent-encoding in a path or a query with 400", async () => {
    expectErrorPage(await send("/consultations/%E0%A4%A"), 400);
    expectErrorPage(await send("/search?q=%E4%B8"), 400);
    expectApiError(await send("/api/v1/search?q=%zz"), 400);
  });

  it("refuses a NUL byte or a noncharacter in a form field with 400", async () => {
    expectErrorPage(
      await postForm("/login", { email: "a\u0000b@example.org", password: "x" }),
      400,
    );
    expectErrorPage(await postForm("/signup", { displayName: "\u0000", email: "a@b.cn" }), 400);
    expectErrorPage(
      await postForm(`/consultations/${fixture.consultationId}/opinions/new`, {
        body: "我的意见\u0000",
        consent: "yes",
      }),
      400,
    );
    expectErrorPage(await postForm("/login", { "e\u0000mail": "a@b.cn" }), 400);
    expectErrorPage(await postForm("/login", { email: "\uFFFE@example.org" }), 400);
    // No form sends a control character XML cannot hold (tab and newlines are fine).
    expectErrorPage(await postForm("/login", { email: "a\u0001@example.org" }), 400);
  });

  it("names the field that holds a control character, in the forms' own schemas", async () => {
    const ctx = () => makeContext(t.handle.db, t.handle.kind);
    const named = await callRoute(
      signup.action as never,
      formRequest("/signup", {
        email: "x@example.org",
        displayName: "张\u0085三",
        password: "password-1234",
      }),
      ctx(),
    );
    expect(named.status).toBe(400);
    expect(named.data.errors.displayName).toBe("error.badCharacters");
    const opinion = await callRoute(
      opinionNew.action as never,
      formRequest(`/consultations/${fixture.consultationId}/opinions/new`, {
        body: "意见\u0007",
        consent: "yes",
      }),
      ctx(),
      { id: fixture.consultationId },
    );
    expect(opinion.status).toBe(400);
    expect(opinion.data.fields.body).toBe("error.badCharacters");
  });

  it("refuses a NUL byte in a multipart text field or file name, and lets a sound upload by", async () => {
    const multipart = async (fields: Record<string, string>, filename = "opinions.xlsx") => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      form.set("file", new File([new Uint8Array([0, 1, 2])], filename));
      return send(`/coordinator/consultations/${fixture.consultationId}/import`, {
        method: "POST",
        headers: { Cookie: fixture.cookie },
        body: form as never,
      });
    };
    expectErrorPage(await multipart({ _csrf: fixture.csrf, activityId: "a\u0000" }), 400);
    expectErrorPage(await multipart({ _csrf: fixture.csrf }, "a\u0000.xlsx"), 400);
    // Sound, with a boundary in mixed case as Chromium writes it (boundaries are case-sensitive):
    // on to the route, which wants a coordinator.
    const boundary = "----WebKitFormBoundaryAbCdEfGh";
    const sound = await send(`/coordinator/consultations/${fixture.consultationId}/import`, {
      method: "POST",
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Cookie: fixture.cookie,
      },
      body:
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${fixture.csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\nxyz\r\n--${boundary}--\r\n`,
    });
    expect(sound.status).toBe(302);
  });

  it("refuses a NUL byte, a noncharacter or a control in any JSON field of an opinion with 400", async () => {
    const cases = [
      { body: "意见\u0000", scope: "draft" },
      { body: "意见", scope: "draft", author: { name: "张\u0000" } },
      { body: "意见\uFFFF", scope: "draft" },
      { body: "意见\uFDD0", scope: "draft" },
      { body: "意见\uD83F\uDFFF", scope: "draft" }, // U+1FFFF, a noncharacter of plane 1
      { body: "意见", scope: "draft", "\u0000": 1 },
    ];
    for (const body of cases)
      expectApiError(await postOpinion(JSON.stringify(body)), 400, "bad_characters");
    // Controls other than tab and newlines are refused by the field's rule, which names it.
    const control = await postOpinion(JSON.stringify({ body: "意见\u0007", scope: "draft" }));
    expectApiError(control, 400, "invalid");
    expect(JSON.parse(control.text).error.fields.body).toBeTruthy();
    const named = await postOpinion(
      JSON.stringify({ body: "意见", scope: "draft", author: { name: "张\t三" } }),
    );
    expect(JSON.parse(named.text).error.fields["author.name"]).toBeTruthy();
    // Tab and newlines stay allowed in a text of several lines.
    const fine = await postOpinion(
      JSON.stringify({ body: "第一行\n\t第二行\r\n", scope: "draft" }),
    );
    expect(fine.status).toBe(201);
  });

  it("refuses JSON nested 5,000 deep with 400 before hashing it, over HTTP and in the route", async () => {
    const deep = `{"body":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    expectApiError(await postOpinion(deep), 400, "too_deep");
    const direct = await callRoute(
      opinionsApi.action as never,
      new Request(`http://localhost${opinionsPath()}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "deep-1" },
        body: deep,
      }),
      makeContext(t.handle.db, t.handle.kind),
      { id: fixture.consultationId },
    );
    expect(direct.status).toBe(400);
    expect(direct.data.error.code).toBe("too_deep");
  });

  it("refuses malformed multipart with 400, not 500", async () => {
    const answer = await send("/login", {
      method: "POST",
      headers: {
        "Content-Type": "multipart/form-data; boundary=xyz",
        Cookie: fixture.cookie,
        "X-CSRF-Token": fixture.csrf,
      },
      body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nunterminated',
    });
    expectErrorPage(answer, 400);
    // An upload's page reads its own shape.
    const upload = await send(
      `/coordinator/consultations/${fixture.consultationId}/import/upload`,
      {
        method: "POST",
        headers: {
          "Content-Type": "multipart/form-data; boundary=xyz",
          Accept: "application/json",
          Cookie: fixture.cookie,
        },
        body: "--xyz\r\nbroken",
      },
    );
    expect(upload.status).toBe(400);
    expect(JSON.parse(upload.text)).toMatchObject({ ok: false, problems: [] });
    // And in the route itself: a form without a Content-Type at all.
    const direct = await callRoute(
      login.action as never,
      new Request("http://localhost/login", {
        method: "POST",
        headers: { "X-CSRF-Token": TEST_CSRF },
        body: "not a form",
      }),
      makeContext(t.handle.db, t.handle.kind),
    );
    expect(direct.status).toBe(400);
  });

  it("refuses a search of 201 characters with 400 and takes one of 200", async () => {
    const long = "法".repeat(201);
    const api = await send(`/api/v1/search?q=${encodeURIComponent(long)}`);
    expectApiError(api, 400, "bad_request");
    expect(JSON.parse(api.text).error.fields.q).toBeTruthy();
    expectErrorPage(await send(`/search?q=${encodeURIComponent(long)}`), 400);
    const fine = await send(`/api/v1/search?q=${encodeURIComponent("法".repeat(200))}`);
    expect(fine.status).toBe(200);
  });

  it("refuses an over-long idempotency key with 400, from the API and from the form", async () => {
    expectApiError(
      await postOpinion(JSON.stringify({ body: "意见", scope: "draft" }), "k".repeat(201)),
      400,
      "invalid_idempotency_key",
    );
    const form = await postForm(`/consultations/${fixture.consultationId}/opinions/new`, {
      body: "我的意见",
      consent: "yes",
      idempotencyKey: "k".repeat(5000),
    });
    expect(form.status).toBe(400);
  });

  it("answers garbage ids and cursors with 400 or 404, never 500", async () => {
    const cursor = (text: string) => Buffer.from(text).toString("base64url");
    for (const next of [
      cursor("2024-01-01T00:00:00.000Z|------------------------------------"),
      cursor("-271821-04-20T00:00:00.000Z|00000000-0000-0000-0000-000000000000"),
      "%E4%B8%AD".repeat(50),
    ])
      expectApiError(await send(`${opinionsPath()}?next=${next}`), 400);
    expectApiError(await send(`${opinionsPath()}?provision=${"p".repeat(5000)}`), 400);
    for (const id of ["------------------------------------", "9".repeat(3000), "'x"]) {
      expect((await send(`/consultations/${id}`)).status).toBe(404);
      expect((await send(`/api/v1/consultations/${id}/opinions`)).status).toBe(404);
      expect((await send(`/bills/${fixture.billId}/provisions/${id}`)).status).toBe(404);
    }
  });

  it("keeps next= on this site: tab, CR/LF and backslashes fall back", async () => {
    for (const next of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "//evil.example",
    ])
      expect(safeRedirect(next, "/me"), JSON.stringify(next)).toBe("/me");
    expect(safeRedirect("/consultations?page=2", "/me")).toBe("/consultations?page=2");
    // Over HTTP: a language switch asked to go to a header-splitting path goes home instead.
    for (const next of ["/\r\nSet-Cookie: x=1", "/\t/evil.example"]) {
      const answer = await postForm("/lang", { locale: "en", next });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toBe("/");
    }
    const page = await send(`/login?next=${encodeURIComponent("/\r\n/evil.example")}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<form class="stack"[^>]*>.*?<input type="hidden" name="next" value=""\/>/s,
    );
  });

  /**
   * Sends a body with chunked transfer encoding, 64 KB at a time for at most `total` bytes, and
   * stops as soon as the answer arrives; resolves with the answer and the bytes sent by then.
   */
  function stream(
    path: string,
    headers: Record<string, string>,
    total = 64 * 1024 * 1024,
  ): Promise<{ status: number; body: string; sent: number }> {
    const url = new URL(path, server.baseUrl);
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = http.request(url, { method: "POST", headers });
      const chunk = Buffer.alloc(64 * 1024, "a");
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        if (!answered) request.end();
      };
      request.on("response", (response) => {
        answered = true;
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () => {
          request.destroy();
          resolve({ status: response.statusCode!, body: Buffer.concat(parts).toString(), sent });
        });
      });
      // Once answered, the server may cut the rest of the upload: that is the point.
      request.on("error", (error) => (answered ? undefined : reject(error)));
      pump();
    });
  }

  /** Declares a body of `length` bytes and sends none of it: the answer must come anyway. */
  function declareOnly(
    path: string,
    length: number,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    const url = new URL(path, server.baseUrl);
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: "POST",
        headers: { ...headers, "Content-Length": String(length) },
      });
      request.on("response", (response) => {
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () => {
          request.destroy();
          resolve({ status: response.statusCode!, body: Buffer.concat(parts).toString() });
        });
      });
      request.on("error", reject);
      request.flushHeaders();
    });
  }

  it("answers 413 to a chunked upload past its limit while the client is still sending", async () => {
    const upload = await stream(
      `/coordinator/consultations/${fixture.consultationId}/import/upload`,
      {
        "Content-Type": "multipart/form-data; boundary=xyz",
        Accept: "application/json",
        Cookie: fixture.cookie,
      },
    );
    expect(upload.status).toBe(413);
    // Its page reads its own shape; the message is in the visitor's language.
    expect(JSON.parse(upload.body)).toMatchObject({ ok: false, problems: [] });
    expect(JSON.parse(upload.body).message).toBeTruthy();
    expect(upload.sent).toBeLessThan(64 * 1024 * 1024);
    const opinion = await stream(opinionsPath(), {
      "Content-Type": "application/json",
      "Idempotency-Key": crypto.randomUUID(),
    });
    expect(opinion.status).toBe(413);
    expect(JSON.parse(opinion.body).error.code).toBe("too_large");
    expect(opinion.sent).toBeLessThan(64 * 1024 * 1024);
  });

  it("answers 413 to a declared length past the limit before any of the body is sent", async () => {
    const opinion = await declareOnly(opinionsPath(), 500 * 1024 * 1024, {
      "Content-Type": "application/json",
      "Idempotency-Key": crypto.randomUUID(),
    });
    expect(opinion.status).toBe(413);
    expect(JSON.parse(opinion.body).error.code).toBe("too_large");
    const form = await declareOnly("/login", 500 * 1024 * 1024, {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: fixture.cookie,
    });
    expect(form.status).toBe(413);
    expect(form.body).toContain('class="error-status">413<');
  });

  it("answers 413 to a form or opinion just past its limit, and takes one within it", async () => {
    expectErrorPage(await postForm("/login", { email: "a".repeat(20 * 1024) }), 413);
    const big = JSON.stringify({ body: "意".repeat(40_000), scope: "draft" });
    expectApiError(await postOpinion(big), 413, "too_large");
    // The largest honest opinion, every character escaped as \uXXXX, still fits.
    const escaped = `{"scope":"draft","body":"${"\\u610f".repeat(5000)}","proposedText":"${"\\u610f".repeat(5000)}"}`;
    expect((await postOpinion(escaped)).status).toBe(201);
  });

  it("refuses a cross-site or tokenless page write before reading its body", async () => {
    const huge = 500 * 1024 * 1024;
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    for (const headers of [
      { ...form, Cookie: fixture.cookie, Origin: "http://evil.example" },
      { ...form, Cookie: fixture.cookie, "Sec-Fetch-Site": "cross-site" },
      { ...form }, // no CSRF cookie: no form token could match
      { ...form, Cookie: fixture.cookie, "X-CSRF-Token": "another-token-0123456789abcdefghijkl" },
    ]) {
      const answer = await declareOnly("/login", huge, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body).toContain('class="error-status">403<');
    }
    // React Router's script requests go on to the route, whose refusal they can show.
    const script = await send("/login.data", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.cn&password=x",
    });
    expect(script.status).toBe(403);
    expect(script.type).not.toMatch(/text\/html/);
    // The route checks a header token before it reads the body, too.
    const unread = new ReadableStream({
      pull() {
        throw new Error("the body was read");
      },
    });
    const direct = await callRoute(
      login.action as never,
      new Request("http://localhost/login", {
        method: "POST",
        headers: { "X-CSRF-Token": "another-token", "Content-Type": "text/plain" },
        body: unread,
        duplex: "half",
      } as RequestInit),
      makeContext(t.handle.db, t.handle.kind),
    );
    expect(direct.status).toBe(403);
  });

  it("shows no stack, file path or SQL when a handler fails, and logs it instead", async () => {
    const app = express();
    app.get("/boom", () => {
      throw new Error('relation "users" at /work/app/x.ts:1 SELECT secret');
    });
    app.get("/api/boom", () => {
      throw new Error("SELECT secret FROM users");
    });
    app.use(handleErrors);
    // The setup spies on console.error to fail on any; this test expects the two it causes
    // (the server's error lines, handed to console.error here).
    configureLogging("error", consoleErrorLog());
    const logged = vi.mocked(console.error).mockImplementation(() => {});
    const listening = await listen(app, 0, "127.0.0.1");
    try {
      const base = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
      const page = await fetch(`${base}/boom`);
      const pageText = await page.text();
      expect(page.status).toBe(500);
      expect(pageText).not.toMatch(LEAK);
      expect(pageText).toContain('class="error-status">500<');
      const api = await fetch(`${base}/api/boom`);
      const apiText = await api.text();
      expect(api.status).toBe(500);
      expect(apiText).not.toMatch(LEAK);
      expect(JSON.parse(apiText).error.code).toBe("internal");
      expect(logged).toHaveBeenCalledTimes(2);
      expect(String(logged.mock.calls[0]![0])).toContain("SELECT secret");
    } finally {
      listening.closeAllConnections();
      await new Promise((resolve) => listening.close(resolve));
    }
  });
});
