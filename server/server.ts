import "./production-mode.ts";
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import {
  createRequestHandler as createReactRouterHandler,
  type AppLoadContext,
  type ServerBuild,
} from "react-router";
import type { AppContext } from "../app/context.ts";
import { LOCALE_COOKIE, negotiateLocale } from "../app/i18n/index.ts";
import { TEXT_SIZE_COOKIE, textSizeOf } from "../app/lib/text-size.ts";
import { LIVE_MS, ReadingCaches } from "../app/lib/reading-caches.ts";
import { livenessBody, probeDatabase } from "../app/lib/liveness.server.ts";
import { projectRoot, type Env } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { serverBuildPath } from "./build.ts";
import { compressAnswers, precompressedAssets } from "./compression.ts";
import { createPageCache, createStylesheetInliner } from "./page-cache.ts";
import { answerDatabaseUnavailable, databaseUnavailableHandler } from "./database-unavailable.ts";
import type { CompareInWorker } from "./compare-pool.ts";
import { applyProxyTrust, connectionFacts, strictTransportSecurity } from "./proxy.ts";
import {
  bufferedBody,
  checkUrl,
  CSRF_COOKIE,
  guardBodies,
  isCsrfToken,
  readCookie,
} from "./hardening.ts";
import { logger, logRequests } from "./logging.ts";
import {
  countPageCache,
  measureDatabase,
  metricsHandler,
  observeRequest,
  routeNamer,
} from "./metrics.ts";
import { setErrorPageStylesheets } from "./refusal.ts";
import { createRequestHandler, handleErrors, webRequest } from "./request-handler.ts";
import type { SearchEngine } from "../search/types.ts";

const SESSION_COOKIE = "kaimen_session";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Opinions (the form and the API) change one consultation's counts; other writes may change any. */
const OPINION_WRITE = /^\/(?:api\/v1\/)?consultations\/([^/]+)\/opinions\b/;

/** The fast /healthz answer of each app, run before Express (see listen). */
const healthChecks = new WeakMap<express.Express, () => Promise<string>>();

/**
 * /healthz answered by the request listener itself, before Express's stack (≤ 0.3 ms): the body
 * of app/routes/healthz.ts, with the database probe at most PROBE_EVERY_MS old — a request that
 * finds it older starts the next probe in the background and answers with the last one (the
 * first request waits for the first probe).
 */
function healthCheck(database: DatabaseHandle, searchEngine: string | undefined) {
  const PROBE_EVERY_MS = 1000;
  let last: { at: number; outcome: Awaited<ReturnType<typeof probeDatabase>> } | undefined;
  let running: Promise<void> | undefined;
  const probeNow = () =>
    (running ??= probeDatabase(database.db)
      .then((outcome) => {
        last = { at: Date.now(), outcome };
      })
      .finally(() => {
        running = undefined;
      }));
  return async (): Promise<string> => {
    if (!last) await probeNow();
    else if (Date.now() - last.at > PROBE_EVERY_MS) void probeNow();
    return JSON.stringify(livenessBody({ dbKind: database.kind, searchEngine }, last!.outcome));
  };
}

/**
 * Creates the HTTP server: static assets, security headers, the CSRF cookie, and React Router's
 * handler with the typed load context (database, secret, per-request facts).
 */
