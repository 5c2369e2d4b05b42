/** One sentence of a provision's text, with its offsets in that text (UTF-16 code units). */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Sentences end at a full stop, semicolon, question or exclamation mark, or a line break (each
// paragraph and item of an article is on its own line). Leading and trailing blanks are left
// out of the span, so a quoted sentence is exactly what the reader sees.
const END = /[。；;！!？?]|\n/g;

/**
 * Splits a provision's text into sentences with their offsets, so a reader can quote one
 * sentence without selecting text (keyboard, screen reader, no script).
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) out.push({ text: text.slice(start, end), start, end });
  };
  for (const match of text.matchAll(END)) {
    const end = match[0] === "\n" ? match.index : match.index + 1;
    push(from, end);
    from = match.index + 1;
  }
  push(from, text.length);
  return out;
}

/** Whether a quote is exactly the span [start, end) of the text. */
export function quoteMatches(text: string, quote: Sentence): boolean {
  return (
    quote.start >= 0 &&
    quote.end <= text.length &&
    quote.end > quote.start &&
    text.slice(quote.start, quote.end) === quote.text
  );
}
