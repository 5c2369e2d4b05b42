// The pieces of the operational log and the metrics that need no database or build: request ids,
// route names (never a URL), who may read /metrics, and the request line itself.

import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import type { ServerBuild } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { configureLogging, logRequests, requestIdOf } from "../../server/logging.ts";
import { isPrivateAddress, routeNamer } from "../../server/metrics.ts";

describe("request ids", () => {
  it("keeps a plain token a proxy sent and makes a new one for anything else", () => {
    const of = (value?: string) => requestIdOf({ headers: { "x-request-id": value } });
    expect(of("nginx-0123456789abcdef")).toBe("nginx-0123456789abcdef");
    for (const bad of [undefined, "", "short", "a".repeat(129), "x y z 1234", 'id\n{"level":60}'])
      expect(of(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}$/);
  });
});

describe("route names", () => {
  const route = (id: string, parentId: string | undefined, path?: string, index?: boolean) => ({
    id,
    parentId,
    path,
    index,
    caseSensitive: undefined,
    module: {},
  });
  const build = {
    routes: {
      root: route("root", undefined, ""),
      "routes/layouts/public": route("routes/layouts/public", "root"),
      "routes/home": route("routes/home", "routes/layouts/public", undefined, true),
      "routes/consultations": route(
        "routes/consultations",
        "routes/layouts/public",
        "consultations",
      ),
      "routes/consultation": route(
        "routes/consultation",
        "routes/layouts/public",
        "consultations/:id",
      ),
      "routes/opinion-new": route(
        "routes/opinion-new",
        "routes/layouts/public",
        "consultations/:id/opinions/new",
      ),
      "routes/not-found": route("routes/not-found", "routes/layouts/public", "*"),
      "routes/api.lookup": route("routes/api.lookup", "root", "api/v1/opinions/lookup"),
      "routes/api.openapi": route("routes/api.openapi", "root", "api/v1/openapi.json"),
    },
  } as unknown as ServerBuild;
  const name = routeNamer(build);
  const req = (path: string, expressPath?: string) =>
    ({ path, route: expressPath ? { path: expressPath } : undefined }) as express.Request;

  it("names the route matched, never the path with its ids or query", () => {
    expect(name(req("/"))).toBe("routes/home");
    expect(name(req("/consultations"))).toBe("routes/consultations");
    expect(name(req("/consultations/3f1c"))).toBe("routes/consultation");
    expect(name(req("/consultations/3f1c/"))).toBe("routes/consultation");
    expect(name(req("/consultations/3f1c.data"))).toBe("routes/consultation");
    expect(name(req("/_root.data"))).toBe("routes/home");
    expect(name(req("/consultations/3f1c/opinions/new"))).toBe("routes/opinion-new");
    expect(name(req("/api/v1/opinions/lookup"))).toBe("routes/api.lookup");
    expect(name(req("/api/v1/openapi.json"))).toBe("routes/api.openapi");
    expect(name(req("/api/v1/openapiXjson"))).toBe("other");
    expect(name(req("/no/such/page"))).toBe("other");
    expect(name(req("/assets/entry-abc.js"))).toBe("assets");
    expect(
      name(req("/api/v1/consultations/3f1c/opinions", "/api/v1/consultations/:id/opinions")),
    ).toBe("/api/v1/consultations/:id/opinions");
  });
});

describe("who may read /metrics", () => {
  it("lets loopback and private networks in, not the public internet", () => {
    for (const inside of [
      "127.0.0.1",
      "::1",
      "::ffff:10.1.2.3",
      "192.168.1.20",
      "172.16.0.1",
      "fd00::5",
    ])
      expect(isPrivateAddress(inside), inside).toBe(true);
    for (const outside of [
      "8.8.8.8",
      "::ffff:8.8.8.8",
      "172.32.0.1",
      "2001:db8::1",
      "",
      undefined,
      "nonsense",
    ])
      expect(isPrivateAddress(outside), String(outside)).toBe(false);
  });
});

describe("the request line", () => {
  afterEach(() => {
    configureLogging("warn");
  });

  it("is one JSON object with the id answered in X-Request-Id, the route, status, time and bytes", async () => {
    const lines: string[] = [];
    configureLogging(
      "info",
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split("\n").filter(Boolean));
          done();
        },
      }),
    );
    const observed: unknown[] = [];
    const app = express();
    app.use(
      logRequests({
        routeOf: (r) => (r.route as { path: string } | undefined)?.path ?? "other",
        observe: (f) => observed.push(f),
      }),
    );
    app.get("/things/:id", (_req, res) => {
      res.status(201).end("x".repeat(500));
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const answer = await fetch(`${base}/things/42?code=SECRET-CODE`);
      await answer.text();
      const id = answer.headers.get("X-Request-Id");
      for (let i = 0; i < 100 && lines.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({
        level: 30,
        msg: "request",
        requestId: id,
        method: "GET",
        route: "/things/:id",
        status: 201,
      });
      expect(line.bytes).toBeGreaterThan(500);
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
      expect(lines[0]).not.toContain("SECRET-CODE");
      expect(observed).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
