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
export function inOrderPairs(pairing: Pairing): { old: number[]; new: number[] } {
  const news: number[] = [];
  const olds: number[] = [];
  pairing.newPartner.forEach((i, j) => {
    if (i !== -1) {
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
