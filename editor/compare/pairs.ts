// Pairs the articles of two texts one to one. Evidence is taken strongest first, and each
// step only sees what the earlier ones left open:
//
// 1. Shared pid: readings of one bill carry the provision's identity, so it settles the pair
//    whatever the text became.
// 2. Identical text (after normalisation), the k-th copy with the k-th copy.
// 3. Very similar text anywhere (0.7 and up): candidate pairs from the bigram index
//    (similarity.ts), accepted greedily, most similar first.
// 4. Similar text in place: the pairs kept in order (order.ts) cut both documents into gaps;
//    an old and a new article in the same gap pair at `minSimilarityInPlace`, since their
//    position backs the likeness. This comes before step 5 because legal texts are formulaic:
//    a rewritten article often resembles a far-away sibling more than its own new version.
// 5. Similar text anywhere down to `minSimilarity`: an article that moved from 第二十六条 to
//    第十九条 and was reworded on the way; then step 4 once more with the new anchors.
//    Below these thresholds an article is added or deleted rather than a "modification" of an
//    unrelated one.
// 6. After splits and merges are found (groups.ts; `pairLeftovers`, called by align.ts), what a
//    full revision (修订) leaves open: an article that grew around an old one (a short
//    old article taken whole into a long new one) has a low Dice similarity but a high overlap,
//    the shared weight over the smaller side's weight. Inside each gap between in-order pairs,
//    the open articles are paired by an order-preserving assignment (a weighted longest common
//    subsequence over Dice + overlap) at `minOverlap`, with Dice no lower than `minSimilarityLoose`;
//    then, anywhere, a pair whose articles are each other's best candidate and overlap that much;
//    then the gaps once more with the new anchors.
//
// Cost: steps 1–2 are linear; steps 3–5 cost one candidate search (see similarity.ts) and a
// sort of the candidates; the order is computed in O(n log n).

import type { BigramProfiles, Candidate } from "./similarity.ts";
import { candidatePairs } from "./similarity.ts";
import { longestIncreasingSubsequence } from "./order.ts";

/** Thresholds of the pairing, as weighted bigram Dice similarities (0..1). */
export interface PairingOptions {
  /** A pair found anywhere in the documents needs at least this similarity (default 0.5). */
  minSimilarity?: number;
  /** A pair between the same in-order neighbours needs at least this (default 0.3). */
  minSimilarityInPlace?: number;
  /** Steps 6: the overlap (shared weight over the smaller side's) a loose pair needs (default 0.5). */
  minOverlap?: number;
  /** Step 6: the Dice similarity below which no overlap makes a pair (default 0.15). */
  minSimilarityLoose?: number;
}

/** The partner index of every article on each side, -1 where there is none. */
export interface Pairing {
  oldPartner: Int32Array;
  newPartner: Int32Array;
}

/** The pids and normalised texts of one side's articles, in document order. */
export interface SideArticles {
  pids: readonly string[];
  texts: readonly string[];
}

// Above this similarity a pair is taken wherever it lies, before position is considered.
const CONFIDENT = 0.7;
// A gap whose open articles would make a larger assignment table is paired greedily instead,
// which bounds the cost of step 6 (no real revision comes near it).
const MAX_GAP_CELLS = 250_000;
// The partner of an article that stands in a split or merge, while step 6 runs.
const TAKEN = -2;

function open(partners: Int32Array): number[] {
  const list: number[] = [];
  partners.forEach((partner, at) => {
    if (partner === -1) list.push(at);
  });
  return list;
}

/** For each index on one side, how many in-order pairs stand before it: its gap number. */
function gapNumbers(length: number, anchorPositions: readonly number[]): Int32Array {
  const gaps = new Int32Array(length);
  let passed = 0;
  for (let at = 0; at < length; at++) {
    while (passed < anchorPositions.length && anchorPositions[passed]! < at) passed++;
    gaps[at] = passed;
  }
  return gaps;
}

/** The pairs kept in relative order, as [old indexes, new indexes] both ascending. */
// (A negative partner is no pair: -1 open, TAKEN while step 6 runs.)
export function inOrderPairs(pairing: Pairing): { old: number[]; new: number[] } {
  const news: number[] = [];
  const olds: number[] = [];
  pairing.newPartner.forEach((i, j) => {
    if (i >= 0) {
      news.push(j);
      olds.push(i);
    }
  });
  const kept = longestIncreasingSubsequence(olds);
  return { old: kept.map((k) => olds[k]!), new: kept.map((k) => news[k]!) };
}

