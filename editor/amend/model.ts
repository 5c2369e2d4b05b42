// The shape an amendment decision (修改决定) speaks of: articles (条) made of paragraphs (款),
// each paragraph its own line followed by its items (项) and sub-items (目), one per line. It
// is read from and written back to the `kaimen import FILE --json` object (CONTRACTS.md), whose
// article text already holds exactly these lines, so the decision never sees the editor's
// document and a round trip can be checked on the very text a reader sees.

import { formatArticleLabel, parseArticleLabel as readLabel } from "../labels.ts";
import { parseChineseNumeral } from "../numerals.ts";

/** A line that starts an item (项): （一）… */
export const ITEM_LINE = /^[（(][一二三四五六七八九十百]+[）)]/;
/** A line that starts a sub-item (目): 1. or 1．… */
const SUBITEM_LINE = /^\d+[.．、]/;

/** One paragraph (款): its own line, then its item and sub-item lines. */
export type Paragraph = string[];

/** Splits an article's text (lines) into paragraphs: a line that is no item starts a 款. */
export function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  for (const line of text.split("\n")) {
    const last = out[out.length - 1];
    if (last && (ITEM_LINE.test(line) || SUBITEM_LINE.test(line))) last.push(line);
    else out.push([line]);
  }
  return out;
}

/** An article's text from its paragraphs (CONTRACTS.md: one line each, items on their own). */
export function textOf(paragraphs: readonly Paragraph[]): string {
  return paragraphs.map((p) => p.join("\n")).join("\n");
}

/** The position of item lines inside a paragraph: line index → 第N项 (sub-items are not 项). */
export function itemNumbers(paragraph: Paragraph): Map<number, number> {
  const out = new Map<number, number>();
  let n = 0;
  paragraph.forEach((line, index) => {
    if (index > 0 && ITEM_LINE.test(line)) out.set(index, ++n);
  });
  return out;
}

/** An article label in the decision's terms: 第十条, or 第十条之一 for an inserted one. */
export interface ArticleNumber {
  number: number;
  /** 之一 → 1; 0 for a plain article. */
  sub: number;
}

export function articleLabel({ number, sub }: ArticleNumber): string {
  return formatArticleLabel(number, sub);
}

/** Reads a numeral as the decision prints it: Chinese (二十四) or Arabic (24). */
export function readNumeral(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return parseChineseNumeral(text);
}

/** Parses 第十条 / 第十条之一 (also with Arabic digits); null when it is no article label. */
export function parseArticleLabel(label: string): ArticleNumber | null {
  const parsed = readLabel(label);
  return parsed ? { number: parsed.number, sub: parsed.suffix } : null;
}
