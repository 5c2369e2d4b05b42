import { redirect } from "react-router";
import { z } from "zod";
import { requireCsrf } from "../auth/csrf.server.ts";
import { LOCALE_COOKIE, locales } from "../i18n/index.ts";
import { safeRedirect } from "../lib/forms.ts";
import type { Route } from "./+types/lang";

/** The chosen language (an unknown one changes nothing) and the page to return to. */
const LanguageSchema = z.object({
  locale: z.enum(locales).optional().catch(undefined),
  next: z
    .string()
    .optional()
    .catch(undefined)
    .transform((next) => safeRedirect(next, "/")),
});

/** Remembers the chosen language for a year (an unknown one changes nothing) and goes to `next`. */
function switchTo(choice: { locale?: string; next?: string }, secureCookies: boolean) {
  const { locale, next } = LanguageSchema.parse(choice);
  if (!locale) throw redirect(next);
  const secure = secureCookies ? "; Secure" : "";
  return redirect(next, {
    headers: {
      "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`,
    },
  });
}

/**
 * The header's language link (GET /lang?locale=en&next=/…). Switching the language is harmless —
 * it writes only this browser's own preference, and `next` is kept on this site — so it needs no
 * CSRF token, and the pages that link here need no form (nor the cookie a form's token brings).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const query = new URL(request.url).searchParams;
  return switchTo(
    { locale: query.get("locale") ?? undefined, next: query.get("next") ?? undefined },
    context.secureCookies,
  );
}

/** The same switch posted by a form (kept for pages and clients that post it), CSRF-checked. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  return switchTo({ locale: field("locale"), next: field("next") }, context.secureCookies);
}
