import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { ATTACHMENT_MAX_BYTES } from "../services/activity-attachments.ts";
import { IMPORT_MAX_BYTES } from "../services/contact-point-import.ts";
import {
  hasBadCharacterInLine,
  hasForbiddenCharacter,
  hasForbiddenFormCharacter,
  jsonProblem,
} from "../services/input.ts";
import { refuse, type Refusal } from "./refusal.ts";

// The HTTP layer's defences against hostile input, before any route runs:
//
// 1. A URL whose path or query holds a NUL, a noncharacter or broken percent-encoding is
//    refused (400) — such values reached the database as 500s.
// 2. A cookie-bearing write to a page is refused (403) before its body is read when it comes
//    from another site (Origin, Sec-Fetch-Site) or cannot carry this browser's CSRF token (no
//    token cookie, or another token in the header). The double-submit check of the form token
//    stays in the route (app/auth/csrf.server.ts), on a body that step 3 has bounded.
// 3. Every body is read here, counted as it streams, whether or not Content-Length is given,
//    up to the route's limit; past it the answer is 413 at once and the rest is never buffered
//    (a declared length over the limit is refused before reading a byte). Forms and JSON are
//    then checked whole: no NUL or noncharacter in any field (nor, in a form, a control character
//    other than tab and newlines), no JSON nested deeper than 64, no malformed multipart.
//
// Cost: one pass over a body of at most its limit; nothing for GET and HEAD.

export const CSRF_COOKIE = "kaimen_csrf";
const KB = 1024;

/** Reads one cookie of a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  const part = header?.split(/;\s*/).find((p) => p.startsWith(`${name}=`));
  return part?.slice(name.length + 1);
}

/** Whether a CSRF cookie value is one the server could have issued. */
export function isCsrfToken(token: string | undefined): token is string {
  return !!token && /^[A-Za-z0-9_-]{32,64}$/.test(token);
}

interface BodyRule {
  /** Path pattern of the route (no query). */
  path: RegExp;
  limit: number;
  /** Read as JSON whatever the Content-Type (the opinion API parses any body as JSON). */
  json?: boolean;
  /** The JSON shape of this endpoint's refusals, when its client reads another than the API's. */
  shape?: Refusal["shape"];
}

// Each limit is the route's largest honest body with room to spare, and no more: a form field's
// text costs up to 9 bytes a character once URL-encoded (Chinese), a JSON string's up to 6 (a
// client that escapes everything as \uXXXX).
const rules: BodyRule[] = [
  // The opinion API: body and proposed text of 5,000 characters, a quote of 2,000, a name and a
  // region: 12,100 characters, 73 KB if every one is escaped.
  { path: /^\/api\/v1\/consultations\/[^/]+\/opinions$/, limit: 96 * KB, json: true },
  { path: /^\/api\//, limit: 16 * KB },
  // Sign-in and the like: an e-mail address, a password, a path to go back to.
  { path: /^\/(?:login|signup|logout|lang)$/, limit: 16 * KB },
  // The contact point's spreadsheet (its stated maximum) with the form around it.
  {
    path: /^\/coordinator\/consultations\/[^/]+\/import\/upload$/,
    limit: IMPORT_MAX_BYTES + 64 * KB,
    // Its page reads { ok, message, imported, problems } (app/lib/cp-import.server.ts).
    shape: (message) => ({ ok: false, message, imported: 0, problems: [] }),
  },
  { path: /^\/coordinator\/consultations\/[^/]+\/import$/, limit: IMPORT_MAX_BYTES + 64 * KB },
  // A photo or scan attached to an activity (services/activity-attachments.ts) with its form.
  {
    path: /^\/coordinator\/activities\/[^/]+\/attachments$/,
    limit: ATTACHMENT_MAX_BYTES + 64 * KB,
  },
  // A reading imported from a file of at most 10 MB, or pasted (app/routes/bill.tsx).
  { path: /^\/bills\/[^/]+$/, limit: 10 * 1024 * KB + 64 * KB },
  // The editor's steps: up to 1,000 at a time, a pasted law among them.
  { path: /^\/bills\/[^/]+\/draft\/steps$/, limit: 4 * 1024 * KB, json: true },
  // The sensitive-word list: up to 100,000 characters.
  { path: /^\/moderation\/words$/, limit: 1024 * KB },
  // Handling: a decision on up to 5,000 opinions at once (their ids), with a reason.
  { path: /^\/consultations\/[^/]+\/handling$/, limit: 512 * KB },
  // Every other form: the longest field is a 20,000-character note (180 KB encoded).
  { path: /^/, limit: 256 * KB },
];

/** The body rule of a path (the last rule matches every path). */
export function bodyRuleFor(path: string): BodyRule {
  return rules.find((rule) => rule.path.test(path))!;
}

const bodies = new WeakMap<IncomingMessage, Buffer<ArrayBuffer>>();

/** The body read by guardBodies (empty for GET and HEAD). */
export function bufferedBody(req: IncomingMessage): Buffer<ArrayBuffer> {
  return bodies.get(req) ?? Buffer.alloc(0);
}

/** Whether a URL component decodes to text (percent-encoding intact, no NUL or noncharacter). */
function decodes(component: string, line: boolean): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(component);
  } catch {
    return false;
  }
  return line ? !hasBadCharacterInLine(decoded) : !hasForbiddenCharacter(decoded);
}

