// Page titles. Every page route's `meta` goes through `pageTitle`, so each tab and bookmark names
// its page first and the site after it, in the visitor's language: "<text> · 开门立法" or
// "<text> · Kaimen". The language is the root loader's, which React Router hands to every `meta`
// among `matches`; a loader that names a thing (a bill, a consultation) puts that name in its
// data, and a fixed page passes a catalogue key through `t`.
import type { MetaDescriptor } from "react-router";
import { defaultLocale, isLocale, translator, type Locale, type Translate } from "../i18n/index.ts";
import { routeErrorStatus } from "./route-error.ts";

/** What `pageTitle` needs of a `meta` function's arguments (every `Route.MetaArgs` has it). */
export interface TitleArgs {
  matches: readonly ({ id: string; loaderData?: unknown } | undefined)[];
}

/** The visitor's language, from the root loader's data among the matched routes. */
export function metaLocale({ matches }: TitleArgs): Locale {
  const root = matches.find((m) => m?.id === "root")?.loaderData as
    { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : defaultLocale;
}

/**
 * The page's `<title>`: `text` (a string already translated, or a function of the visitor's
 * translator) followed by the site's name; the site's name alone when there is no text, as when
 * the loader's data is missing.
 */
export function pageTitle(
  args: TitleArgs,
  text: string | null | undefined | ((t: Translate) => string),
): MetaDescriptor[] {
  const t = translator(metaLocale(args));
  const own = typeof text === "function" ? text(t) : text;
  return [{ title: own ? `${own} · ${t("app.name")}` : t("app.name") }];
}

/**
 * The title of a route that holds others (the root and the area layouts): the error page's title
 * when a page below failed ("出错了 · 404 · 开门立法"), else the site's name, which a page without
 * its own `meta` would show.
 */
export function areaTitle(args: TitleArgs & { error?: unknown }): MetaDescriptor[] {
  if (args.error === undefined || args.error === null) return pageTitle(args, undefined);
  const status = routeErrorStatus(args.error);
  return pageTitle(args, (t) => `${t("error.title")} · ${status}`);
}
