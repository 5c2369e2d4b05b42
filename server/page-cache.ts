import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import { ByteLru } from "../app/lib/byte-lru.ts";

// The whole-page cache of anonymous readers' pages (the reading page, the consultation page).
//
// A page is rendered for a canonical request — its URL and language only, no cookie of the
// reader's — so one reader's render can be anyone's. It is kept with its gzip and brotli forms,
// made once per distinct body: a render that gives the same bytes again (the common case: the
// text never changes and counts rarely do) keeps the compressed forms, the ETag and the
// Last-Modified of the first. Entries are fresh for their rule's lifetime, and invalidate()
// marks them stale when this process records a write; a stale entry is rendered again on its
// next request (concurrent requests share that render) and answers 304 if nothing changed.
// Other processes learn of a write only when their entry's lifetime ends: at most 2 s for the
// consultation page (a second here, a second for its live counts, app/lib/reading-html.server.tsx).
//
// No reader gets another's page: a request with a session cookie is never served from here nor
// stored (it gets `Cache-Control: private, no-cache`), and a render that would set a cookie or
// renders a form's CSRF token is not stored either. The page's inline scripts carry no nonce (it
// would be shared); the Content-Security-Policy lists their SHA-256 hashes instead.
//
// Memory: bounded by maxBytes over all forms of all entries (LRU).

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** What the cache serves: a rendered page and its compressed forms. */
export interface CachedPage {
  status: number;
  contentType: string;
  contentSecurityPolicy: string;
  cacheControl: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** Strong hash of the body: the ETag's value. */
  hash: string;
  lastModified: string;
  freshUntil: number;
}

/** A render for the cache: null when the page must not be shared (the handler serves it instead). */
export interface Rendered {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Which pages are cached, for how long here, and what proxies are told. */
export interface PageRule {
  path: RegExp;
  ttlMs: number;
  cacheControl: string;
}

export const VARY = "Accept-Encoding, Cookie, Accept-Language";

/** The SHA-256 sources of a page's inline scripts, for its Content-Security-Policy. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1]!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(match[2]!, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

function withScriptHashes(policy: string, html: string): string {
  const hashes = inlineScriptHashes(html).join(" ");
  return policy
    .split(";")
    .map((directive) =>
      directive.trim().startsWith("script-src")
        ? `script-src 'self'${hashes ? ` ${hashes}` : ""}`
        : directive.trim(),
    )
    .join("; ");
}

/** The encoding to answer with: brotli, then gzip, when the client accepts it. */
export function chooseEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.find((p) => p.trim().startsWith("q="));
    accepted.set(name, q ? Number(q.trim().slice(2)) : 1);
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (allows("br")) return "br";
  if (allows("gzip")) return "gzip";
  return null;
}

/** Whether the client's copy (If-None-Match, else If-Modified-Since) is this page. */
function notModified(req: Request, page: CachedPage): boolean {
  const tags = req.get("If-None-Match");
  if (tags !== undefined) {
    return tags.split(",").some((tag) => {
      const value = tag.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
      return value === "*" || value.replace(/-(?:br|gzip)$/, "") === page.hash;
    });
  }
  const since = Date.parse(req.get("If-Modified-Since") ?? "");
  return Number.isFinite(since) && Date.parse(page.lastModified) <= since;
}

