// Splits and merges, found among the articles the one-to-one pairing left over. A new article
// that was not paired is a piece of a split when much of its text (`minContainment` of its
// bigram weight) comes from one old article, and part of it (`minFreshShare`, and no less than
// it shares with the pieces already there) matches text of that old article which those
// pieces do not hold (fresh.ts). A new article that repeats the boilerplate of an old one, or
// is modelled on its other pieces, brings nothing fresh and stays "added". Pieces need not
// stand together: a revision often moves one paragraph of an article to another chapter.
// Merges are the same with the sides swapped. The most contained pieces are taken first, each
// tried against the article that contains it best; a split needs two pieces at least; an
// article is never both split and merged.
//
// A full revision (修订) often cuts an article into pieces that stand next to each other, one
// of them carrying on the old article and the others largely new text around a paragraph of it.
// A piece within `NEIGHBOUR_DISTANCE` articles of the whole's partner needs only
// `minNeighbourContainment`: its position backs the likeness, as in pairs.ts step 4.
//
// Cost: one candidate search per direction, over the unpaired articles only (similarity.ts);
// then set lookups per candidate, and a bounded character diff per whole that gains a piece
// (fresh.ts).

import type { Pairing } from "./pairs.ts";
import type { BigramProfiles, Candidate } from "./similarity.ts";
import { runShare, unmatchedRuns } from "./fresh.ts";
import { candidatePairs } from "./similarity.ts";

/** Thresholds for recognising splits and merges (fractions of bigram weight, 0..1). */
export interface GroupingOptions {
  /** How much of a piece must come from its whole (default 0.5). */
  minContainment?: number;
  /** How much of a piece must match text of its whole that no other piece has (default 0.3). */
  minFreshShare?: number;
  /** How much of a piece next to its whole's partner must come from the whole (default 0.3). */
  minNeighbourContainment?: number;
}

// How near (in articles) a piece must stand to its whole's partner to count as its neighbour.
const NEIGHBOUR_DISTANCE = 2;

/** Articles that correspond: at most one side has more than one (indexes, ascending). */
export interface ArticleGroup {
  old: number[];
  new: number[];
}

interface Side {
  /** Normalised article texts. */
  texts: readonly string[];
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
  minFresh: number,
): void {
  const startedOpen = new Set(
    range(wholes.pieces.length).filter((w) => wholes.pieces[w]!.length === 0),
  );
  // What each whole has left once its pieces are matched, kept until its pieces change.
  const remainders = new Map<number, string | undefined>();
  const tried = new Set<number>();
  for (const { whole, part } of candidates) {
    const pieces = wholes.pieces[whole]!;
    if (parts.pieces[part]!.length > 0) continue;
    if (pieces.some((piece) => parts.pieces[piece]!.length > 1)) continue;
    // A piece comes from the article that contains it best; one try each bounds the cost.
    if (tried.has(part)) continue;
    tried.add(part);
    const others = pieces.map((piece) => parts.texts[piece]!);
    const text = parts.texts[part]!;
    const needed = Math.max(minFresh, runShare(text, others.join("\u0000")));
    // What the remainder offers can only be less than the whole offers: check that first, as
    // it needs no diff.
    if (runShare(text, wholes.texts[whole]!) < needed) continue;
    if (!remainders.has(whole)) remainders.set(whole, unmatchedRuns(wholes.texts[whole]!, others));
    if (runShare(text, remainders.get(whole)) < needed) continue;
    pieces.push(part);
    pieces.sort((a, b) => a - b);
    parts.pieces[part]!.push(whole);
    remainders.delete(whole);
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
  texts: { old: readonly string[]; new: readonly string[] },
  options: GroupingOptions = {},
): ArticleGroup[] {
  const minContainment = options.minContainment ?? 0.5;
  const minFresh = options.minFreshShare ?? 0.3;
  const minNeighbour = Math.min(options.minNeighbourContainment ?? 0.3, minContainment);
  const near = (partner: number, at: number) =>
    partner !== -1 && Math.abs(partner - at) <= NEIGHBOUR_DISTANCE;
  const oldSide: Side = {
    texts: texts.old,
    pieces: Array.from(pairing.oldPartner, (j) => (j === -1 ? [] : [j])),
  };
  const newSide: Side = {
    texts: texts.new,
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
    (c: Candidate) =>
      c.shared >=
      (near(pairing.oldPartner[c.old]!, c.new) ? minNeighbour : minContainment) *
        profiles.new[c.new]!.mass,
  ).map((c) => ({ whole: c.old, part: c.new, containment: c.shared / profiles.new[c.new]!.mass }));
  attachPieces(oldSide, newSide, bestFirst(splitCandidates), minFresh);

  const mergeCandidates = candidatePairs(
    profiles,
    openOf(oldSide),
    range(newSide.pieces.length),
    (c: Candidate) =>
      c.shared >=
      (near(pairing.newPartner[c.new]!, c.old) ? minNeighbour : minContainment) *
        profiles.old[c.old]!.mass,
  ).map((c) => ({ whole: c.new, part: c.old, containment: c.shared / profiles.old[c.old]!.mass }));
  attachPieces(newSide, oldSide, bestFirst(mergeCandidates), minFresh);

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
