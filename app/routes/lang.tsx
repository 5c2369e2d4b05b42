import { redirect } from "react-router";
import { requireCsrf } from "../auth/csrf.server.ts";
import { isLocale, LOCALE_COOKIE } from "../i18n/index.ts";
import { safeRedirect } from "../lib/forms.ts";
import type { Route } from "./+types/lang";

export async function loader() {
  throw redirect("/");
}

/** Remembers the chosen language for a year and returns to the page the visitor was on. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const locale = form.get("locale");
  const next = safeRedirect(form.get("next"), "/");
  if (!isLocale(locale)) throw redirect(next);
  const secure = context.secureCookies ? "; Secure" : "";
  return redirect(next, {
    headers: {
      "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`,
    },
  });
}
