import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { getCurrentUser } from "./auth/session.server.ts";
import { CsrfInput } from "./components/csrf-input.tsx";
import { translator, type Locale, requestLocale } from "./i18n/index.ts";
import { useNonce } from "./lib/nonce.tsx";
import { useI18n, type RootData } from "./lib/use-i18n.ts";
import { countUnread } from "../services/notifications.ts";
import "./styles.css";
import "./styles/handling.css";
import "./styles/search.css";

export async function loader({ request, context }: Route.LoaderArgs): Promise<RootData> {
  const locale = requestLocale(request);
  const user = await getCurrentUser(request, context);
  return {
    locale,
    timeZone: context.timeZone,
    csrfToken: context.csrfToken,
    cspNonce: context.cspNonce,
    user: user
      ? {
          displayName: user.display_name,
          roles: [...new Set(user.memberships.map((m) => m.role))],
          // handling: the unread notifications shown beside 通知 in the header.
          unread: await countUnread(context.db, user.id),
        }
      : null,
  };
}

const navByRole: [
  string,
  string,
  "nav.workspace" | "nav.coordinator" | "nav.moderation" | "nav.admin",
][] = [
  ["drafter", "/workspace", "nav.workspace"],
  ["coordinator", "/coordinator", "nav.coordinator"],
  ["moderator", "/moderation", "nav.moderation"],
  ["admin", "/admin", "nav.admin"],
];

function Header() {
  const { t, locale } = useI18n();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const location = useLocation();
  const user = data?.user ?? null;
  const here = location.pathname + location.search;
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <header className="site-header">
      <div className="bar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            门
          </span>
          <span>
            <span className="brand-name">{t("app.name")}</span>
            <span className="brand-tagline">{t("app.tagline")}</span>
          </span>
        </Link>
        {/* search: the site search box */}
        <Form method="get" action="/search" role="search" className="header-search">
          <label htmlFor="header-q" className="visually-hidden">
            {t("search.headerLabel")}
          </label>
          <input id="header-q" type="search" name="q" placeholder={t("search.placeholder")} />
          <button type="submit">{t("search.submit")}</button>
        </Form>
        <Form method="post" action="/lang" className="lang-form">
          <CsrfInput />
          <input type="hidden" name="locale" value={other} />
          <input type="hidden" name="next" value={here} />
          <button type="submit" className="link-button" title={t("lang.switchLabel")} lang={other}>
            {t("lang.switch")}
          </button>
        </Form>
      </div>
      <nav aria-label={t("nav.main")} className="site-nav">
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
        <NavLink to="/consultations">{t("consultations.nav")}</NavLink>
        {user
          ? navByRole
              .filter(([role]) => user.roles.includes(role))
              .map(([, to, key]) => (
                <NavLink key={to} to={to}>
                  {t(key)}
                </NavLink>
              ))
          : null}
        {user ? <NavLink to="/me">{t("nav.mine")}</NavLink> : null}
        {user ? (
          <NavLink
            to="/notifications"
            aria-label={
              user.unread
                ? t("handling.notifications.navUnread", { count: user.unread })
                : undefined
            }
          >
            {t("handling.notifications.nav")}
            {user.unread ? (
              <span className="nav-count" aria-hidden="true">
                {user.unread}
              </span>
            ) : null}
          </NavLink>
        ) : null}
        <span className="nav-spacer" />
        {user ? (
          <Form method="post" action="/logout" className="inline-form">
            <CsrfInput />
            <span className="who">{user.displayName}</span>
            <button type="submit" className="link-button">
              {t("nav.signOut")}
            </button>
          </Form>
        ) : (
          <>
            <NavLink to="/login">{t("nav.signIn")}</NavLink>
            <NavLink to="/signup">{t("nav.signUp")}</NavLink>
          </>
        )}
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const locale = data?.locale ?? "zh-CN";
  const t = translator(locale);
  // The server knows the nonce from the request; the browser takes it from the root data, so the
  // scripts hydrate with the same attribute (React compares the nonce property).
  const nonce = useNonce() || data?.cspNonce || "";
  return (
    <html lang={locale}>
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
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { t } = useI18n();
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Outlet />
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

export function links() {
  return [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];
}

export function meta() {
  return [{ title: "开门立法 Kaimen" }];
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const t = translator(data?.locale ?? "zh-CN");
  let message = t("error.generic");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const payload = error.data as { message?: unknown } | undefined;
    if (typeof payload?.message === "string") message = payload.message;
    else if (status === 404) message = t("error.notFound");
    else if (status === 403) message = t("error.forbidden");
    else if (status === 413) message = t("error.tooLarge");
    else if (status >= 400 && status < 500) message = t("error.badRequest");
  }
  // Only the status and a message of the catalogue (or the route's own, already translated):
  // an unexpected error's text, stack or file paths never reach the page, in any mode.
  return (
    <main id="main" className="page narrow">
      <h1>{t("error.title")}</h1>
      <p className="error-status">{status}</p>
      <p>{message}</p>
      <p>
        <a href="/">{t("error.backHome")}</a>
      </p>
    </main>
  );
}