/** Pairs old and new articles one to one by pid, identical text and similarity with order. */
export function pairArticles(
  oldSide: SideArticles,
  newSide: SideArticles,
  profiles: BigramProfiles,
  options: PairingOptions = {},
): Pairing {
  const minSimilarity = options.minSimilarity ?? 0.5;
  const minInPlace = Math.min(options.minSimilarityInPlace ?? 0.3, minSimilarity);
  const pairing: Pairing = {
    oldPartner: new Int32Array(oldSide.pids.length).fill(-1),
    newPartner: new Int32Array(newSide.pids.length).fill(-1),
  };
  const link = (i: number, j: number) => {
    pairing.oldPartner[i] = j;
    pairing.newPartner[j] = i;
  };

  const newByPid = new Map<string, number>();
  newSide.pids.forEach((pid, j) => newByPid.set(pid, j));
  oldSide.pids.forEach((pid, i) => {
    const j = newByPid.get(pid);
    if (j !== undefined && pairing.newPartner[j] === -1) link(i, j);
  });

  const openByText = new Map<string, number[]>();
  for (const j of open(pairing.newPartner)) {
    const text = newSide.texts[j]!;
    const queue = openByText.get(text);
    if (queue) queue.push(j);
    else openByText.set(text, [j]);
  }
  for (const i of open(pairing.oldPartner)) {
    const j = openByText.get(oldSide.texts[i]!)?.shift();
    if (j !== undefined) link(i, j);
  }

  const candidates = candidatePairs(
    profiles,
    open(pairing.oldPartner),
    open(pairing.newPartner),
    (candidate) => candidate.dice >= minInPlace,
  );
  // Most similar first; among equals, the one nearer its own position in the document.
  const drift = (c: Candidate) =>
    Math.abs(c.old / oldSide.pids.length - c.new / newSide.pids.length);
  candidates.sort((a, b) => b.dice - a.dice || drift(a) - drift(b));
  const isOpen = (c: Candidate) =>
    pairing.oldPartner[c.old] === -1 && pairing.newPartner[c.new] === -1;
  const pairAnywhere = (threshold: number) => {
    for (const c of candidates) {
      if (c.dice < threshold) break;
      if (isOpen(c)) link(c.old, c.new);
    }
  };
  const pairInPlace = () => {
    const anchors = inOrderPairs(pairing);
    const oldGap = gapNumbers(oldSide.pids.length, anchors.old);
    const newGap = gapNumbers(newSide.pids.length, anchors.new);
    // Pairs taken inside one gap keep their order among themselves, or they would be moves
    // made up from weak evidence.
    const takenInGap = new Map<number, Candidate[]>();
    for (const c of candidates) {
      const gap = oldGap[c.old]!;
      if (!isOpen(c) || gap !== newGap[c.new]) continue;
      const taken = takenInGap.get(gap) ?? [];
      if (taken.some((t) => t.old < c.old !== t.new < c.new)) continue;
      link(c.old, c.new);
      takenInGap.set(gap, [...taken, c]);
    }
  };
  pairAnywhere(Math.max(CONFIDENT, minSimilarity));
  pairInPlace();
  pairAnywhere(minSimilarity);
  pairInPlace();
  return pairing;
}

/**
 * Step 6, run once splits and merges are known (groups.ts): pairs the articles still open on
 * both sides by overlap, in order inside each gap, then as mutual best candidates anywhere.
 * `taken` marks the articles that stand in a split or merge (by side and index); they are
 * neither paired nor anchors. Returns the new pairs as [old index, new index].
 */
