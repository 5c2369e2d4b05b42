import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import * as apiLookup from "../../app/routes/api.lookup.ts";
import * as login from "../../app/routes/login.tsx";
import { applyProxyTrust, connectionFacts, strictTransportSecurity } from "../../server/proxy.ts";
import { readEnv } from "../../config/env.ts";
import { makeUser } from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, formRequest, makeContext } from "../support/routes.ts";

// The server's own wiring (server/proxy.ts) on a small Express app over a real socket: which
// X-Forwarded-* headers are believed decides the address every rate limit and audit row keys
// on, and whether the connection counts as HTTPS.

describe("behind a reverse proxy (KAIMEN_TRUST_PROXY)", () => {
  const t = useTestDatabase();
  const servers: import("node:http").Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  /** Serves /facts (what the load context would hold) and the lookup API, trusting as configured. */
  async function serve(trustProxy: string): Promise<string> {
    const app = express();
    applyProxyTrust(app, readEnv({ KAIMEN_TRUST_PROXY: trustProxy }).trustProxy);
    app.use(strictTransportSecurity);
    app.get("/facts", (req, res) => {
      res.json(connectionFacts(req));
    });
    app.get("/api/v1/opinions/lookup", async (req, res) => {
      const context = makeContext(t.handle.db, t.handle.kind, connectionFacts(req));
      const request = new Request(`http://localhost${req.originalUrl}`, {
        headers: { "Accept-Language": req.get("Accept-Language") ?? "" },
      });
      const answer = (await apiLookup.loader({
        request,
        context,
        params: {},
      } as never)) as Response;
      res.status(answer.status);
      answer.headers.forEach((value, name) => res.setHeader(name, value));
      res.send(await answer.text());
    });
    // Signs the user in (the test's own user, by query) and passes on the session cookie.
    app.post("/login", async (req, res) => {
      const context = makeContext(t.handle.db, t.handle.kind, connectionFacts(req));
      const fields = { email: String(req.query.email), password: String(req.query.password) };
      const answer = await callRoute(login.action, formRequest("/login", fields), context);
      res.status(answer.status).setHeader("Set-Cookie", answer.headers.get("Set-Cookie") ?? "");
      res.end();
    });
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const facts = async (base: string, headers: Record<string, string>) =>
    (await (await fetch(`${base}/facts`, { headers })).json()) as {
      clientIp: string;
      secureCookies: boolean;
    };

  it("with one trusted hop, takes the address the proxy saw, not a forged one before it", async () => {
    const base = await serve("1");
    const seen = await facts(base, { "X-Forwarded-For": "198.51.100.66, 203.0.113.7" });
    expect(seen.clientIp).toBe("203.0.113.7");
  });

  it("without trust, takes the socket's address whatever the headers say", async () => {
    const base = await serve("0");
    const seen = await facts(base, { "X-Forwarded-For": "198.51.100.66, 203.0.113.7" });
    expect(seen.clientIp).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("with a list of proxies, skips only those addresses from the right", async () => {
    const trusted = await serve("127.0.0.1, 10.0.0.0/8");
    expect(
      (await facts(trusted, { "X-Forwarded-For": "198.51.100.66, 203.0.113.7, 10.1.2.3" }))
        .clientIp,
    ).toBe("203.0.113.7");
    // The app is reached from 127.0.0.1, which this list does not name: nothing is believed.
    const other = await serve("192.0.2.1");
    expect((await facts(other, { "X-Forwarded-For": "203.0.113.7" })).clientIp).toMatch(
      /^(::ffff:)?127\.0\.0\.1$/,
    );
  });

  it("keys the lookup API's rate limit on that address, so forging the header gains nothing", async () => {
    const base = await serve("1");
    const real = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    const lookUp = (n: number) =>
      fetch(`${base}/api/v1/opinions/lookup?receipt=KM0000000000000000&code=nope`, {
        headers: { "X-Forwarded-For": `198.51.100.${n % 250}, ${real}`, "Accept-Language": "en" },
      });
    for (let n = 0; n < 30; n++) expect((await lookUp(n)).status).toBe(404);
    const refused = await lookUp(30);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/^Too many attempts; please try again in \d+ seconds\.$/);
  });

  it("counts HTTPS and sends HSTS when a trusted proxy says so, and only then", async () => {
    const trusted = await serve("1");
    const https = await fetch(`${trusted}/facts`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(((await https.json()) as { secureCookies: boolean }).secureCookies).toBe(true);
    expect(https.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}/);
    const plain = await fetch(`${trusted}/facts`);
    expect(((await plain.json()) as { secureCookies: boolean }).secureCookies).toBe(false);
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();

    const untrusted = await serve("0");
    const forged = await fetch(`${untrusted}/facts`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(((await forged.json()) as { secureCookies: boolean }).secureCookies).toBe(false);
    expect(forged.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("marks the session cookie Secure when the request came over HTTPS through a trusted proxy", async () => {
    const user = await makeUser(t.handle.db);
    const signIn = async (base: string, headers: Record<string, string> = {}) => {
      const query = new URLSearchParams({ email: user.email, password: user.password });
      const answer = await fetch(`${base}/login?${query}`, { method: "POST", headers });
      expect(answer.status).toBe(302);
      return answer.headers.get("Set-Cookie") ?? "";
    };
    const trusted = await serve("1");
    expect(await signIn(trusted, { "X-Forwarded-Proto": "https" })).toMatch(
      /^kaimen_session=[^;]+;.*; Secure/,
    );
    expect(await signIn(trusted)).not.toMatch(/Secure/);
    expect(await signIn(await serve("0"), { "X-Forwarded-Proto": "https" })).not.toMatch(/Secure/);
  });
});
