// Text copied out of a PDF keeps the page's layout: a hard line break wherever a printed line
// ended, a blank line at each page break (often inside a sentence), page numbers such as
// "— 22 —", and half-width punctuation. Repair undoes that before parsing, line by line, and
// keeps each line's first source line number so the parser can still point into the file.

import { classifyLine, endsSentence, looksLikeWrappedReference, trimLine } from "./lines.ts";
import type { SourceLine } from "./lines.ts";

// Ideographs, CJK and full-width punctuation, and the quotes and dashes Chinese text uses.
const CJK =
  /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026]/;
const WIDE: Record<string, string> = {
  ",": "，",
  ";": "；",
  ":": "：",
  "(": "（",
  ")": "）",
  "?": "？",
  "!": "！",
};
const FULL_WIDTH_PUNCTUATION = "，。；：？！、（）《》“”‘’【】";

function neighbour(chars: string[], from: number, step: 1 | -1): string | undefined {
  for (let at = from + step; at >= 0 && at < chars.length; at += step) {
    if (!/\s/.test(chars[at]!)) return chars[at];
  }
  return undefined;
}

function isCjk(char: string | undefined): boolean {
  return char !== undefined && CJK.test(char);
}

/** The index of the ")" closing each "(", for parentheses that pair up. */
function pairParentheses(chars: readonly string[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  chars.forEach((char, at) => {
    if (char === "(") open.push(at);
    else if (char === ")" && open.length > 0) pairs.set(open.pop()!, at);
  });
  return pairs;
}

/**
 * Makes , ; : ( ) ? ! full-width where they stand next to Chinese text (spaces skipped). A pair
 * of parentheses widens together when either side of either one, or anything inside, is
 * Chinese, so (1997年…通过) becomes （1997年…通过） rather than a mixed pair.
 */
export function widenPunctuation(text: string): string {
  const chars = [...text];
  const nextToCjk = (at: number) =>
    isCjk(neighbour(chars, at, -1)) || isCjk(neighbour(chars, at, 1));
  const widen = new Set<number>();
  chars.forEach((char, at) => {
    if (WIDE[char] !== undefined && char !== "(" && char !== ")" && nextToCjk(at)) widen.add(at);
  });
  const pairs = pairParentheses(chars);
  const paired = new Set<number>();
  for (const [open, close] of pairs) {
    paired.add(open).add(close);
    if (nextToCjk(open) || nextToCjk(close) || chars.slice(open + 1, close).some(isCjk))
      widen.add(open).add(close);
  }
  chars.forEach((char, at) => {
    if ((char === "(" || char === ")") && !paired.has(at) && nextToCjk(at)) widen.add(at);
  });
  return chars.map((char, at) => (widen.has(at) ? WIDE[char]! : char)).join("");
}

/** Drops spaces padding full-width punctuation and turns each other run of spaces into one space. */
export function tidySpaces(text: string): string {
  // Single spaces between ideographs stay: a blank date (本法自 年 月 日起施行) is meaningful.
  const punctuation = `[${FULL_WIDTH_PUNCTUATION}]`;
  return text
    .replace(new RegExp(`[ \\t\\u3000\\u00a0]+(?=${punctuation})`, "g"), "")
    .replace(new RegExp(`(?<=${punctuation})[ \\t\\u3000\\u00a0]+`, "g"), "")
    .replace(/[ \t\u3000\u00a0]+/g, " ");
}

/** True for a line that is only a page number, such as "— 22 —" or "- 3 -". */
export function isPageNumberLine(text: string): boolean {
  return classifyLine(trimLine(text)).kind === "pageNumber";
}

/** True when the lines look hard-wrapped: many body lines stop in the middle of a sentence. */
export function looksHardWrapped(lines: readonly SourceLine[]): boolean {
  let body = 0;
  let open = 0;
  let inBody = false;
  for (const { text } of lines) {
    const trimmed = trimLine(text);
    const shape = classifyLine(trimmed);
    // Titles and notes before the first article rarely end a sentence, wrapped or not.
    inBody ||= shape.kind === "article";
    if (
      !inBody ||
      shape.kind === "blank" ||
      shape.kind === "heading" ||
      shape.kind === "toc" ||
      shape.kind === "pageNumber"
    )
      continue;
    body++;
    if (!endsSentence(trimmed)) open++;
  }
  // Clean texts end nearly every line with 。；or ：; hard-wrapped ones end most lines anywhere.
  return body >= 4 && open / body > 0.3;
}

function canRunOn(text: string): boolean {
  if (endsSentence(text)) return false;
  const shape = classifyLine(text);
  // Headings are joined by the parser, which knows where the heading ends; a bare label
  // ("第一条" alone) waits for its text as a line of its own.
  if (shape.kind === "heading" || shape.kind === "toc" || shape.kind === "pageNumber") return false;
  if (
    (shape.kind === "article" || shape.kind === "item" || shape.kind === "subitem") &&
    shape.rest === ""
  )
    return false;
  return true;
}

function startsStructure(text: string): boolean {
  const shape = classifyLine(text);
  if (shape.kind === "text" || shape.kind === "blank") return false;
  // Any number other than the label's own is "unexpected" here: a wrapped reference is text.
  return !looksLikeWrappedReference(shape, Number.NaN);
}

function joinText(before: string, after: string): string {
  // Chinese runs on without a space; Latin words and numbers keep one.
  const spaced = /[A-Za-z0-9]$/.test(before) && /^[A-Za-z0-9]/.test(after);
  return before + (spaced ? " " : "") + after;
}

/** Repair options: whether to join hard-wrapped lines ("auto" decides from the text). */
export interface RepairOptions {
  join?: boolean | "auto";
}

/**
 * Repairs lines for parsing: trims them, drops page numbers, widens punctuation, tidies spaces
 * and, for hard-wrapped text, joins each line that stops mid-sentence with the next line that
 * does not start a heading or label, across page-break blank lines.
 */
export function repairLines(
  lines: readonly SourceLine[],
  options: RepairOptions = {},
): SourceLine[] {
  const join =
    options.join === "auto" || options.join === undefined ? looksHardWrapped(lines) : options.join;
  const out: SourceLine[] = [];
  let heldBlanks: SourceLine[] = [];
  for (const source of lines) {
    const text = tidySpaces(widenPunctuation(trimLine(source.text))).trim();
    if (classifyLine(text).kind === "pageNumber") continue;
    if (text === "") {
      heldBlanks.push({ line: source.line, text });
      continue;
    }
    const last = out[out.length - 1];
    if (join && last && last.text !== "" && canRunOn(last.text) && !startsStructure(text)) {
      last.text = joinText(last.text, text);
      last.joined = true;
    } else {
      out.push(...heldBlanks, { line: source.line, text });
    }
    heldBlanks = [];
  }
  out.push(...heldBlanks);
  return out;
}

/** Splits text into numbered lines (LF, CRLF or CR). */
export function splitLines(text: string): SourceLine[] {
  return text.split(/\r\n|\r|\n/).map((line, index) => ({ line: index + 1, text: line }));
}

/** Repairs text extracted from a PDF, always joining hard-wrapped lines. */
export function repairPdfText(text: string): string {
  return repairLines(splitLines(text), { join: true })
    .map((line) => line.text)
    .join("\n");
}
