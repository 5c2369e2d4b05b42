import { timingSafeEqual } from "node:crypto";
import { BlockList, isIPv4 } from "node:net";
import type { Request, Response } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ServerBuild } from "react-router";
import type { DatabaseHandle } from "../db/client.ts";
import { outboxHealth } from "../search/health.ts";
import { mailOutboxLag } from "../services/mail-delivery.ts";
import { onOpinionStored } from "../services/opinions.ts";
import { probe } from "../app/lib/probe.server.ts";
import { logger, type FinishedRequest } from "./logging.ts";

// /metrics in Prometheus's text format (README, Operating Kaimen). One registry per process: the
// request and intake counters are the process's, and Prometheus sums the processes. Outbox lag is
// read from the database when scraped (at most once a second, however many scrapers ask); the
// pool is read from node-postgres's counters, which cost nothing.

export const registry = new Registry();
// The process's own: CPU, memory, event loop delay, open handles (read at scrape time).
collectDefaultMetrics({ register: registry });

const httpRequests = new Counter({
  name: "kaimen_http_requests_total",
  help: "HTTP requests answered, by route and status class.",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});

const httpDuration = new Histogram({
  name: "kaimen_http_request_duration_seconds",
  help: "Time from a request's arrival to its answer's last byte, by route and status class.",
  labelNames: ["route", "status"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const opinionsReceived = new Counter({
  name: "kaimen_opinions_received_total",
  help: "Opinions stored by this process (both intake paths).",
  registers: [registry],
});
onOpinionStored(() => opinionsReceived.inc());

const pageCache = new Counter({
  name: "kaimen_page_cache_requests_total",
  help: "Anonymous page requests the page cache answered from memory (hit) or rendered (miss).",
  labelNames: ["result"] as const,
  registers: [registry],
});

/** Counts a page cache answer (server/page-cache.ts). */
export function countPageCache(result: "hit" | "miss"): void {
  pageCache.inc({ result });
}

/** The status class of a status: 2xx, 3xx, 4xx, 5xx. */
function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Counts one finished request (the logging middleware's `observe`). */
export function observeRequest(finished: FinishedRequest): void {
  const status = statusClass(finished.status);
  httpRequests.inc({ route: finished.route, method: finished.method, status });
  httpDuration.observe({ route: finished.route, status }, finished.durationMs / 1000);
}

// The database the gauges read: the serving process's (one per process; in a test process, the
// last server started).
let database: DatabaseHandle | undefined;

/** Points the pool and outbox gauges at this process's database. */
export function measureDatabase(handle: DatabaseHandle): void {
  database = handle;
}

new Gauge({
  name: "kaimen_db_pool_connections",
  help: "Database connections of this process by state (PGlite: one connection, always).",
  labelNames: ["state"] as const,
  registers: [registry],
  collect() {
    const pool = database?.pool;
    if (!pool) {
      this.set({ state: "total" }, database ? 1 : 0);
      this.set({ state: "idle" }, 0);
      this.set({ state: "waiting" }, 0);
      return;
    }
    this.set({ state: "total" }, pool.totalCount);
    this.set({ state: "idle" }, pool.idleCount);
    this.set({ state: "waiting" }, pool.waitingCount);
  },
});

type Lag = {
  search: { pending: number; oldest: number };
  mail: { pending: number; oldest: number };
};
let lag: { at: number; value: Lag | null; reading?: Promise<void> } = { at: 0, value: null };

/** The outboxes' lag, read at most once a second (a scrape from each of several Prometheus). */
async function readLag(): Promise<Lag | null> {
  const handle = database;
  if (!handle) return null;
  if (Date.now() - lag.at < 1000) return lag.value;
  lag.reading ??= (async () => {
    // Bounded like /readyz's checks: a hanging database must not hang the scrape.
    const read = await probe(
      () => Promise.all([outboxHealth(handle.db), mailOutboxLag(handle.db)]),
      2000,
    );
    if (read.ok) {
      const [search, mail] = read.value;
      lag = {
        at: Date.now(),
        value: {
          search: { pending: search.pending, oldest: search.oldestSeconds },
          mail: { pending: mail.pending, oldest: mail.oldestSeconds },
        },
      };
    } else {
      // An unreachable database leaves the gauges out of this scrape (absent, not zero).
      logger().warn({ error: read.error }, "metrics: the outbox lag could not be read");
      lag = { at: Date.now(), value: null };
    }
  })();
  await lag.reading;
  return lag.value;
}

new Gauge({
  name: "kaimen_outbox_pending",
  help: "Rows waiting in an outbox (search: counted up to 100000).",
  labelNames: ["outbox"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const value = await readLag();
    if (!value) return;
    this.set({ outbox: "search" }, value.search.pending);
    this.set({ outbox: "mail" }, value.mail.pending);
  },
});

new Gauge({
  name: "kaimen_outbox_oldest_seconds",
  help: "Age of the oldest row waiting in an outbox, in seconds (0 when none waits).",
  labelNames: ["outbox"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const value = await readLag();
    if (!value) return;
    this.set({ outbox: "search" }, value.search.oldest);
    this.set({ outbox: "mail" }, value.mail.oldest);
  },
});

/**
 * Names a request's route for logs and labels: the React Router route id it matches (bounded,
 * and never the URL with its query), the Express route of a route answered before React Router,
 * or "assets". Unmatched paths (the catch-all route) are "other".
 *
 * React Router's matchRoutes flattens and ranks the whole route tree on every call; this is
 * asked once per request, so the routes are flattened and ranked once here, by the same scores
 * (a static segment beats a parameter, which beats a splat; an index route beats its parent).
 */
export function routeNamer(build: ServerBuild): (req: Request) => string {
  const routes = Object.values(build.routes).filter((r) => r !== undefined);
  const byId = new Map(routes.map((r) => [r.id, r]));
  const fullPath = (id: string | undefined): string => {
    const route = id ? byId.get(id) : undefined;
    if (!route) return "";
    const parent = fullPath(route.parentId);
    return route.path ? `${parent}/${route.path}`.replace(/\/+/g, "/") : parent;
  };
  const ranked = routes
    .filter((r) => r.path !== undefined || r.index)
    .map((r, order) => {
      const path = fullPath(r.id) || "/";
      const segments = path.split("/").filter(Boolean);
      let score = segments.length + (r.index ? 2 : 0);
      const pattern = segments
        .map((segment) => {
          if (segment === "*") {
            score -= 2;
            return "(?:/.*)?";
          }
          if (segment.startsWith(":")) {
            score += 3;
            return "/[^/]+";
          }
          score += 10;
          return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
        })
        .join("");
      const splat = segments.at(-1) === "*";
      return {
        id: splat ? "other" : r.id,
        score,
        order,
        pattern: new RegExp(`^${pattern}/?$`, r.caseSensitive ? "" : "i"),
      };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return (req) => {
    const expressRoute = (req.route as { path?: unknown } | undefined)?.path;
    if (typeof expressRoute === "string") return expressRoute;
    const path = req.path;
    if (path.startsWith("/assets/")) return "assets";
    // React Router's client data requests (/x.data, /_root.data) are the page's route.
    const page = path.endsWith(".data") ? path.slice(0, -5).replace(/\/_root$/, "/") : path;
    return ranked.find((r) => r.pattern.test(page))?.id ?? "other";
  };
}

// Loopback and the private networks (RFC 1918, IPv6 unique local and link-local): where the
// deploy's Prometheus scrapes from (deploy/nginx.conf allows the same).
const privateNetworks = new BlockList();
privateNetworks.addSubnet("127.0.0.0", 8, "ipv4");
privateNetworks.addSubnet("10.0.0.0", 8, "ipv4");
privateNetworks.addSubnet("172.16.0.0", 12, "ipv4");
privateNetworks.addSubnet("192.168.0.0", 16, "ipv4");
privateNetworks.addAddress("::1", "ipv6");
privateNetworks.addSubnet("fc00::", 7, "ipv6");
privateNetworks.addSubnet("fe80::", 10, "ipv6");

/** Whether an address (as Express gives it, IPv4-mapped IPv6 included) is private. */
export function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4 || isIPv4(address)) return privateNetworks.check(v4 ?? address, "ipv4");
  try {
    return privateNetworks.check(address, "ipv6");
  } catch {
    return false;
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(header ?? "")?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics: for a client at a private address (req.ip, so behind trusted proxies the address
 * the proxy saw), or one presenting KAIMEN_METRICS_TOKEN as a bearer token; 403 for anyone else.
 */
export function metricsHandler(token: string | undefined) {
  return async (req: Request, res: Response) => {
    const allowed =
      isPrivateAddress(req.ip) ||
      (token !== undefined && tokenMatches(req.get("Authorization"), token));
    res.setHeader("Cache-Control", "no-store");
    if (!allowed) {
      res.status(403).type("text/plain").end("Forbidden\n");
      return;
    }
    const body = await registry.metrics();
    res.status(200).type(registry.contentType).end(body);
  };
}