function send(req: Request, res: Response, page: CachedPage): void {
  const encoding = chooseEncoding(req.get("Accept-Encoding"));
  res.setHeader("Vary", VARY);
  res.setHeader("Cache-Control", page.cacheControl);
  res.setHeader("ETag", `"${page.hash}${encoding ? `-${encoding}` : ""}"`);
  res.setHeader("Last-Modified", page.lastModified);
  res.setHeader("Content-Security-Policy", page.contentSecurityPolicy);
  if (notModified(req, page)) {
    res.status(304).end();
    return;
  }
  const body = encoding === "br" ? page.br : encoding === "gzip" ? page.gzip : page.body;
  res.setHeader("Content-Type", page.contentType);
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.status(page.status);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Creates the cache; `middleware` serves the rules' pages, `invalidate` marks entries stale. */
export function createPageCache(options: {
  rules: PageRule[];
  maxBytes: number;
  /** Whether the request is a signed-in visitor's (it is never served from the cache). */
  signedIn: (req: Request) => boolean;
  /** The language the page renders in for this request (part of the key). */
  localeOf: (req: Request) => string;
  /** Renders the page for a canonical request; null when it must not be shared. */
  render: (req: Request, res: Response, locale: string) => Promise<Rendered | null>;
}) {
  const pages = new ByteLru<CachedPage>(
    options.maxBytes,
    (page) => page.body.length + page.gzip.length + page.br.length + 512,
  );
  const pending = new Map<string, Promise<CachedPage | null>>();
  let generation = 0;

  async function fill(
    key: string,
    rule: PageRule,
    req: Request,
    res: Response,
    locale: string,
  ): Promise<CachedPage | null> {
    const started = generation;
    const rendered = await options.render(req, res, locale);
    if (!rendered) return null;
    const hash = createHash("sha256").update(rendered.body).digest("base64url").slice(0, 27);
    const before = pages.get(key);
    const now = Date.now();
    const same = before?.hash === hash ? before : undefined;
    const html = rendered.body.toString("utf8");
    const page: CachedPage = {
      status: rendered.status,
      contentType: rendered.headers.get("Content-Type") ?? "text/html; charset=utf-8",
      contentSecurityPolicy:
        same?.contentSecurityPolicy ??
        withScriptHashes(rendered.headers.get("Content-Security-Policy") ?? "", html),
      cacheControl: rule.cacheControl,
      body: rendered.body,
      gzip: same?.gzip ?? (await gzipAsync(rendered.body, { level: 9 })),
      br:
        same?.br ??
        (await brotliAsync(rendered.body, {
          params: {
            // 9 of 11: within 1–2 % of the best size at a fraction of its time (a page is
            // compressed only when its bytes change).
            [zlib.BROTLI_PARAM_QUALITY]: 9,
            [zlib.BROTLI_PARAM_SIZE_HINT]: rendered.body.length,
          },
        })),
      hash,
      lastModified: same?.lastModified ?? new Date(Math.floor(now / 1000) * 1000).toUTCString(),
      freshUntil: now + rule.ttlMs,
    };
    // A write recorded while this rendered may be missing from it: answer with it, keep it stale.
    if (started !== generation) page.freshUntil = 0;
    pages.set(key, page);
    return page;
  }

  async function middleware(req: Request, res: Response, next: NextFunction) {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const rule = options.rules.find((r) => r.path.test(req.path));
    if (!rule) return next();
    res.setHeader("Vary", VARY);
    if (options.signedIn(req)) {
      res.setHeader("Cache-Control", "private, no-cache");
      return next();
    }
    const locale = options.localeOf(req);
    const key = `${locale} ${req.protocol}://${req.host}${req.originalUrl}`;
    let page = pages.get(key);
    if (!page || page.freshUntil <= Date.now()) {
      let running = pending.get(key);
      if (!running) {
        running = fill(key, rule, req, res, locale).finally(() => {
          if (pending.get(key) === running) pending.delete(key);
        });
        pending.set(key, running);
      }
      // An entry that merely aged is answered at once while it renders again (its readers see
      // the change a render later); one a write made stale, or none, waits for the render.
      if (page && page.freshUntil !== 0) {
        running.catch(() => {});
      } else {
        try {
          page = (await running) ?? undefined;
        } catch (error) {
          return next(error);
        }
      }
    }
    if (!page) return next();
    send(req, res, page);
  }

  return {
    middleware,
    /** Marks stale the entries whose key holds `fragment` (all of them without one). */
    invalidate(fragment?: string): void {
      generation++;
      for (const key of [...pending.keys()])
        if (!fragment || key.includes(fragment)) pending.delete(key);
      pages.forEach((key, page) => {
        if (!fragment || key.includes(fragment)) page.freshUntil = 0;
      });
    },
    get bytes() {
      return pages.bytes;
    },
  };
}

const STYLESHEET = /<link (?:nonce="[^"]*" )?rel="stylesheet" href="(\/assets\/[\w.-]+\.css)"\/>/g;

/**
 * A page served without scripts (a route with `handle = { hydrate: false }`) carries its
 * stylesheets inline: on a slow link each stylesheet is one more round trip before the first
 * paint (half a second on slow 4G), and a reader of a consultation in the news mostly comes
 * once. A page with scripts keeps its links (the browser caches them for the app's next pages).
 * Files are read once from the client build and kept.
 */
export function createStylesheetInliner(clientDir: string): (html: string) => string {
  const files = new Map<string, string | null>();
  const read = (href: string) => {
    if (!files.has(href)) {
      const file = path.join(clientDir, href);
      // Only files inside the build's assets, never a path that climbs out of it.
      const inside = file.startsWith(path.join(clientDir, "assets") + path.sep);
      files.set(href, inside && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);
    }
    return files.get(href) ?? null;
  };
  return (html) => {
    if (/<script\b/.test(html)) return html;
    return html.replace(STYLESHEET, (link, href: string) => {
      const css = read(href);
      // "</style" cannot occur in a built stylesheet; if it ever did, the link stays.
      return css === null || /<\/style/i.test(css) ? link : `<style>${css}</style>`;
    });
  };
}