export function pairLeftovers(
  pairing: Pairing,
  taken: { old: ReadonlySet<number>; new: ReadonlySet<number> },
  profiles: BigramProfiles,
  options: PairingOptions = {},
): [number, number][] {
  const minSimilarity = options.minSimilarity ?? 0.5;
  const minInPlace = Math.min(options.minSimilarityInPlace ?? 0.3, minSimilarity);
  const minOverlap = options.minOverlap ?? 0.5;
  const minLoose = Math.min(options.minSimilarityLoose ?? 0.15, minInPlace);
  // A copy in which a taken article has the partner TAKEN: not open, not an anchor.
  const state: Pairing = {
    oldPartner: Int32Array.from(pairing.oldPartner, (j, i) => (taken.old.has(i) ? TAKEN : j)),
    newPartner: Int32Array.from(pairing.newPartner, (i, j) => (taken.new.has(j) ? TAKEN : i)),
  };
  const found: [number, number][] = [];
  const link = (i: number, j: number) => {
    state.oldPartner[i] = j;
    state.newPartner[j] = i;
    found.push([i, j]);
  };
  const isOpen = (c: Candidate) => state.oldPartner[c.old] === -1 && state.newPartner[c.new] === -1;
  const overlap = (c: Candidate) =>
    c.shared / Math.min(profiles.old[c.old]!.mass, profiles.new[c.new]!.mass);
  const candidates = candidatePairs(
    profiles,
    open(state.oldPartner),
    open(state.newPartner),
    (c) => c.dice >= minLoose,
  ).sort((a, b) => b.dice - a.dice || a.old - b.old || a.new - b.new);
  const loose = candidates.filter((c) => overlap(c) >= minOverlap);
  // Step 6: order-preserving assignment of the loose candidates inside each gap.
  const pairInGapsLoose = () => {
    const anchors = inOrderPairs(state);
    const oldGap = gapNumbers(state.oldPartner.length, anchors.old);
    const newGap = gapNumbers(state.newPartner.length, anchors.new);
    const byGap = new Map<number, Candidate[]>();
    for (const c of loose) {
      const gap = oldGap[c.old]!;
      if (!isOpen(c) || gap !== newGap[c.new]) continue;
      const list = byGap.get(gap);
      if (list) list.push(c);
      else byGap.set(gap, [c]);
    }
    for (const list of byGap.values()) {
      for (const c of orderedAssignment(list, (c) => c.dice + overlap(c))) link(c.old, c.new);
    }
  };
  // Then anywhere: mutual best candidates (by Dice) that overlap enough.
  const pairMutualBest = () => {
    const bestOfOld = new Map<number, Candidate>();
    const bestOfNew = new Map<number, Candidate>();
    for (const c of candidates) {
      if (!isOpen(c)) continue;
      if (!bestOfOld.has(c.old)) bestOfOld.set(c.old, c);
      if (!bestOfNew.has(c.new)) bestOfNew.set(c.new, c);
    }
    for (const c of bestOfOld.values()) {
      if (bestOfNew.get(c.new) === c && overlap(c) >= minOverlap) link(c.old, c.new);
    }
  };
  pairInGapsLoose();
  pairMutualBest();
  pairInGapsLoose();
  return found;
}

/**
 * The candidates of one gap that pair the most weight while keeping their order on both sides:
 * a weighted longest common subsequence over the gap's open articles. Quadratic in the gap's
 * size; a gap too large for that (MAX_GAP_CELLS) is paired greedily, order kept.
 */
function orderedAssignment(
  list: readonly Candidate[],
  weight: (c: Candidate) => number,
): Candidate[] {
  const olds = [...new Set(list.map((c) => c.old))].sort((a, b) => a - b);
  const news = [...new Set(list.map((c) => c.new))].sort((a, b) => a - b);
  if (olds.length * news.length > MAX_GAP_CELLS) {
    const taken: Candidate[] = [];
    for (const c of [...list].sort((a, b) => weight(b) - weight(a))) {
      if (taken.some((t) => t.old === c.old || t.new === c.new || t.old < c.old !== t.new < c.new))
        continue;
      taken.push(c);
    }
    return taken;
  }
  const row = new Map(olds.map((o, at) => [o, at]));
  const column = new Map(news.map((n, at) => [n, at]));
  const width = news.length + 1;
  const cell = new Array<Candidate | undefined>(olds.length * news.length);
  for (const c of list) cell[row.get(c.old)! * news.length + column.get(c.new)!] = c;
  // best[(a + 1) * width + (b + 1)]: the most weight pairing the first a+1 olds with the first b+1 news.
  const best = new Float64Array((olds.length + 1) * width);
  for (let a = 0; a < olds.length; a++) {
    for (let b = 0; b < news.length; b++) {
      const here = (a + 1) * width + (b + 1);
      const c = cell[a * news.length + b];
      best[here] = Math.max(
        best[here - width]!,
        best[here - 1]!,
        c ? best[here - width - 1]! + weight(c) : 0,
      );
    }
  }
  const taken: Candidate[] = [];
  for (let a = olds.length - 1, b = news.length - 1; a >= 0 && b >= 0;) {
    const here = (a + 1) * width + (b + 1);
    if (best[here] === best[here - width]) a--;
    else if (best[here] === best[here - 1]) b--;
    else {
      taken.push(cell[a * news.length + b]!);
      a--;
      b--;
    }
  }
  return taken.reverse();
}
