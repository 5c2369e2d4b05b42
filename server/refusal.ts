import type { Request, Response } from "express";
import { negotiateLocale, translator, type MessageKey } from "../app/i18n/index.ts";

// How the HTTP layer refuses a request before (or instead of) React Router: in the API's error
// shape for API and script clients, or as the site's error page for browsers — the same title,
// status, message and link home as the root ErrorBoundary, with the site's stylesheets. Never a
// stack, a file path or a database name: those go to the server's log only.

export interface Refusal {
  status: number;
  /** The API error code. */
  code: string;
  /** The catalogue key of the message, given in the request's language. */
  key: MessageKey;
  /** Another JSON body than the API's, for an endpoint whose client reads its own shape. */
  shape?: (message: string) => unknown;
  /** Close the connection after answering (the rest of the body is not wanted). */
  close?: boolean;
}

let stylesheets: string[] = [];

/** The stylesheets the error page links (the root route's, from the build's manifest). */
export function setErrorPageStylesheets(hrefs: string[]): void {
  stylesheets = hrefs.filter((href) => href.startsWith("/"));
}

/** Whether the client reads JSON: the API, and scripts that send or ask for JSON. */
export function wantsJson(req: Request): boolean {
  if (req.path.startsWith("/api/")) return true;
  if (/^application\/json\b/i.test(req.get("Content-Type") ?? "")) return true;
  const accept = req.get("Accept") ?? "";
  return /application\/json/i.test(accept) && !/text\/html/i.test(accept);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Answers a refusal in the shape the client reads, in its language. */
export function refuse(req: Request, res: Response, refusal: Refusal): void {
  const locale = negotiateLocale(req.get("Cookie") ?? null, req.get("Accept-Language") ?? null);
  const t = translator(locale);
  const message = t(refusal.key);
  if (refusal.close) res.setHeader("Connection", "close");
  res.setHeader("Cache-Control", "no-store");
  res.status(refusal.status);
  if (wantsJson(req)) {
    res.json(refusal.shape?.(message) ?? { error: { code: refusal.code, message } });
    return;
  }
  const links = stylesheets
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("");
  res
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(t("error.title"))} · ${escapeHtml(t("app.name"))}</title>${links}</head>` +
        `<body><main id="main" class="page narrow"><h1>${escapeHtml(t("error.title"))}</h1>` +
        `<p class="error-status">${refusal.status}</p><p>${escapeHtml(message)}</p>` +
        `<p><a href="/">${escapeHtml(t("error.backHome"))}</a></p></main></body></html>`,
    );
}
