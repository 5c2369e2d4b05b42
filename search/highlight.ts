// Snippets and highlights, the same for every engine: the text is normalised character by
// character (keeping a map back to the original offsets), the query's phrases are found in it,
// and a window around the first match is cut out with the matches' offsets inside it. The
// result is plain text plus ranges: pages build highlighted React elements from it, so nothing
// is ever rendered as HTML.

import { normalizeText } from "./terms.ts";

/** A window of `text` around the first phrase found, with the [start, end) of every match. */
export function makeSnippet(
  text: string,
  phrases: string[],
  width = 90,
): { snippet: string; highlights: [number, number][] } {
  const chars = Array.from(text);
  let normal = "";
  const origin: number[] = []; // normal's UTF-16 offset → index in chars
  chars.forEach((c, i) => {
    const n = normalizeText(c);
    for (let k = 0; k < n.length; k++) origin.push(i);
    normal += n;
  });
  origin.push(chars.length);
  const ranges: [number, number][] = [];
  for (const phrase of phrases) {
    if (!phrase) continue;
    let at = normal.indexOf(phrase);
    while (at >= 0) {
      ranges.push([origin[at]!, origin[at + phrase.length - 1]! + 1]);
      at = normal.indexOf(phrase, at + phrase.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const first = merged[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(chars.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  const prefix = start > 0 ? "…" : "";
  const suffix = end < chars.length ? "…" : "";
  const body = chars.slice(start, end).join("");
  const snippet = prefix + body + suffix;
  const highlights: [number, number][] = [];
  for (const [a, b] of merged) {
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    if (s >= e) continue;
    // Offsets in UTF-16 units of the snippet string.
    const from = prefix.length + chars.slice(start, s).join("").length;
    const to = from + chars.slice(s, e).join("").length;
    highlights.push([from, to]);
  }
  return { snippet, highlights };
}
