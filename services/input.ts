import { z } from "zod";

// What Kaimen refuses in any text a person sends, whatever the field, and the JSON nesting it
// reads. The server applies the request-wide rules before any route runs (cli/hardening.ts);
// the schemas use the field rules, so the refusal names the field.
//
// Why these characters: PostgreSQL text cannot hold NUL (a NUL reached the database as a 500);
// XML 1.0, the inside of XLSX and DOCX, cannot hold the C0 controls nor U+FFFE/U+FFFF (one such
// opinion broke the public exports); noncharacters and lone surrogates are not text at all, and
// C1 controls only come from text decoded with the wrong encoding. Nobody types any of them.
// Tab, line feed and carriage return stay allowed where a field has several lines.

/** The Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane. */
const NONCHARACTERS = `\\uFDD0-\\uFDEF${Array.from({ length: 17 }, (_, plane) => {
  const base = (plane * 0x10000 + 0xfffe).toString(16).toUpperCase();
  const last = (plane * 0x10000 + 0xffff).toString(16).toUpperCase();
  return `\\u{${base}}\\u{${last}}`;
}).join("")}`;

/** Never allowed anywhere: NUL, noncharacters, lone surrogates (u flag: pairs do not match). */
const NEVER = new RegExp(`[\\u0000${NONCHARACTERS}\\uD800-\\uDFFF]`, "u");
/** Not allowed in a field of several lines: controls other than tab, LF and CR; DEL; C1. */
const IN_LINES = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${NONCHARACTERS}\\uD800-\\uDFFF]`,
  "u",
);
/** Not allowed in any field of a form: NEVER, and C0 controls other than tab, LF and CR. */
const IN_FORM = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F${NONCHARACTERS}\\uD800-\\uDFFF]`,
  "u",
);
/** Not allowed in a one-line field: every control character. */
const IN_LINE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${NONCHARACTERS}\\uD800-\\uDFFF]`, "u");

/** The catalogue key of the refusal of a field holding such a character. */
export const BAD_CHARACTERS = "error.badCharacters";

/** Whether a string holds a character no request may carry (NUL, a noncharacter, a lone surrogate). */
export function hasForbiddenCharacter(value: string): boolean {
  return NEVER.test(value);
}

/**
 * Whether a form field holds a character no browser form sends from typed or pasted text: the
 * ones above, and the C0 controls XML cannot hold (tab, LF and CR aside).
 */
export function hasForbiddenFormCharacter(value: string): boolean {
  return IN_FORM.test(value);
}

/** Whether text of several lines (tab, CR and LF allowed) holds a character it may not. */
export function hasBadCharacterInLines(value: string): boolean {
  return IN_LINES.test(value);
}

/** Whether one-line text holds a character it may not (any control, tab and newlines too). */
export function hasBadCharacterInLine(value: string): boolean {
  return IN_LINE.test(value);
}

/** A zod string for text of several lines (an opinion, a reason): refuses controls but tab/CR/LF. */
export function textLines() {
  return z.string().refine((s) => !hasBadCharacterInLines(s), BAD_CHARACTERS);
}

/** A zod string for one line (a name, an e-mail address, a search): refuses every control. */
export function textLine() {
  return z.string().refine((s) => !hasBadCharacterInLine(s), BAD_CHARACTERS);
}

/** The deepest JSON nesting any request body may have; Kaimen's own bodies stay far below. */
export const MAX_JSON_DEPTH = 64;

/**
 * What makes JSON text unreadable for Kaimen before it is even parsed: nesting deeper than `max`
 * arrays and objects, or a string holding a character no request may carry, written raw or as
 * a \u escape. A linear scan without recursion, so it runs before anything that recurses over
 * the value (the idempotency hash overflowed the stack on 5,000 levels).
 */
export function jsonProblem(
  text: string,
  max = MAX_JSON_DEPTH,
): "too_deep" | "bad_character" | null {
  if (hasForbiddenCharacter(text)) return "bad_character";
  let depth = 0;
  let inString = false;
  // The code units written as \u escapes; a space parts escapes that were not side by side, so
  // a surrogate pair written as two escapes stays a pair and a lone one stays lone.
  let escaped = "";
  let lastEscapeEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x22) inString = false;
      else if (c === 0x5c) {
        if (text[i + 1] === "u") {
          const unit = Number.parseInt(text.slice(i + 2, i + 6), 16);
          if (!Number.isNaN(unit)) {
            if (lastEscapeEnd !== i) escaped += " ";
            escaped += String.fromCharCode(unit);
            lastEscapeEnd = i + 6;
          }
          i += 5;
        } else i++;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return "too_deep";
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return hasForbiddenCharacter(escaped) ? "bad_character" : null;
}
