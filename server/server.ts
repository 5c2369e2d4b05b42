import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import type { AppLoadContext, ServerBuild } from "react-router";
import type { AppContext } from "../app/context.ts";
import { projectRoot, type Env } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { serverBuildPath } from "./build.ts";
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
import { setErrorPageStylesheets } from "./refusal.ts";
import { createRequestHandler, handleErrors, webRequest } from "./request-handler.ts";
import type { SearchEngine } from "../search/types.ts";

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
  applyProxyTrust(app, env.trustProxy);

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
  setErrorPageStylesheets(build.assets.routes.root?.css ?? []);
  const clientDir = path.join(projectRoot, "build", "client");
  app.use(
    "/assets",
    express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }),
  );
  // The API has no files: skipping the file lookup saves a stat per API call (bench/opinions.ts).
  const files = express.static(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (req.path.startsWith("/api/") ? next() : files(req, res, next)));

  // Double-submit CSRF token: a random value in a SameSite cookie that forms echo back.
  app.use((req, res, next) => {
    let token = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!isCsrfToken(token)) {
      token = randomBytes(24).toString("base64url");
      res.cookie(CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: req.secure,
        path: "/",
      });
    }
    res.locals.csrfToken = token;
    next();
  });
  // Cross-site page writes are refused before their body is read; every body is read here
  // within its route's limit (413 past it) and checked, for the handlers below.
  app.use(guardBodies);

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
    csrfToken: res.locals.csrfToken as string,
    cspNonce,
    compare,
    search,
    pdfFont: env.pdfFont,
    memo: new Map(),
  });

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

/** Listens on the port and resolves once the server accepts connections. */
export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
    server.on("error", reject);
  });
}
