// What one line of a legal text is, judged by its start: a heading (第一章), an article label
// (第一条), an item (（一）), a sub-item (1.), a table-of-contents marker, a page number, or
// plain text. Repair and parsing share these rules so they never disagree about structure.

import { parseChineseNumeral } from "../numerals.ts";

/** One line of the decoded text with its 1-based line number there. */
export interface SourceLine {
  line: number;
  text: string;
  /** Set by repair when later lines were joined onto this one. */
  joined?: boolean;
}

/** The structural reading of one trimmed line. */
export type LineShape =
  | { kind: "blank" }
  | { kind: "pageNumber" }
  | { kind: "toc" }
  | { kind: "heading"; level: "part" | "chapter" | "section"; number: number; title: string }
  | { kind: "article"; number: number; suffix: number; spaced: boolean; rest: string }
  | { kind: "item"; number: number; rest: string }
  | { kind: "subitem"; number: number; rest: string }
  | { kind: "text" };

const NUMERAL = "[零〇一二两三四五六七八九十百千万0-9０-９]+";
const HEADING = new RegExp(`^第(${NUMERAL})\\s*([编章节])(.*)$`);
// 第十条之一: an article inserted by an amendment; 之 not followed by a numeral is text (之规定).
const ARTICLE = new RegExp(`^第(${NUMERAL})\\s*条(?:之([零〇一二两三四五六七八九十百]+))?(.*)$`);
const ITEM = /^[（(]([零〇一二两三四五六七八九十百]+)[）)]\s*(.*)$/;
const SUBITEM = /^([0-9０-９]{1,3})[.．、](?![0-9０-９])\s*(.*)$/;
const PAGE_NUMBER = [
  /^[-—–－~～]+\s*\d{1,4}\s*[-—–－~～]+$/,
  /^第\s*\d{1,4}\s*页(\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?$/,
];
const TOC = /^目\s*录$/;
const LEVELS = { 编: "part", 章: "chapter", 节: "section" } as const;

/** Removes zero-width characters and surrounding spaces (full-width indentation included). */
export function trimLine(text: string): string {
  return text.replace(/[\u200b-\u200d\u2060\ufeff]/g, "").trim();
}

/** True when the line ends a sentence (。；：！？ or their half-width forms, maybe then a closing quote). */
export function endsSentence(text: string): boolean {
  return /[。；：！？;:!?…][”’」』"')）]*$/.test(text.trimEnd());
}

/** Removes padding inside a title: 总\u3000\u3000则 → 总则; spaces between Latin words stay single. */
export function cleanTitle(title: string): string {
  return title
    .replace(/(?<=\P{ASCII})\s+(?=\P{ASCII})/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

function headingShape(text: string): LineShape | null {
  const match = HEADING.exec(text);
  if (!match) return null;
  const number = parseChineseNumeral(match[1]!);
  const rest = match[3]!;
  const title = cleanTitle(rest);
  // A heading is short and is not a sentence; "第二章规定的…" at the start of a line is text.
  const spaced = rest === "" || /^\s/.test(rest);
  if (number === null || /[。；;]/.test(title) || /[：:，,]$/.test(title)) return null;
  if (title.length > (spaced ? 50 : 20)) return null;
  return { kind: "heading", level: LEVELS[match[2] as keyof typeof LEVELS], number, title };
}

/** Reads the structure of one trimmed line. */
export function classifyLine(text: string): LineShape {
  if (text === "") return { kind: "blank" };
  if (PAGE_NUMBER.some((pattern) => pattern.test(text))) return { kind: "pageNumber" };
  if (TOC.test(text)) return { kind: "toc" };
  const heading = headingShape(text);
  if (heading) return heading;
  const article = ARTICLE.exec(text);
  if (article) {
    const number = parseChineseNumeral(article[1]!);
    const suffix = article[2] === undefined ? 0 : (parseChineseNumeral(article[2]) ?? 0);
    const rest = article[3]!;
    if (number !== null) {
      return {
        kind: "article",
        number,
        suffix,
        spaced: rest === "" || /^\s/.test(rest),
        rest: rest.trim(),
      };
    }
  }
  const item = ITEM.exec(text);
  if (item) {
    const number = parseChineseNumeral(item[1]!);
    if (number !== null) return { kind: "item", number, rest: item[2]!.trim() };
  }
  const subitem = SUBITEM.exec(text);
  if (subitem) {
    const number = parseChineseNumeral(subitem[1]!);
    if (number !== null) return { kind: "subitem", number, rest: subitem[2]!.trim() };
  }
  return { kind: "text" };
}

/**
 * True when an article label is probably a reference that a line break left at the start of a
 * line (…依照本法\n第十条规定…): no space after the label, the text running straight on, and
 * not the number that would come next (for 第十条之一, the number of the article before).
 */
export function looksLikeWrappedReference(shape: LineShape, expectedArticle: number): boolean {
  const expected =
    shape.kind === "article" && shape.suffix > 0 ? expectedArticle - 1 : expectedArticle;
  return (
    shape.kind === "article" &&
    !shape.spaced &&
    shape.number !== expected &&
    /^[\u4e00-\u9fff]/.test(shape.rest)
  );
}
