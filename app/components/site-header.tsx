import { Form, Link, useLocation, useMatches, useRouteLoaderData } from "react-router";
import type { Locale } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/zh-CN.ts";
import { useI18n, type RootData } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";

// The site's header: brand, search, language, the large-text switch (适老化) and the main
// navigation, with the section the page belongs to marked (aria-current).

/** A section of the main navigation. */
export type Section =
  | "home"
  | "consultations"
  | "proposals"
  | "workspace"
  | "coordinator"
  | "moderation"
  | "admin"
  | "queue"
  | "mine"
  | "notifications"
  | "login"
  | "signup";

const navByRole: [string, string, Section, MessageKey][] = [
  ["drafter", "/workspace", "workspace", "nav.workspace"],
  ["coordinator", "/coordinator", "coordinator", "nav.coordinator"],
  ["moderator", "/moderation", "moderation", "nav.moderation"],
  ["admin", "/admin", "admin", "nav.admin"],
];

/** The area layouts of app/routes.ts and the section each belongs to. */
const areaSection: Record<string, Section> = {
  "routes/layouts/drafter": "workspace",
  "routes/layouts/coordinator": "coordinator",
  "routes/layouts/moderation": "moderation",
  "routes/layouts/admin": "admin",
};

/**
 * The section a page belongs to, of those the header shows. The area a page sits in decides
 * first: /consultations/:id/handling and the other drafter pages share their URL's beginning
 * with the public consultation page, so matching by prefix (as NavLink does) marked 征求意见 on
 * them. A drafter-area page belongs to 起草工作台, or to 待我处理 for a bill's handler or
 * reviewer, who has no 起草工作台; 待我处理 itself is its own section. Public pages go by path.
 */
export function activeSection(
  pathname: string,
  areas: readonly string[],
  shown: ReadonlySet<Section>,
): Section | null {
  const pick = (...candidates: Section[]) => candidates.find((s) => shown.has(s)) ?? null;
  if (pathname === "/workspace/queue") return pick("queue", "workspace");
  const area = areas.map((id) => areaSection[id]).find(Boolean);
  if (area === "workspace") return pick("workspace", "queue");
  if (area) return pick(area);
  if (pathname === "/") return pick("home");
  const first = pathname.split("/")[1] ?? "";
  const byPath: Record<string, Section> = {
    consultations: "consultations",
    opinions: "consultations",
    proposals: "proposals",
    plans: "proposals",
    me: "mine",
    notifications: "notifications",
    login: "login",
    signup: "signup",
  };
  const section = byPath[first];
  return section ? pick(section) : null;
}

/**
 * The large-text switch. A signed-in visitor's pages carry a CSRF token, so it is a form that
 * posts and comes back; an anonymous visitor's header links to the switch's page instead, so
 * a page without a form still sets no cookie and stays cacheable (app/routes/text-size.tsx).
 */
function TextSizeSwitch({ here, signedIn }: { here: string; signedIn: boolean }) {
  const { t } = useI18n();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const large = data?.textSize === "large";
  const text = t(large ? "textSize.switchOff" : "textSize.switchOn");
  const label = t(large ? "textSize.switchOffLabel" : "textSize.switchOnLabel");
  if (!signedIn)
    return (
      <Link
        to={`/text-size?${new URLSearchParams({ next: here })}`}
        className="link-button text-size-switch"
        aria-label={label}
      >
        {text}
      </Link>
    );
  return (
    <Form method="post" action="/text-size" reloadDocument className="inline-form">
      <CsrfInput />
      <input type="hidden" name="size" value={large ? "standard" : "large"} />
      <input type="hidden" name="next" value={here} />
      <button type="submit" className="link-button text-size-switch" aria-label={label}>
        {text}
      </button>
    </Form>
  );
}

export function SiteHeader() {
  const { t, locale } = useI18n();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const location = useLocation();
  const areas = useMatches().map((m) => m.id);
  const user = data?.user ?? null;
  const here = location.pathname + location.search;
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";

  const roleLinks = user ? navByRole.filter(([role]) => user.roles.includes(role)) : [];
  const shown = new Set<Section>(["home", "consultations", "proposals"]);
  for (const [, , section] of roleLinks) shown.add(section);
  if (user?.queue) shown.add("queue");
  if (user) shown.add("mine").add("notifications");
  else shown.add("login").add("signup");
  const active = activeSection(location.pathname, areas, shown);
  /** A link of the navigation, marked when it is the page's section. */
  const navLink = (section: Section, to: string, children: React.ReactNode, label?: string) => (
    <Link
      key={section}
      to={to}
      className={active === section ? "active" : undefined}
      aria-current={active === section ? "page" : undefined}
      aria-label={label}
    >
      {children}
    </Link>
  );

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
        <div className="header-switches">
          <TextSizeSwitch here={here} signedIn={user !== null} />
          {/* A link, not a form: switching the language writes nothing but its own cookie, and
              a page without a form stays cacheable. A new document renders in the new language. */}
          <Link
            to={`/lang?${new URLSearchParams({ locale: other, next: here })}`}
            reloadDocument
            className="link-button"
            title={t("lang.switchLabel")}
            lang={other}
          >
            {t("lang.switch")}
          </Link>
        </div>
      </div>
      <nav aria-label={t("nav.main")} className="site-nav">
        {navLink("home", "/", t("nav.home"))}
        {navLink("consultations", "/consultations", t("consultations.nav"))}
        {navLink("proposals", "/proposals", t("proposal.nav"))}
        {roleLinks.map(([, to, section, key]) => navLink(section, to, t(key)))}
        {user?.queue ? navLink("queue", "/workspace/queue", t("work.queue.nav")) : null}
        {user ? navLink("mine", "/me", t("nav.mine")) : null}
        {user
          ? navLink(
              "notifications",
              "/notifications",
              <>
                {t("handling.notifications.nav")}
                {user.unread ? (
                  <span className="nav-count" aria-hidden="true">
                    {user.unread}
                  </span>
                ) : null}
              </>,
              user.unread
                ? t("handling.notifications.navUnread", { count: user.unread })
                : undefined,
            )
          : null}
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
            {navLink("login", "/login", t("nav.signIn"))}
            {navLink("signup", "/signup", t("nav.signUp"))}
          </>
        )}
      </nav>
    </header>
  );
}
