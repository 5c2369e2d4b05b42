import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import type { NextFunction, Request, Response } from "express";
import { chooseEncoding } from "./page-cache.ts";

// Compression of what the server sends. Answers made per request (pages streamed by React
// Router, the API's JSON, CSV exports) are compressed on the fly by `compression` (gzip or
// brotli at quality 4, fast enough to keep up with a stream, flushed as React Router flushes);
// bodies under 1 KB are sent as they are. Types that are compressed already (DOCX, XLSX, PDF,
// PNG: zip or deflate inside) and event streams (which must reach the client at once) are not
// touched. The build's assets were compressed once at the best level (server/build.ts); they are
// served from their .br or .gz file. The cached pages carry their own forms (server/page-cache.ts).

const COMPRESSIBLE =
  /^(?:text\/(?:html|csv|plain|css|javascript|markdown|xml)|application\/(?:json|javascript|xml|[a-z.+-]+\+json|[a-z.+-]+\+xml)|image\/svg\+xml)\b/i;

/** Whether a response of this Content-Type is worth compressing. */
export function isCompressible(contentType: string | undefined): boolean {
  return !!contentType && COMPRESSIBLE.test(contentType);
}

/** Compresses per-request answers the client accepts, when large enough and of a text type. */
export function compressAnswers() {
  return compression({
    threshold: 1024,
    filter: (_req, res) => isCompressible(res.getHeader("Content-Type")?.toString()),
  });
}

const ENCODINGS = { br: ".br", gzip: ".gz" } as const;

/**
 * Serves a build asset from its precompressed file when the client accepts one, with the
 * original's type and `Vary: Accept-Encoding`; the static handler after it sends the file.
 */
export function precompressedAssets(dir: string) {
  let names: Set<string>;
  try {
    names = new Set(fs.readdirSync(dir));
  } catch {
    names = new Set();
  }
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const name = req.path.slice(1);
    if (!names.has(name)) return next();
    res.setHeader("Vary", "Accept-Encoding");
    const encoding = chooseEncoding(req.get("Accept-Encoding"));
    if (!encoding || !names.has(name + ENCODINGS[encoding])) return next();
    res.type(path.extname(name));
    res.setHeader("Content-Encoding", encoding);
    req.url = `/${name}${ENCODINGS[encoding]}`;
    next();
  };
}
