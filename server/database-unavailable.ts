// A request that meets an unavailable database (a PostgreSQL restart, a failover, a terminated
// connection) answers 503 with Retry-After — "come back shortly" — instead of React Router's 500
// error boundary or its bare "Unexpected Server Error". The pool reconnects by itself
// (db/client.ts), so the next request after the outage succeeds.

import type { ErrorRequestHandler } from "express";
import type { ServerBuild } from "react-router";
import { apiError } from "../app/lib/errors.ts";
import { requestTranslator } from "../app/i18n/index.ts";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, throttledLog } from "../db/unavailable.ts";
import { logger } from "./logging.ts";

type Kind = "api" | "page" | "file";
type Handler = (args: { request: Request }) => unknown;

// A JSON log line (server/logging.ts), at most one a while: an outage fails every request. A
// warning, not an error: the reader gets a proper 503, and the pool reconnects by itself.
const log = throttledLog((line) => logger().warn({ event: "database_unavailable" }, line));

/**
 * The 503 answer for a request: the API's error shape under /api/, the site's error page for a
 * page (the root ErrorBoundary shows `message`), and a line of text for a file download.
 */
export function unavailableResponse(request: Request, kind: Kind): Response {
  const headers = { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };
  if (kind === "api")
    return apiError(request, "unavailable", "error.unavailable", undefined, headers);
  const message = requestTranslator(request)("error.unavailable");
  if (kind === "page")
    return Response.json({ code: "unavailable", message }, { status: 503, headers });
  return new Response(`${message}\n`, {
    status: 503,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
  });
}

function guard(handler: Handler, kind: (request: Request) => Kind): Handler {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      log(`Database unavailable: ${(error as Error).message} (answering 503)`);
      // A thrown Response is what React Router passes through: as is for a resource route, as
      // the error boundary's data (with its status) for a page.
      throw unavailableResponse(args.request, kind(args.request));
    }
  };
}

/**
 * Returns the server build with every route's loader and action guarded: an error that means the
 * database is unavailable becomes a thrown 503 Response. (React Router offers no hook that can
 * change a loader's error into an answer; entry.server's handleError only sees it.)
 */
export function answerDatabaseUnavailable(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = route.module;
    const page = module.default != null || module.ErrorBoundary != null;
    const kind = (request: Request): Kind =>
      page ? "page" : new URL(request.url).pathname.startsWith("/api/") ? "api" : "file";
    // A module namespace is frozen: the guarded module is a copy with the same exports.
    const guarded = { ...module };
    if (module.loader)
      guarded.loader = guard(module.loader as Handler, kind) as typeof module.loader;
    if (module.action)
      guarded.action = guard(module.action as Handler, kind) as typeof module.action;
    routes[id] = { ...route, module: guarded };
  }
  return { ...build, routes };
}

/** Express's last error handler for the database: 503 + Retry-After in the API's shape. */
export const databaseUnavailableHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (!isDatabaseUnavailable(error) || res.headersSent) return next(error);
  log(`Database unavailable: ${(error as Error).message} (answering 503)`);
  const request = new Request(`http://localhost${req.originalUrl}`, {
    headers: {
      "Accept-Language": req.get("accept-language") ?? "",
      Cookie: req.get("cookie") ?? "",
    },
  });
  const answer = unavailableResponse(request, req.path.startsWith("/api/") ? "api" : "file");
  res.status(answer.status);
  answer.headers.forEach((value, name) => res.setHeader(name, value));
  void answer.arrayBuffer().then((body) => res.end(Buffer.from(body)));
};
