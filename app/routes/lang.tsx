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

export async function loader() {
  throw redirect("/");
}

/** Remembers the chosen language for a year and returns to the page the visitor was on. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const { locale, next } = LanguageSchema.parse({
    locale: form.get("locale") ?? undefined,
    next: form.get("next") ?? undefined,
  });
  if (!locale) throw redirect(next);
  const secure = context.secureCookies ? "; Secure" : "";
  return redirect(next, {
    headers: {
      "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`,
    },
  });
}
