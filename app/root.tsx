import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
  type ShouldRevalidateFunctionArgs,
} from "react-router";
import { useEffect } from "react";
import type { Route } from "./+types/root";
import { getCurrentUser } from "./auth/session.server.ts";
import { formCsrfToken } from "./context.ts";
import { ErrorPage } from "./components/error-page.tsx";
import { SiteHeader } from "./components/site-header.tsx";
import { translator, requestLocale } from "./i18n/index.ts";
import { areaTitle } from "./lib/meta.ts";
import { useNonce } from "./lib/nonce.tsx";
import { textSizeOf } from "./lib/text-size.ts";
import { useI18n, type RootData } from "./lib/use-i18n.ts";
import { countUnread } from "../services/notifications.ts";
import { holdsBillRole } from "../db/queries/disposition-work.ts";
import "./styles.css";
import "./styles/handling.css";
import "./styles/search.css";
import "./styles/publishing.css";
// Last: the large-text mode (适老化) overrides the rest when <html> carries its class.
import "./styles/large-text.css";

export async function loader({ request, context }: Route.LoaderArgs): Promise<RootData> {
  const locale = requestLocale(request);
  const user = await getCurrentUser(request, context);
  // The header's two figures of a signed-in visitor, read side by side: every page waits on them.
  const [unread, queue] = user
    ? await Promise.all([countUnread(context.db, user.id), holdsBillRole(context.db, user.id)])
    : [0, false];
  return {
    locale,
    // issue 18: the reader's text size, rendered by the server (no flash of small text).
    textSize: textSizeOf(request.headers.get("Cookie")),
    timeZone: context.timeZone,
    // The token goes in the shared data only where forms may follow without a new document: for
    // a signed-in visitor (the header's 退出 form) and on client navigation. An anonymous
    // document carries none, so it sets no cookie and can be cached; its own forms get the token
    // as they render (app/components/csrf-input.tsx).
    csrfToken: user || context.dataRequest ? formCsrfToken(context) : "",
    cspNonce: context.cspNonce,
    user: user
      ? {
          displayName: user.display_name,
          roles: [...new Set(user.memberships.map((m) => m.role))],
          // handling: the unread notifications shown beside 通知 in the header.
          unread,
          // issue 15: a handler's or reviewer's queue (待我处理) in the header.
          queue,
        }
      : null,
  };
}

// In the browser: whether the root data holds a CSRF token yet. An anonymous document's does not,
// so the next navigation runs the root loader again, whose data request issues one for the forms
// that may follow (a cached page needs no token, a sign-in form does).
let rootDataHasToken = true;

export function shouldRevalidate({ defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return defaultShouldRevalidate || !rootDataHasToken;
}

/** What a route may say about its page to the root (`export const handle`). */
export interface RouteHandle {
  /** false: the page is served as plain HTML, without the app's scripts. */
  hydrate?: boolean;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const hasToken = !!data?.csrfToken;
  useEffect(() => {
    rootDataHasToken = hasToken;
  }, [hasToken]);
  const locale = data?.locale ?? "zh-CN";
  const t = translator(locale);
  // The server knows the nonce from the request; the browser takes it from the root data, so the
  // scripts hydrate with the same attribute (React compares the nonce property).
  const nonce = useNonce() || data?.cspNonce || "";
  // A page whose route says `handle = { hydrate: false }` (the consultation page: text, links and
  // plain forms) loads no script at all: a crowd's phones get the page without the ~100 KB of
  // React and the router (issue 13's script budget), and every link and form works as HTML.
  const hydrate = !useMatches().some(
    (m) => (m.handle as RouteHandle | undefined)?.hydrate === false,
  );
  return (
    <html lang={locale} className={data?.textSize === "large" ? "large-text" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links nonce={nonce} />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("app.skip")}
        </a>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

/**
 * The site's frame: header (brand, search, language, navigation), the main column and the
 * footer. The page goes in the main column, and so does an error page: the area layouts catch
 * their pages' errors below this frame, and the root's own ErrorBoundary draws it again.
 */
function SiteFrame({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.about")}</p>
        <nav aria-label={t("footer.links")}>
          <Link to="/contact-points">{t("cp.list.title")}</Link> ·{" "}
          <a href="/api/v1/openapi.json">{t("footer.api")}</a>
        </nav>
        <p>{t("footer.privacy")}</p>
      </footer>
    </>
  );
}

export default function App() {
  return (
    <SiteFrame>
      <Outlet />
    </SiteFrame>
  );
}

export function links() {
  return [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];
}

export const meta: Route.MetaFunction = (args) => areaTitle(args);

/**
 * What no area caught: the root loader's own failure, or an error outside the areas. The frame
 * is drawn again (with a signed-out header when the root loader's data is missing), around the
 * status and a message of the catalogue, never a stack.
 */
export function ErrorBoundary() {
  return (
    <SiteFrame>
      <ErrorPage />
    </SiteFrame>
  );
}
