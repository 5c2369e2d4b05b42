import type { NextFunction, Request, Response } from "express";
import {
  createRequestHandler as createReactRouterHandler,
  type AppLoadContext,
  type ServerBuild,
} from "react-router";
import { writeReadableStreamToWritable } from "@react-router/node";
import { bufferedBody } from "./hardening.ts";
import { errorFields, logger, requestLog } from "./logging.ts";
import { refuse } from "./refusal.ts";

// React Router's Express adapter (@react-router/express), but the request body is the one
// server/hardening.ts has read within the route's limit — the adapter would stream the socket to
// whatever reads it, without a bound. An API route that throws answers in the API's error shape
// instead of React Router's plain "Unexpected Server Error".

/** The web Request of an Express request, with its already-read body. */
export function webRequest(req: Request, res: Response): globalThis.Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  // The id this request is answered and logged with (server/logging.ts), for the route's errors.
  const requestId = requestLog(res)?.requestId;
  if (requestId) headers.set("X-Request-Id", requestId);
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`${req.protocol}://${req.host}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: bufferedBody(req) } : {}),
  });
}

/** Sends a web Response through Express. */
export async function sendResponse(res: Response, response: globalThis.Response): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  res.statusMessage = response.statusText;
  res.status(response.status);
  response.headers.forEach((value, name) => res.append(name, value));
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await writeReadableStreamToWritable(response.body, res);
  } catch (error) {
    if (!(res.destroyed || res.writableEnded)) throw error;
  }
}

/** Serves React Router's build; its load context comes from `getLoadContext`. */
export function createRequestHandler(options: {
  build: ServerBuild;
  mode?: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createReactRouterHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handle(webRequest(req, res), options.getLoadContext(req, res));
      const json = /^application\/json/i.test(response.headers.get("Content-Type") ?? "");
      if (req.path.startsWith("/api/") && response.status >= 500 && !json) {
        await response.body?.cancel();
        return refuse(req, res, {
          status: response.status,
          code: "internal",
          key: "error.generic",
        });
      }
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The last error handler: the error goes to the log, the client gets the status and a message in
 * its language — never a stack, a file path or a database name (Express's own handler shows the
 * stack whenever NODE_ENV is not "production").
 */
export function handleErrors(error: unknown, req: Request, res: Response, next: NextFunction) {
  const log = requestLog(res)?.log ?? logger();
  if (res.headersSent) {
    log.error(
      { ...errorFields(error), method: req.method, path: req.path },
      "request failed after its answer began",
    );
    req.socket.destroy();
    return;
  }
  const declared = (error as { status?: unknown; statusCode?: unknown } | null) ?? {};
  const given = Number(declared.status ?? declared.statusCode);
  // Express and its parsers mark the client's faults (a malformed URL: 400); anything else is ours.
  const status = given >= 400 && given < 500 ? given : 500;
  // With its stack and the request id the client was shown (X-Request-Id); the path without its
  // query, which may carry a receipt or a lookup code.
  if (status === 500)
    log.error({ ...errorFields(error), method: req.method, path: req.path }, "request failed");
  refuse(req, res, {
    status,
    code: status === 500 ? "internal" : "bad_request",
    key: status === 500 ? "error.generic" : "error.badRequest",
  });
  void next;
}
