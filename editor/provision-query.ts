// Picking a provision by what a person types: "25", "第25条", "二十五", "10之一", "Article 10A",
// "第二章". A coordinator entering opinions from a meeting knows the article's number, not its
// place in a 112-item drop-down; the same reading serves the page's combobox as the reader types
// and the server when the page runs without JavaScript, so both resolve a number alike.

import { parseArticleLabel } from "./labels.ts";
import { parseChineseNumeral } from "./numerals.ts";

/** What a typed text names: an article (with its 之一 suffix), a chapter or a section. */
export interface ProvisionQuery {
  kind: "article" | "chapter" | "section";
  number: number;
  suffix: number;
}

/** A provision a person may pick: its pid, kind and printed label, and its text for matching. */
export interface PickableProvision {
  pid: string;
  kind: string;
  label: string;
  text?: string;
}

const NUMERAL = "([零〇一二两三四五六七八九十百千0-9]+)";
const ARTICLE = new RegExp(`^第?${NUMERAL}条?(?:(?:之|-)${NUMERAL})?$`);
const HEADING = new RegExp(`^第?${NUMERAL}(章|节)$`);
// English readers write "Article 25" and "Article 10A" (A for 之一, B for 之二, …).
const ENGLISH = /^(?:art(?:icle)?\.?)?(\d+)([a-z])?$/;

/** Full-width digits and letters to ASCII, spaces out, lower case: "Ａｒｔ． ２５" → "art.25". */
function normalise(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();
}

const positive = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  const value = parseChineseNumeral(text);
  return value !== null && value > 0 ? value : null;
};

/** Reads a typed provision number; null when the text is not one (words, 0, a lone 之一). */
export function parseProvisionQuery(text: string): ProvisionQuery | null {
  const s = normalise(text);
  if (s === "") return null;
  const heading = HEADING.exec(s);
  if (heading) {
    const number = positive(heading[1]);
    return number ? { kind: heading[2] === "章" ? "chapter" : "section", number, suffix: 0 } : null;
  }
  const english = ENGLISH.exec(s);
  if (english && /\d/.test(s)) {
    const number = positive(english[1]);
    const suffix = english[2] ? english[2].charCodeAt(0) - 96 : 0;
    return number ? { kind: "article", number, suffix } : null;
  }
  const article = ARTICLE.exec(s);
  if (!article) return null;
  const number = positive(article[1]);
  if (!number) return null;
  if (article[2] === undefined) return { kind: "article", number, suffix: 0 };
  const suffix = positive(article[2]);
  return suffix ? { kind: "article", number, suffix } : null;
}

/** The identity a provision's printed label gives it (第十条之一 → article 10, suffix 1). */
function identityOf(target: PickableProvision): ProvisionQuery | null {
  if (target.kind === "article") {
    const label = parseArticleLabel(target.label);
    return label ? { kind: "article", ...label } : null;
  }
  if (target.kind === "chapter" || target.kind === "section") {
    const match = /^第(.+)[章节]$/.exec(target.label.trim());
    const number = positive(match?.[1]);
    return number ? { kind: target.kind, number, suffix: 0 } : null;
  }
  return null;
}

const same = (a: ProvisionQuery, b: ProvisionQuery) =>
  a.kind === b.kind && a.number === b.number && a.suffix === b.suffix;

export type Resolution =
  | { ok: true; pid: string }
  | { ok: false; reason: "empty" | "notANumber" | "unknown" | "ambiguous" };

/**
 * The one provision a typed text names. A number no provision carries is "unknown"; a section
 * number that several chapters have is "ambiguous" (the combobox then passes the chosen pid).
 */
export function resolveProvision(targets: PickableProvision[], text: string): Resolution {
  if (normalise(text) === "") return { ok: false, reason: "empty" };
  const query = parseProvisionQuery(text);
  if (!query) return { ok: false, reason: "notANumber" };
  const found = targets.filter((t) => {
    const identity = identityOf(t);
    return identity !== null && same(identity, query);
  });
  if (found.length === 0) return { ok: false, reason: "unknown" };
  if (found.length > 1) return { ok: false, reason: "ambiguous" };
  return { ok: true, pid: found[0]!.pid };
}

/**
 * Up to `limit` provisions for what has been typed so far, best first: the provision the text
 * names; then articles whose number begins with the typed digits ("2" → 第二条, 第二十条, …)
 * with their 之一 articles; then provisions whose label or text contains the words typed.
 * Linear in the number of provisions (a few hundred), run on every key press.
 */
export function suggestProvisions<T extends PickableProvision>(
  targets: T[],
  text: string,
  limit = 8,
): T[] {
  const s = normalise(text);
  if (s === "") return [];
  const query = parseProvisionQuery(text);
  const out: T[] = [];
  const add = (t: T) => {
    if (out.length < limit && !out.includes(t)) out.push(t);
  };
  const identities = targets.map((t) => identityOf(t));
  if (query) targets.forEach((t, i) => identities[i] && same(identities[i], query) && add(t));
  if (query?.kind === "article") {
    const digits = String(query.number);
    targets.forEach((t, i) => {
      const id = identities[i];
      if (id?.kind !== "article") return;
      const exactWithSuffix = id.number === query.number && query.suffix === 0;
      if (exactWithSuffix || (String(id.number).startsWith(digits) && id.suffix === 0)) add(t);
    });
  }
  if (!query)
    for (const t of targets)
      if (normalise(t.label).includes(s) || normalise(t.text ?? "").includes(s)) add(t);
  return out;
}
