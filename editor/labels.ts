// Article labels as laws print them, including articles inserted by an amendment without
// renumbering what follows: 第十条之一, 第十条之二 stand between 第十条 and 第十一条. The
// amendment decision names such articles (增加一条，作为第十条之一), the importer reads them and
// every export prints them, so reading and writing them lives in one place.

import { parseChineseNumeral, toChineseNumeral } from "./numerals.ts";

/**
 * An article's printed identity: 第十条 → { number: 10, suffix: 0 }; 第十条之一 → { number: 10,
 * suffix: 1 }; 第十条之二 → { number: 10, suffix: 2 }. A suffix of 0 means a plain article.
 */
export interface ArticleLabel {
  number: number;
  suffix: number;
}

const NUMERAL = "[零〇一二两三四五六七八九十百千万0-9０-９]+";
// 之 followed by a numeral; 之十一 and beyond occur (刑法 has 第一百二十条之一 … 之六).
const SUFFIX = "之([零〇一二两三四五六七八九十百]+)";
const LEADING = new RegExp(`^第\\s*(${NUMERAL})\\s*条(?:${SUFFIX})?`);
const WHOLE = new RegExp(`^第\\s*(${NUMERAL})\\s*条(?:${SUFFIX})?$`);
const SUFFIX_ONLY = new RegExp(`^${SUFFIX}$`);

/** The words after 条 for a suffix: 1 → 之一, 0 → "". */
export function formatLabelSuffix(suffix: number): string {
  return suffix > 0 ? `之${toChineseNumeral(suffix)}` : "";
}

/** Reads 之一 → 1, 之十二 → 12; "" → 0; null when the text is not a suffix. */
export function parseLabelSuffix(text: string): number | null {
  if (text === "") return 0;
  const match = SUFFIX_ONLY.exec(text);
  if (!match) return null;
  const value = parseChineseNumeral(match[1]!);
  return value !== null && value > 0 ? value : null;
}

/** Writes an article label: (10) → 第十条; (10, 1) or ({ number: 10, suffix: 1 }) → 第十条之一. */
export function formatArticleLabel(label: ArticleLabel | number, suffix = 0): string {
  const { number, suffix: own } = typeof label === "number" ? { number: label, suffix } : label;
  return `第${toChineseNumeral(number)}条${formatLabelSuffix(own)}`;
}

/** Reads a whole label (第十条, 第10条, 第十条之一); null for anything else. */
export function parseArticleLabel(text: string): ArticleLabel | null {
  const match = WHOLE.exec(text.trim());
  return match ? labelFrom(match) : null;
}

/**
 * Reads a label at the start of a line or phrase (第十条之一　为了……): the label, and the rest
 * of the text after it (untrimmed). Null when the text does not start with an article label.
 */
export function readLeadingArticleLabel(
  text: string,
): { label: ArticleLabel; rest: string } | null {
  const match = LEADING.exec(text);
  if (!match) return null;
  const label = labelFrom(match);
  return label ? { label, rest: text.slice(match[0].length) } : null;
}

function labelFrom(match: RegExpExecArray): ArticleLabel | null {
  const number = parseChineseNumeral(match[1]!);
  if (number === null) return null;
  if (match[2] === undefined) return { number, suffix: 0 };
  const suffix = parseChineseNumeral(match[2]);
  return suffix !== null && suffix > 0 ? { number, suffix } : null;
}

/** Text order of labels: 第十条 < 第十条之一 < 第十条之二 < 第十一条. */
export function compareArticleLabels(a: ArticleLabel, b: ArticleLabel): number {
  return a.number - b.number || a.suffix - b.suffix;
}

/** A key that tells articles apart by label, for maps: "10", "10-1". */
export function articleLabelKey(label: ArticleLabel): string {
  return label.suffix > 0 ? `${label.number}-${label.suffix}` : String(label.number);
}

// English renderings of the labels the text prints and cites, for labels that sit inside an
// English sentence or table cell ("Comment on Article 1"). The law's own text stays Chinese;
// only the label is put into English, as the official English translations write them
// (第一百三十三条之一 → Article 133A), and items as the English editor numbers them ((c)).

const SEGMENT = new RegExp(
  `^(?:第\\s*(${NUMERAL})\\s*(编|章|节|条|款|项|目)(?:${SUFFIX})?|[（(]\\s*(${NUMERAL})\\s*[)）]|([0-9]+)[.．])`,
);
const UNIT: Record<string, string> = {
  编: "Part",
  章: "Chapter",
  节: "Section",
  条: "Article",
  款: "Paragraph",
  项: "Item",
  目: "Sub-item",
};

/** Bijective base-26 letters: 1 → a, 26 → z, 27 → aa (items (a), inserted articles 10A). */
function letters(n: number): string {
  let out = "";
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    out = String.fromCharCode(97 + ((rest - 1) % 26)) + out;
  }
  return out;
}

/** An article label in English: (10) → Article 10; (10, 1) → Article 10A. */
export function formatEnglishArticleLabel(label: ArticleLabel | number, suffix = 0): string {
  const { number, suffix: own } = typeof label === "number" ? { number: label, suffix } : label;
  return `Article ${number}${own > 0 ? letters(own).toUpperCase() : ""}`;
}

/** One label segment at the start of `text` in English, and its length; null if there is none. */
function englishSegment(text: string): { english: string; length: number } | null {
  const match = SEGMENT.exec(text);
  if (!match) return null;
  const [whole, numeral, unit, suffixNumeral, itemNumeral, subitem] = match;
  if (subitem !== undefined) return { english: `Sub-item ${subitem}`, length: whole.length };
  const number = parseChineseNumeral((numeral ?? itemNumeral)!);
  if (number === null) return null;
  if (itemNumeral !== undefined)
    return { english: `Item (${letters(number)})`, length: whole.length };
  if (unit === "条") {
    const suffix = suffixNumeral === undefined ? 0 : parseChineseNumeral(suffixNumeral);
    if (suffix === null) return null;
    return { english: formatEnglishArticleLabel(number, suffix), length: whole.length };
  }
  // 之 after anything but an article is not a suffix: leave it in the rest.
  const length = suffixNumeral === undefined ? whole.length : whole.indexOf("之");
  const english = unit === "项" ? `Item (${letters(number)})` : `${UNIT[unit!]} ${number}`;
  return { english, length };
}

/**
 * A printed or cited label in English: 第二十五条 → Article 25, 第十条之一 → Article 10A, 第二章 →
 * Chapter 2, 第三节 → Section 3, 第二款 → Paragraph 2, （三） and 第三项 → Item (c), 第五条第二款 →
 * Article 5, Paragraph 2. A heading keeps its Chinese title (第二章 总则 → Chapter 2 总则). Text
 * that does not start with a label comes back unchanged, so any label may be passed.
 */
export function englishLabel(label: string): string {
  const parts: string[] = [];
  let rest = label.trim();
  for (let i = 0; i < 8 && rest !== ""; i += 1) {
    const segment = englishSegment(rest);
    if (!segment) break;
    parts.push(segment.english);
    rest = rest.slice(segment.length);
  }
  if (parts.length === 0) return label;
  const title = rest.replace(/^[\s　]+/, "");
  return title === "" ? parts.join(", ") : `${parts.join(", ")} ${title}`;
}

/** A label in the reader's language: Chinese as printed, or English for an "en…" locale. */
export function localizedLabel(label: string, locale: string): string {
  return locale.startsWith("en") ? englishLabel(label) : label;
}