/** Step 1: refuses a path or query that does not decode to text. */
export function checkUrl(req: Request, res: Response, next: NextFunction): void {
  const url = req.originalUrl;
  const mark = url.indexOf("?");
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? "" : url.slice(mark + 1);
  // A path has no business holding a control character; a query value may (a tab in a search).
  const fine =
    decodes(path, true) &&
    query
      .split("&")
      .every((pair) => pair.split("=").every((part) => decodes(part.replace(/\+/g, " "), false)));
  if (fine) return next();
  refuse(req, res, { status: 400, code: "bad_request", key: "error.badRequest" });
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Our own origin as the browser names it (behind a trusted proxy, the proxy's). */
function ownOrigin(req: Request): string | null {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return null;
  }
}

/** Step 2: the reason to refuse a cookie-bearing write to a page before reading it, if any. */
function crossSiteWrite(req: Request): boolean {
  if (!WRITES.has(req.method) || req.path.startsWith("/api/")) return false;
  const origin = req.get("Origin");
  if (origin && origin !== "null" && origin !== ownOrigin(req)) return true;
  const site = req.get("Sec-Fetch-Site");
  if (site && site !== "same-origin" && site !== "none") return true;
  // Without the token cookie the form's token cannot match anything; a header token must match.
  // A script's navigation (React Router's .data requests) reads only React Router's own answers:
  // its bounded body goes on to the route, whose CSRF refusal it can show.
  if (/\.data$/.test(req.path)) return false;
  const cookie = readCookie(req.headers.cookie, CSRF_COOKIE);
  if (!isCsrfToken(cookie)) return true;
  const header = req.get("X-CSRF-Token");
  return header !== undefined && header !== cookie;
}

/** Reads a body up to `limit` bytes; null (and reading stops) as soon as it is longer. */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer> | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * After an early refusal the client may still be sending: the rest is read and thrown away (no
 * memory, only bandwidth) so that it receives the answer instead of a reset — most clients read
 * the answer only once they have sent everything. Like nginx's lingering close this is bounded,
 * here by 64 MB and 15 s, then the connection is cut. (With 4 MB, a quarter of the clients in
 * `npm run chaos`'s flood of 50 MB bodies saw a reset instead of their 413.)
 */
function discardRest(req: IncomingMessage): void {
  let more = 0;
  const cut = setTimeout(() => req.socket.destroy(), 15_000);
  cut.unref();
  req.on("data", (chunk: Buffer) => {
    more += chunk.length;
    if (more > 64 * 1024 * KB) req.socket.destroy();
  });
  req.on("end", () => clearTimeout(cut));
  req.resume();
}

const badCharacters: Refusal = { status: 400, code: "bad_characters", key: "error.badCharacters" };

/** What a read body holds that no route may receive, if anything. */
async function bodyProblem(
  req: Request,
  rule: BodyRule,
  body: Buffer<ArrayBuffer>,
): Promise<Refusal | null> {
  if (body.length === 0) return null;
  const type = (req.get("Content-Type") ?? "").toLowerCase();
  if (rule.json || type.startsWith("application/json")) {
    const problem = jsonProblem(body.toString("utf8"));
    if (problem === "too_deep") return { status: 400, code: "too_deep", key: "api.tooDeep" };
    if (problem === "bad_character") return badCharacters;
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(body.toString("utf8")))
      if (hasForbiddenFormCharacter(name) || hasForbiddenFormCharacter(value)) return badCharacters;
  } else if (type.startsWith("multipart/form-data")) {
    // Parsed once more here (bodies of this kind are the few uploads, within their limit): a
    // malformed one is a 400 for every route, and its text fields and file names obey the rule
    // of any form. The files' bytes are the importers' business.
    let form: FormData;
    try {
      // The header as sent: the boundary is case-sensitive.
      const headers = { "Content-Type": req.get("Content-Type")! };
      form = await new Response(body, { headers }).formData();
    } catch {
      return { status: 400, code: "bad_form", key: "error.badForm" };
    }
    for (const [name, value] of form) {
      const text = typeof value === "string" ? value : value.name;
      if (hasForbiddenFormCharacter(name) || hasForbiddenFormCharacter(text)) return badCharacters;
    }
  }
  return null;
}

/** Steps 2 and 3: refuses cross-site page writes, then reads and checks the body. */
export async function guardBodies(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (crossSiteWrite(req)) {
    discardRest(req);
    return refuse(req, res, { status: 403, code: "csrf", key: "error.csrf", close: true });
  }
  const rule = bodyRuleFor(req.path);
  let body: Buffer<ArrayBuffer> | null;
  try {
    body = await readLimited(req, rule.limit);
  } catch (error) {
    return next(error);
  }
  if (body === null) {
    discardRest(req);
    return refuse(req, res, {
      status: 413,
      code: "too_large",
      key: "error.tooLarge",
      shape: rule.shape,
      close: true,
    });
  }
  const problem = await bodyProblem(req, rule, body);
  if (problem) return refuse(req, res, { ...problem, shape: rule.shape });
  bodies.set(req, body);
  next();
}
