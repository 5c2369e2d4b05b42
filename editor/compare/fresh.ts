// What a piece of a split brings that the other pieces do not. Word bags cannot tell: a law's
// articles share their vocabulary, so a new article modelled on an old one (国务院可以…暂时调整
// 行政法规 beside 全国人大…暂时调整法律) looks as much "cut from it" as a paragraph truly moved
// out of it. Sequence can: diff the whole against the pieces it already has (a diff matches each
// character once, so a phrase the pieces repeat from one paragraph does not also cover another),
// keep the runs of the whole that no piece matched, and measure how much of the candidate piece
// is made of runs of MIN_RUN characters found there (runShare). Runs shorter than that, like
// the scattered 的 and 人 any two Chinese texts share, are no evidence. The caller weighs that
// share against the share of the piece found in the other pieces themselves: a sibling
// modelled on them echoes them more than it draws on what they left.
//
// Cost: one character diff (jsdiff, Myers O((N+M)·D)) per piece the whole already has, bounded
// by an edit length (at worst ≈ 800² steps) and cached by the caller until the pieces change;
// then linear set lookups per candidate piece.

import { diffChars } from "diff";

const MIN_RUN = 3;
// An edit-length bound only: a time limit would make the alignment depend on machine load.
const BOUNDS = { maxEditLength: 800 };

/** Marks the characters of `text` that lie in an equal run of at least MIN_RUN with `other`. */
function matchedRuns(text: string, other: string): Uint8Array | undefined {
  const changes = diffChars(text, other, BOUNDS);
  if (!changes) return undefined;
  const matched = new Uint8Array(text.length);
  let at = 0;
  for (const change of changes) {
    if (change.added) continue;
    if (!change.removed && change.value.length >= MIN_RUN)
      matched.fill(1, at, at + change.value.length);
    at += change.value.length;
  }
  return matched;
}

/**
 * The runs of `whole` that no text of `others` matches, kept apart by a character no text
 * contains (so no match spans two); undefined when a bounded diff gives up.
 */
export function unmatchedRuns(whole: string, others: readonly string[]): string | undefined {
  const covered = new Uint8Array(whole.length);
  for (const other of others) {
    const matched = matchedRuns(whole, other);
    if (!matched) return undefined;
    matched.forEach((flag, at) => (covered[at]! |= flag));
  }
  let remainder = "";
  for (let at = 0; at < whole.length; at++) {
    if (!covered[at]) remainder += whole[at];
    else if (!remainder.endsWith("\u0000")) remainder += "\u0000";
  }
  return remainder;
}

/**
 * The share (0..1) of `piece`'s characters that lie in a run of MIN_RUN characters also found
 * in `source` (0 without a source). The runs are looked up in a set, in any order: the order
 * that matters was settled when unmatchedRuns cut the source.
 */
export function runShare(piece: string, source: string | undefined): number {
  if (piece.length < MIN_RUN || source === undefined) return 0;
  const runs = new Set<string>();
  for (let at = 0; at + MIN_RUN <= source.length; at++) runs.add(source.slice(at, at + MIN_RUN));
  const matched = new Uint8Array(piece.length);
  for (let at = 0; at + MIN_RUN <= piece.length; at++) {
    if (runs.has(piece.slice(at, at + MIN_RUN))) matched.fill(1, at, at + MIN_RUN);
  }
  let count = 0;
  for (const flag of matched) count += flag;
  return count / piece.length;
}
