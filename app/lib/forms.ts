import type { z } from "zod";
import { hasBadCharacterInLine, textLine } from "../../services/input.ts";
import { ServiceError } from "../../services/errors.ts";
import { messageKey, type MessageKey } from "../i18n/index.ts";
import { apiErrorResponse, refusalResponse } from "./errors.ts";

// The field rules on characters (services/input.ts), for the forms' schemas.
export { textLine, textLines } from "../../services/input.ts";

/** A search, as the page and the API take it: one line of at most 200 characters. */
export const SearchQuery = textLine().trim().max(200, "search.queryTooLong");

export type FieldErrors = Partial<Record<string, MessageKey>>;

/**
 * Parses form fields with a zod schema whose messages are catalogue keys, so the page can show
 * each field's error in the visitor's language.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const values: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of form.entries()) if (!(key in values)) values[key] = value;
  return parseValues(schema, values);
}

/** Parses a query string (the first value of each name) with a zod schema, like parseForm. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  source: Request | URL | URLSearchParams,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const params =
    source instanceof URLSearchParams
      ? source
      : (source instanceof URL ? source : new URL(source.url)).searchParams;
  const values: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in values)) values[key] = value;
  return parseValues(schema, values);
}

/**
 * The query of a page or API call, parsed, or a thrown 400 (the page's error boundary, or the
 * API's error shape with `fields` when `api` is set): a loader reads its query in one line.
 */
export function readQuery<S extends z.ZodType>(
  schema: S,
  request: Request,
  options: { api?: boolean } = {},
): z.infer<S> {
  const parsed = parseQuery(schema, request);
  if (parsed.ok) return parsed.data;
  const fields = Object.fromEntries(
    Object.entries(parsed.errors).filter((e): e is [string, MessageKey] => Boolean(e[1])),
  );
  const error = new ServiceError(
    "bad_request",
    Object.values(fields)[0] ?? "error.invalidInput",
    fields,
  );
  throw options.api ? apiErrorResponse(request, error) : refusalResponse(request, error);
}

function parseValues<S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= messageKey(issue.message);
  }
  return { ok: false, errors };
}

/**
 * Keeps a redirect inside this site (no open redirects through ?next=): a path of this site, or
 * the fallback. Browsers drop tab, CR and LF anywhere in a URL, so `/\t/evil.example` would
 * become `//evil.example`, another site; a control character is refused outright (CR/LF would
 * also break the Location header), and so is a backslash, which browsers read as a slash.
 */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (
    typeof to !== "string" ||
    to.length > 2000 ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.includes("\\") ||
    hasBadCharacterInLine(to)
  )
    return fallback;
  return to;
}

/** Masks a name for public display: 张三丰 → 张**, Alice → A**. */
export function maskName(name: string | null | undefined): string {
  const trimmed = (name ?? "").trim();
  if (!trimmed) return "**";
  return `${Array.from(trimmed)[0]}**`;
}
