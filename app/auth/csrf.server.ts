import { timingSafeEqual } from "node:crypto";
import { data } from "react-router";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";

export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Refuses a cookie-authenticated write that does not echo this browser's CSRF token (double
 * submit: the token sits in a SameSite cookie and in the form or the X-CSRF-Token header), or
 * that comes from another origin. What can be checked without the body (the origin, a header
 * token) is checked before reading it. Returns the form data it read, so the action need not read
 * the body twice; a body that is no form (malformed multipart, a wrong Content-Type) is a 400.
 */
export async function requireCsrf(request: Request, ctx: AppContext): Promise<FormData> {
  const t = requestTranslator(request);
  const refuse = () => data({ message: t("error.csrf") }, { status: 403 }) as unknown as Response;
  const origin = request.headers.get("Origin");
  if (origin && origin !== "null" && origin !== new URL(request.url).origin) throw refuse();
  const header = request.headers.get(CSRF_HEADER);
  if (header !== null && (!ctx.csrfToken || !same(header, ctx.csrfToken))) throw refuse();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw data({ message: t("error.badForm") }, { status: 400 }) as unknown as Response;
  }
  const sent = header ?? form.get(CSRF_FIELD);
  if (typeof sent !== "string" || !ctx.csrfToken || !same(sent, ctx.csrfToken)) throw refuse();
  return form;
}
