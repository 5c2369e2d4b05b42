import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { pino, type Logger } from "pino";
import type { Env } from "../config/env.ts";

// The process's operational log: JSON lines on stdout (one object a line, pino's shape: level,
// time, msg and fields), for a collector (journald, docker logs, Loki) to index. Every request
// gets one line with its request id, the route it matched — never its URL, whose query may carry
// a receipt or a lookup code — its status, duration and bytes; an error is logged with its stack
// and the request id the client was given, so a report "it failed, request id X" finds its stack.

export type { Logger };

/** The level names LOG_LEVEL accepts. */
export type LogLevel = Env["logLevel"];

// The server build (app/entry.server.tsx: route errors) is a bundle of its own and cannot import
// this module; it finds the process's logger under this symbol.
const SHARED = Symbol.for("kaimen.logger");

let current: Logger = share(pino({ level: "info", timestamp: pino.stdTimeFunctions.isoTime }));

function share(log: Logger): Logger {
  (globalThis as { [SHARED]?: Logger })[SHARED] = log;
  return log;
}

/** The process's logger (info level until `configureLogging` is called). */
export function logger(): Logger {
  return current;
}

/**
 * Sets the process's logger at `level`, writing to stdout (or `destination`, for tests). Called
 * once at start by `kaimen serve` and `kaimen worker`.
 */
export function configureLogging(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  current = share(destination ? pino(options, destination) : pino(options));
  return current;
}

/** A request id the client chose that is safe to repeat in a log line and a header. */
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The id of this request: the client's X-Request-Id when it is a sane token, else a new one. */
export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }) {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && SANE_ID.test(given) ? given : randomUUID();
}

/** What the logging middleware keeps on res.locals for the handlers after it. */
export interface RequestLog {
  requestId: string;
  log: Logger;
}

/** The request's id and logger (set by `logRequests`); the process's logger outside a request. */
export function requestLog(res: Response): RequestLog | undefined {
  return (res.locals as { requestLog?: RequestLog }).requestLog;
}

/** One finished (or abandoned) request, for the log line and the metrics. */
export interface FinishedRequest {
  method: string;
  route: string;
  status: number;
  durationMs: number;
  bytes: number;
  aborted: boolean;
}

/**
 * Express middleware: gives the request its id (echoed in X-Request-Id), and when the answer is
 * done writes its line and hands it to `observe` (the metrics). `routeOf` names the route from the
 * path (never the query), so a line and a metric label hold no receipt or code.
 */
export function logRequests(options: {
  routeOf: (req: Request, res: Response) => string;
  observe?: (finished: FinishedRequest) => void;
}) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.setHeader("X-Request-Id", requestId);
    const socket = req.socket;
    const writtenBefore = socket.bytesWritten;
    const base = current;
    // The child logger is made only when a handler asks for it (an error): most requests never do.
    let child: Logger | undefined;
    const entry: RequestLog = {
      requestId,
      get log() {
        return (child ??= base.child({ requestId }));
      },
    };
    (res.locals as { requestLog?: RequestLog }).requestLog = entry;
    res.once("close", () => {
      const finished: FinishedRequest = {
        method: req.method,
        route: options.routeOf(req, res),
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        bytes: Math.max(0, socket.bytesWritten - writtenBefore),
        aborted: !res.writableFinished,
      };
      options.observe?.(finished);
      if (!base.isLevelEnabled("info")) return;
      base.info(
        {
          requestId,
          method: finished.method,
          route: finished.route,
          status: finished.status,
          durationMs: Math.round(finished.durationMs * 100) / 100,
          bytes: finished.bytes,
          ...(finished.aborted ? { aborted: true } : {}),
        },
        "request",
      );
    });
    next();
  };
}

/** An error's fields for a log line: its message and stack, never a request body. */
export function errorFields(error: unknown): { err: { message: string; stack?: string } } {
  return error instanceof Error
    ? { err: { message: error.message, stack: error.stack } }
    : { err: { message: String(error) } };
}
