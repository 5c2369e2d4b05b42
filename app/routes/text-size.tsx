import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { safeRedirect } from "../lib/forms.ts";
import { pageTitle } from "../lib/meta.ts";
import { textSizeCookie, textSizeOf, textSizes } from "../lib/text-size.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/text-size";

// The large-text switch (适老化). A signed-in visitor's header posts to it directly (their pages
// carry a CSRF token anyway). An anonymous visitor's header links here instead: a form in the
// header of every page would set the CSRF cookie on every page and end the anonymous page cache
// (decision record 11), so the form lives on this one page, which returns to where they were.

/** The chosen size (an unknown one changes nothing) and the page to return to, on this site. */
const SwitchSchema = z.object({
  size: z.enum(textSizes).optional().catch(undefined),
  next: z
    .string()
    .optional()
    .catch(undefined)
    .transform((next) => safeRedirect(next, "/")),
});

/** Public: the page says what the mode does and offers the other size. */
export async function loader({ request }: Route.LoaderArgs) {
  const query = new URL(request.url).searchParams;
  const { next } = SwitchSchema.parse({ next: query.get("next") ?? undefined });
  return { size: textSizeOf(request.headers.get("Cookie")), next };
}

/** Remembers the size for a year (the standard size clears the cookie) and goes back. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const { size, next } = SwitchSchema.parse({ size: field("size"), next: field("next") });
  if (!size) throw redirect(next);
  return redirect(next, {
    headers: { "Set-Cookie": textSizeCookie(size, context.secureCookies) },
  });
}

export default function TextSizePage({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { size, next } = loaderData;
  const large = size === "large";
  return (
    <div className="page narrow text-size-page">
      <h1>{t("textSize.title")}</h1>
      <p>{t("textSize.intro")}</p>
      <p>{t("textSize.remembered")}</p>
      <p>
        <strong>{t(large ? "textSize.currentLarge" : "textSize.currentStandard")}</strong>
      </p>
      {/* A whole document comes back: the server renders it in the new size. */}
      <Form method="post" reloadDocument className="stack">
        <CsrfInput />
        <input type="hidden" name="size" value={large ? "standard" : "large"} />
        <input type="hidden" name="next" value={next} />
        <button type="submit" className="button primary">
          {t(large ? "textSize.turnOff" : "textSize.turnOn")}
        </button>
      </Form>
      <p>
        <Link to={next}>{t("textSize.back")}</Link>
      </p>
    </div>
  );
}

export const meta: Route.MetaFunction = (args) => pageTitle(args, (t) => t("textSize.title"));
