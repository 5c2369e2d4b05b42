// What "the same text" means for comparison (CONTRACTS.md: textChanged is judged after
// whitespace and punctuation-width normalisation). A text converted from PDF or Word differs
// from the gazette's in line breaks, padding and the width of its punctuation (，vs ,; （ vs
// (); none of that is a change a committee would list in a 修改对照表.

const WHITESPACE = /[\s\u3000\u00a0\u200b\ufeff]+/g;
// Full-width forms U+FF01–U+FF5E are ASCII U+0021–U+007E shifted by 0xFEE0.
const FULL_WIDTH = /[\uff01-\uff5e]/g;

/** The text with whitespace removed and full-width ASCII forms made half-width. */
export function normalizeForComparison(text: string): string {
  return text
    .replace(WHITESPACE, "")
    .replace(FULL_WIDTH, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}
