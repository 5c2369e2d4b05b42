// What stands before the first heading or article: the title (法规名称), maybe continued by a
// bracketed line such as （修订草案）; title notes (题注) recording adoption and amendment,
// which open with a year or are bracketed and mention one; and any other text, the preamble.

import { endsSentence } from "./lines.ts";

/** The front of a legal text, sorted into its parts. */
export interface FrontMatter {
  title: string | null;
  notes: string[];
  preamble: string[];
}

const YEAR = "(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年";

/** True for a title note such as (1997年7月3日…通过) or 2001年2月10日 北京市…通过. */
export function looksLikeTitleNote(text: string): boolean {
  if (new RegExp(`^[（(]?\\s*${YEAR}`).test(text)) return true;
  return (
    /^[（(].*[）)]$/.test(text) &&
    new RegExp(`${YEAR}.*(通过|修正|修订|公布|施行|批准|发布)`).test(text)
  );
}

function continuesTitle(text: string): boolean {
  return /^[（(][^（()）]{1,30}[）)]$/.test(text) && !looksLikeTitleNote(text);
}

/** Sorts the non-empty lines before the body into title, notes and preamble. */
export function readFrontMatter(lines: readonly string[]): FrontMatter {
  let title: string | null = null;
  let rest = lines;
  const first = lines[0];
  if (
    first !== undefined &&
    !looksLikeTitleNote(first) &&
    !endsSentence(first) &&
    first.length <= 80
  ) {
    title = first;
    rest = lines.slice(1);
    while (rest[0] !== undefined && continuesTitle(rest[0])) {
      title += rest[0];
      rest = rest.slice(1);
    }
  }
  // The schema puts notes before preamble; a note found after preamble text still counts as one.
  return {
    title,
    notes: rest.filter((line) => looksLikeTitleNote(line)),
    preamble: rest.filter((line) => !looksLikeTitleNote(line)),
  };
}