export async function createServer(options: {
  env: Env;
  database: DatabaseHandle;
  sessionSecret: string;
  compare?: CompareInWorker;
  search?: SearchEngine;
}) {
  const { env, database, sessionSecret, compare, search } = options;
  // Loaders and actions that meet an unavailable database answer 503 + Retry-After.
  const build = answerDatabaseUnavailable(
    (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild,
  );
  const app = express();
  app.disable("x-powered-by");
  // Pages carry their own validators (server/page-cache.ts); Express's weak ETag of every body
  // would cost a hash per answer.
  app.set("etag", false);
  applyProxyTrust(app, env.trustProxy);
  healthChecks.set(app, healthCheck(database, search?.name));
  measureDatabase(database);

  // First: every request gets its id and its log line, and is counted (server/logging.ts,
  // server/metrics.ts) — the page cache's answers too.
  app.use(logRequests({ routeOf: routeNamer(build), observe: observeRequest }));
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  app.use(strictTransportSecurity);
  // Hostile input (server/hardening.ts): a path or query that does not decode to text is refused
  // before anything looks at it.
  app.use(checkUrl);
  // Prometheus scrapes here (private addresses, or KAIMEN_METRICS_TOKEN): before the assets, the
  // page cache and the router, which have nothing to do with it.
  app.get("/metrics", metricsHandler(env.metricsToken));
  setErrorPageStylesheets(build.assets.routes.root?.css ?? []);
  const readingCaches = new ReadingCaches();
  const clientDir = path.join(projectRoot, "build", "client");
  const assetsDir = path.join(clientDir, "assets");
  app.use("/assets", precompressedAssets(assetsDir));
  app.use("/assets", express.static(assetsDir, { immutable: true, maxAge: "1y" }));

  // A write this process records (an opinion, a moderation, a disposition, a publication) may
  // change what the cached pages show: once it has succeeded, the pages it may touch are
  // rendered again on their next request, so the writer sees the new count at once.
  app.use((req, res, next) => {
    if (WRITES.has(req.method))
      res.on("finish", () => {
        if (res.statusCode >= 400) return;
        const consultation = OPINION_WRITE.exec(req.path)?.[1];
        if (consultation) {
          readingCaches.forgetLive(`consultation:${consultation}|`);
          pageCache.invalidate(`/consultations/${consultation}`);
        } else {
          readingCaches.forgetLive();
          pageCache.invalidate();
        }
      });
    next();
  });

  // Double-submit CSRF token: a random value in a SameSite cookie that forms echo back. The
  // cookie is set only when a page renders a form (issueCsrfToken), so a page without one can
  // be cached and shared.
  const csrfOf = (req: express.Request) => {
    const token = readCookie(req.headers.cookie, CSRF_COOKIE);
    return isCsrfToken(token) ? token : "";
  };
  const csrfIssuer = (req: express.Request, res: express.Response) => {
    let token = csrfOf(req);
    return () => {
      if (!token) {
        token = randomBytes(24).toString("base64url");
        if (!res.headersSent)
          res.cookie(CSRF_COOKIE, token, {
            httpOnly: true,
            sameSite: "lax",
            secure: req.secure,
            path: "/",
          });
      }
      return token;
    };
  };

  const readiness = {
    searchLagSeconds: env.readySearchLagSeconds,
    mailLagSeconds: env.readyMailLagSeconds,
  };
  const loadContext = (
    req: express.Request,
    res: express.Response,
    cspNonce = randomBytes(16).toString("base64"),
  ): AppContext => ({
    db: database.db,
    dbKind: database.kind,
    sessionSecret,
    timeZone: env.timeZone,
    rateLimit: env.rateLimit,
    ...connectionFacts(req),
    // Without a cookie, a value no client knows: a write can match nothing (an empty token
    // would match an empty header).
    csrfToken: csrfOf(req) || randomBytes(24).toString("base64url"),
    issueCsrfToken: csrfIssuer(req, res),
    dataRequest: req.path.endsWith(".data"),
    fragments: new Map(),
    readingCaches,
    cspNonce,
    compare,
    search,
    readiness,
    pdfFont: env.pdfFont,
    filesDir: path.join(env.dataDir, "files"),
    memo: new Map(),
  });

  // Anonymous readers' reading and consultation pages come from the page cache; everyone else's
  // pages are rendered per request (the text itself still comes rendered from its own cache).
  const renderPage = createReactRouterHandler(build, "production");
  const inlineStylesheets = createStylesheetInliner(clientDir);
  const pageCache = createPageCache({
    rules: [
      {
        path: /^\/bills\/[^/]+\/versions\/[^/.]+$/,
        ttlMs: 60_000,
        cacheControl: "public, max-age=300",
      },
      {
        path: /^\/consultations\/[^/.]+$/,
        ttlMs: LIVE_MS,
        // Browsers ask again each time (a 304 when nothing changed); a shared cache may hold it
        // as long as this process would.
        cacheControl: `public, max-age=0, s-maxage=${LIVE_MS / 1000}`,
      },
    ],
    maxBytes: 64 * 1024 * 1024,
    signedIn: (req) => readCookie(req.headers.cookie, SESSION_COOKIE) !== undefined,
    // The language, and the large-text mode when chosen (issue 18): "zh-CN" or "zh-CN large".
    localeOf: (req) => {
      const locale = negotiateLocale(
        req.headers.cookie ?? null,
        req.get("Accept-Language") ?? null,
      );
      return textSizeOf(req.headers.cookie) === "large" ? `${locale} large` : locale;
    },
    async render(req, res, variant) {
      // The canonical request: this URL in this language and size, nothing else of the reader's.
      const [locale = "", size] = variant.split(" ");
      const cookie = `${LOCALE_COOKIE}=${locale}${size ? `; ${TEXT_SIZE_COOKIE}=${size}` : ""}`;
      const request = new Request(`${req.protocol}://${req.host}${req.originalUrl}`, {
        headers: { Cookie: cookie, "Accept-Language": locale },
      });
      let formToken = false;
      const context: AppContext = {
        ...loadContext(req, res),
        csrfToken: "",
        issueCsrfToken: () => {
          formToken = true;
          return "";
        },
        cspNonce: "",
      };
      const response = await renderPage(request, context as unknown as AppLoadContext);
      const body = Buffer.from(inlineStylesheets(await response.text()));
      (res.locals as { pageRendered?: boolean }).pageRendered = true;
      const shared =
        response.status === 200 &&
        !formToken &&
        !response.headers.has("Set-Cookie") &&
        /^text\/html/.test(response.headers.get("Content-Type") ?? "");
      return shared ? { status: response.status, headers: response.headers, body } : null;
    },
  });
  // A page answered without this request waiting for its render is a hit; one whose render it
  // waited for is a miss (a page that aged is answered at once while it renders again: a hit).
  app.use(async (req, res, next) => {
    let declined = false;
    await pageCache.middleware(req, res, (error?: unknown) => {
      declined = true;
      next(error);
    });
    if (!declined)
      countPageCache((res.locals as { pageRendered?: boolean }).pageRendered ? "miss" : "hit");
  });

  // Everything else is compressed as it goes, but the opinion intake, whose answers are tiny and
  // whose rate matters (bench/opinions.ts).
  const compress = compressAnswers();
  app.use((req, res, next) =>
    req.method === "POST" && OPINION_WRITE.test(req.path) ? next() : compress(req, res, next),
  );
  // The API has no files: skipping the file lookup saves a stat per API call (bench/opinions.ts).
  const files = express.static(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (req.path.startsWith("/api/") ? next() : files(req, res, next)));

  // Cross-site page writes are refused before their body is read; every body is read here
  // within its route's limit (413 past it) and checked, for the handlers below.
  app.use(guardBodies);

  // Speed (bench/opinions.ts): POST /api/v1/consultations/:id/opinions calls its route module
  // directly — the same code React Router would run, without the router's matching and stream
  // plumbing, which cost more than the submission itself. The route's one-statement path
  // (quickOpinion) takes what it needs from Express's request as it is, and its receipt is
  // written as it is; only when it declines is a web Request built for the action's full path.
  type RouteAction = NonNullable<NonNullable<ServerBuild["routes"][string]>["module"]["action"]>;
  const opinionsAction = build.routes["routes/api.opinions"]?.module.action as
    | (RouteAction & {
        quick?: (
          input: { consultationId: string; key?: string; raw: string; cookie?: string },
          context: AppLoadContext,
        ) => Promise<object | null>;
        afterQuick?: RouteAction;
      })
    | undefined;
  const quickOpinion = opinionsAction?.quick;
  const opinionAction = (quickOpinion && opinionsAction?.afterQuick) || opinionsAction;
  if (opinionAction) {
    app.post("/api/v1/consultations/:id/opinions", async (req, res, next) => {
      try {
        // No page, so no nonce: a random draw is a system call, and costs here.
        const context = loadContext(req, res, "") as unknown as AppLoadContext;
        if (quickOpinion) {
          const receipt = await quickOpinion(
            {
              consultationId: req.params.id,
              key: req.get("Idempotency-Key"),
              raw: bufferedBody(req).toString("utf8"),
              cookie: req.headers.cookie,
            },
            context,
          );
          if (receipt) {
            res.status(201).setHeader("Content-Type", "application/json");
            res.end(JSON.stringify(receipt));
            return;
          }
        }
        const request = webRequest(req, res);
        let response: unknown;
        try {
          response = await opinionAction({
            request,
            params: { id: req.params.id },
            context,
          } as never);
        } catch (thrown) {
          if (!(thrown instanceof Response)) throw thrown;
          response = thrown;
        }
        if (!(response instanceof Response)) return next(new Error("the action gave no Response"));
        res.status(response.status);
        response.headers.forEach((value, name) => res.append(name, value));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        next(error);
      }
    });
  }

  app.use(
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext(req, res): AppLoadContext {
        return loadContext(req, res) as unknown as AppLoadContext;
      },
    }),
  );
  // An error passed on by the routes above (the opinion fast route) that means the database is
  // unavailable: 503 + Retry-After in the API's shape, never a 500.
  app.use(databaseUnavailableHandler);
  app.use(handleErrors);
  return app;
}

/**
 * Listens on the port and resolves once the server accepts connections. GET /healthz is answered
 * here, before Express: a load balancer asks often, and the stack would be most of its cost.
 */
export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  const health = healthChecks.get(app);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (health && req.url === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      // Probes come every few seconds from every balancer: logged at debug level only.
      const log = logger();
      if (log.isLevelEnabled("debug"))
        res.once("close", () => log.debug({ route: "healthz", status: res.statusCode }, "request"));
      health().then(
        (body) => {
          res.writeHead(200, {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
          });
          res.end(req.method === "HEAD" ? undefined : body);
        },
        () => app(req, res),
      );
      return;
    }
    app(req, res);
  };
  return new Promise((resolve, reject) => {
    const server = http.createServer(listener);
    server.on("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
