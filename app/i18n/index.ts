import { en } from "./en.ts";
import { zhCN, type Catalogue, type MessageKey } from "./zh-CN.ts";

export type { MessageKey };
export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "zh-CN";
export const LOCALE_COOKIE = "kaimen_lang";

const catalogues: Record<Locale, Catalogue> = { "zh-CN": zhCN, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Returns the translate function of a locale; `{name}` placeholders are filled from params. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const numbers = new Intl.NumberFormat(locale);
  return (key, params) => {
    const template = catalogue[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  };
}

/**
 * Whether a string is a key of the catalogue. Services name messages by key (they cannot import
 * app/); routes check the key here instead of casting it.
 */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(zhCN, value);
}

/** The key itself when the catalogue has it, else the fallback (a generic refusal). */
export function messageKey(
  value: unknown,
  fallback: MessageKey = "error.invalidInput",
): MessageKey {
  return isMessageKey(value) ? value : fallback;
}

/** Whether a string names a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/**
 * Picks the locale of a request: the remembered choice in the cookie first, then the best match
 * of Accept-Language, then Chinese.
 */
export function negotiateLocale(
  cookieHeader: string | null,
  acceptLanguage: string | null,
): Locale {
  const fromCookie = cookieHeader
    ?.split(/;\s*/)
    .find((part) => part.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  if (isLocale(fromCookie)) return fromCookie;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.find((r) => r.trim().startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return defaultLocale;
}

/** Formats a time for people, in the deployment's time zone. */
export function formatDateTime(locale: Locale, timeZone: string, value: Date | string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value));
}

/** Formats a date without time, in the deployment's time zone. */
export function formatDate(locale: Locale, timeZone: string, value: Date | string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "long",
    day: "numeric",
  }).format(new Date(value));
}

/** The locale of a request (its cookie, then Accept-Language). */
export function requestLocale(request: Request): Locale {
  return negotiateLocale(request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

/** The translate function for a request's language, for messages made on the server. */
export function requestTranslator(request: Request): Translate {
  return translator(requestLocale(request));
}
