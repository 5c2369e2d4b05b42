// Splits and merges, found among the articles the one-to-one pairing left over. A new article
// that was not paired is a piece of a split when much of its text (`minContainment` of its
// bigram weight) comes from one old article and it accounts for a part of that old text the
// other pieces do not (`minCoverageGain`): a new article that merely repeats the boilerplate of
// an old one adds no coverage and stays "added". Pieces need not stand together: a revision
// often moves one paragraph of an article to another chapter. Merges are the same with the
// sides swapped. A split needs two pieces at least; an article is never both split and merged;
// the most contained pieces are taken first.
//
// Cost: one candidate search per direction over the unpaired articles only (similarity.ts),
// then a coverage check per accepted piece, linear in the texts involved.

import type { Pairing } from "./pairs.ts";
import type { BigramProfile, BigramProfiles, Candidate } from "./similarity.ts";
import { candidatePairs, coverage } from "./similarity.ts";

/** Thresholds for recognising splits and merges (fractions of bigram weight, 0..1). */
export interface GroupingOptions {
  /** How much of a piece must come from its whole (default 0.5). */
  minContainment?: number;
  /** How much more of the whole a piece must cover than the other pieces do (default 0.15). */
  minCoverageGain?: number;
}

/** Articles that correspond: at most one side has more than one (indexes, ascending). */
export interface ArticleGroup {
  old: number[];
  new: number[];
}

interface Side {
  profiles: BigramProfile[];
  /** For each article of this side, the articles of the other side it corresponds to. */
  pieces: number[][];
}

function range(length: number): number[] {
  return Array.from({ length }, (_, at) => at);
}

// Attaches open articles of `parts` to articles of `wholes` they were cut from. `candidates`
// are (whole, part) index pairs, most contained first.
function attachPieces(
  wholes: Side,
  parts: Side,
  candidates: { whole: number; part: number; containment: number }[],
  weight: Float64Array,
  minGain: number,
): void {
  const startedOpen = new Set(
    range(wholes.pieces.length).filter((w) => wholes.pieces[w]!.length === 0),
  );
  const profilesOf = (pieces: number[]) => pieces.map((piece) => parts.profiles[piece]!);
  for (const { whole, part } of candidates) {
    const pieces = wholes.pieces[whole]!;
    if (parts.pieces[part]!.length > 0) continue;
    if (pieces.some((piece) => parts.pieces[piece]!.length > 1)) continue;
    const own = wholes.profiles[whole]!;
    const gain =
      coverage(own, profilesOf([...pieces, part]), weight) -
      coverage(own, profilesOf(pieces), weight);
    if (gain < minGain) continue;
    pieces.push(part);
    pieces.sort((a, b) => a - b);
    parts.pieces[part]!.push(whole);
  }
  // A lone piece of a whole that had no partner is no split: give it back.
  for (const whole of startedOpen) {
    const pieces = wholes.pieces[whole]!;
    if (pieces.length === 1) {
      parts.pieces[pieces[0]!]!.length = 0;
      pieces.length = 0;
    }
  }
}

/** Groups a one-to-one pairing into one-to-one, split and merged correspondences. */
export function groupArticles(
  pairing: Pairing,
  profiles: BigramProfiles,
  options: GroupingOptions = {},
): ArticleGroup[] {
  const minContainment = options.minContainment ?? 0.5;
  const minGain = options.minCoverageGain ?? 0.15;
  const oldSide: Side = {
    profiles: profiles.old,
    pieces: Array.from(pairing.oldPartner, (j) => (j === -1 ? [] : [j])),
  };
  const newSide: Side = {
    profiles: profiles.new,
    pieces: Array.from(pairing.newPartner, (i) => (i === -1 ? [] : [i])),
  };
  const openOf = (side: Side) =>
    range(side.pieces.length).filter((k) => side.pieces[k]!.length === 0);
  const bestFirst = (list: { part: number; whole: number; containment: number }[]) =>
    list.sort((a, b) => b.containment - a.containment || a.part - b.part || a.whole - b.whole);

  const splitCandidates = candidatePairs(
    profiles,
    range(oldSide.pieces.length),
    openOf(newSide),
    (c: Candidate) => c.shared >= minContainment * profiles.new[c.new]!.mass,
  ).map((c) => ({ whole: c.old, part: c.new, containment: c.shared / profiles.new[c.new]!.mass }));
  attachPieces(oldSide, newSide, bestFirst(splitCandidates), profiles.weight, minGain);

  const mergeCandidates = candidatePairs(
    profiles,
    openOf(oldSide),
    range(newSide.pieces.length),
    (c: Candidate) => c.shared >= minContainment * profiles.old[c.old]!.mass,
  ).map((c) => ({ whole: c.new, part: c.old, containment: c.shared / profiles.old[c.old]!.mass }));
  attachPieces(newSide, oldSide, bestFirst(mergeCandidates), profiles.weight, minGain);

  const groups: ArticleGroup[] = [];
  oldSide.pieces.forEach((news, i) => {
    if (news.length === 0) groups.push({ old: [i], new: [] });
    else if (news.length > 1) groups.push({ old: [i], new: news });
  });
  newSide.pieces.forEach((olds, j) => {
    const first = olds[0];
    if (first === undefined) groups.push({ old: [], new: [j] });
    else if (olds.length > 1 || oldSide.pieces[first]!.length === 1)
      groups.push({ old: olds, new: [j] });
  });
  return groups;
}
