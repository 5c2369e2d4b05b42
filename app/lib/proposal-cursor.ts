import { z } from "zod";

// The cursors of the proposal and plan lists (pages and API): base64url of "key|id" of the last
// row of the page before, so a page never repeats or skips a row that was there.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function split(value: string): [string, string] | null {
  const [key, id, ...rest] = Buffer.from(value, "base64url").toString().split("|");
  return key && id && rest.length === 0 && UUID.test(id) ? [key, id] : null;
}

/** A cursor of (created_at, id). */
export const TimeCursor = z.string().transform((value, ctx) => {
  const parts = split(value);
  if (!parts || !/^\d{4}-\d\d-\d\dT/.test(parts[0]) || Number.isNaN(Date.parse(parts[0]))) {
    ctx.addIssue({ code: "custom", message: "error.invalidInput" });
    return z.NEVER;
  }
  return { createdAt: new Date(parts[0]), id: parts[1] };
});

/** A cursor of (year, id). */
export const YearCursor = z.string().transform((value, ctx) => {
  const parts = split(value);
  if (!parts || !/^\d{4}$/.test(parts[0])) {
    ctx.addIssue({ code: "custom", message: "error.invalidInput" });
    return z.NEVER;
  }
  return { year: Number(parts[0]), id: parts[1] };
});

/** The cursor after a row. */
export function cursorAfter(key: string | number | Date, id: string): string {
  const k = key instanceof Date ? key.toISOString() : String(key);
  return Buffer.from(`${k}|${id}`).toString("base64url");
}

/** A page size query value, kept in 1..100 (default 50), lenient like the opinions list. */
export const Limit = z
  .string()
  .optional()
  .transform((v) => Math.min(100, Math.max(1, Number(v ?? 50) || 50)));
