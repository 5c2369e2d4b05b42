import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import {
  ServerRouter,
  type AppLoadContext,
  type EntryContext,
  type HandleDataRequestFunction,
  type HandleErrorFunction,
} from "react-router";
import { RETRY_AFTER_SECONDS } from "../db/unavailable.ts";
import { CsrfIssuer } from "./components/csrf-input.tsx";
import { PreparedFragments } from "./components/legal-text.tsx";
import { NonceProvider } from "./lib/nonce.tsx";

// React Router's default Node entry, plus a Content-Security-Policy whose per-request nonce is
// the only way an inline script (the hydration data) may run. A page rendered for the shared page
// cache has no nonce (it would be the same for every reader): server/page-cache.ts lists its
// inline scripts' hashes instead. The render gets the fragments the loaders prepared (reading
// texts) and the CSRF token issuer for forms (app/components/csrf-input.tsx).

export const streamTimeout = 5_000;

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// A 503 (the database is unavailable: cli/database-unavailable.ts throws it from the loader or
// action) tells the client when to try again. React Router passes a thrown Response's status to
// the page but not its headers, so the header is set here, for pages and for their data requests.
function markRetry(status: number, headers: Headers): void {
  if (status !== 503) return;
  if (!headers.has("Retry-After")) headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  headers.set("Cache-Control", "no-store"); // a passing outage must not be kept by a cache
}

/**
 * A loader's, action's or render's error goes to the server's JSON log with its stack and the
 * request id the reader was answered with (server/logging.ts keeps its logger under this symbol:
 * this bundle cannot import the server's modules); the reader sees the error page only.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const log = (globalThis as { [key: symbol]: unknown })[Symbol.for("kaimen.logger")] as
    { error(fields: object, message: string): void } | undefined;
  if (!log) return console.error(error);
  log.error(
    {
      requestId: request.headers.get("X-Request-Id") ?? undefined,
      path: new URL(request.url).pathname,
      err:
        error instanceof Error
          ? { message: error.message, stack: error.stack }
          : { message: String(error) },
    },
    "route failed",
  );
};

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  markRetry(response.status, response.headers);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  markRetry(responseStatusCode, responseHeaders);
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(
      () => abort(),
      streamTimeout + 1000,
    );

    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <PreparedFragments.Provider value={(key) => loadContext.fragments?.get(key)}>
          <CsrfIssuer.Provider value={loadContext.issueCsrfToken ?? null}>
            <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
          </CsrfIssuer.Provider>
        </PreparedFragments.Provider>
      </NonceProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}
