// How alike two article texts are, measured on character bigrams, which suit Chinese (most
// words are two characters) and need no segmenter. Each article becomes the set of bigrams of
// its normalised text (normalize.ts); a bigram is weighted by its rarity across both documents,
// log(1 + N / df), so the boilerplate every article shares (应当, 人民政府, 违反本法) counts
// for little and the words that make an article itself count for much. Similarity is the
// weighted Dice coefficient 2·w(A∩B) / (w(A) + w(B)); containment w(A∩B) / w(B) says how much
// of B is drawn from A (for splits and merges).
//
// Cost: building the profiles is linear in the total text. Finding candidates goes through an
// inverted index from bigram to the articles holding it, so an old article is scored only
// against the new articles that share a bigram with it; the work is the sum of those posting
// lists (a few million additions for 1,260 articles a side) rather than 1,260² set comparisons.

/** One article's bigrams: sorted distinct ids, and their total weight. */
export interface BigramProfile {
  ids: Int32Array;
  mass: number;
}

/** Bigram profiles of the old and new articles, with the weight of every bigram id. */
export interface BigramProfiles {
  old: BigramProfile[];
  new: BigramProfile[];
  weight: Float64Array;
}

/** A possible pairing of old article `old` with new article `new` (indexes), with its scores. */
export interface Candidate {
  old: number;
  new: number;
  /** Weighted Dice similarity, 0..1. */
  dice: number;
  /** The weight of the shared bigrams (divide by a side's mass for its containment). */
  shared: number;
}

function bigramIds(text: string, idOf: Map<string, number>): Int32Array {
  const chars = Array.from(text);
  const grams = chars.length === 1 ? chars : chars.slice(1).map((char, at) => chars[at]! + char);
  const ids = new Set<number>();
  for (const gram of grams) {
    let id = idOf.get(gram);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(gram, id);
    }
    ids.add(id);
  }
  return Int32Array.from(ids).sort();
}

/** Builds the weighted bigram profiles of both sides' texts (already normalised, normalize.ts). */
export function buildProfiles(oldTexts: string[], newTexts: string[]): BigramProfiles {
  const idOf = new Map<string, number>();
  const oldIds = oldTexts.map((text) => bigramIds(text, idOf));
  const newIds = newTexts.map((text) => bigramIds(text, idOf));
  const df = new Int32Array(idOf.size);
  for (const ids of [...oldIds, ...newIds]) for (const id of ids) df[id]!++;
  const total = oldIds.length + newIds.length;
  const weight = Float64Array.from(df, (count) => Math.log(1 + total / count));
  const profile = (ids: Int32Array): BigramProfile => {
    let mass = 0;
    for (const id of ids) mass += weight[id]!;
    return { ids, mass };
  };
  return { old: oldIds.map(profile), new: newIds.map(profile), weight };
}

/** The total weight of the bigrams two profiles share. */
export function sharedWeight(a: BigramProfile, b: BigramProfile, weight: Float64Array): number {
  let shared = 0;
  for (let x = 0, y = 0; x < a.ids.length && y < b.ids.length;) {
    const left = a.ids[x]!;
    const right = b.ids[y]!;
    if (left === right) {
      shared += weight[left]!;
      x++;
      y++;
    } else if (left < right) x++;
    else y++;
  }
  return shared;
}

/** The weighted Dice similarity of two profiles, from 0 (nothing shared) to 1 (same bigrams). */
export function dice(a: BigramProfile, b: BigramProfile, weight: Float64Array): number {
  const total = a.mass + b.mass;
  return total === 0 ? 0 : (2 * sharedWeight(a, b, weight)) / total;
}

/** How much of `part` (by weight) is covered by the union of `wholes`' bigrams, from 0 to 1. */
export function coverage(
  part: BigramProfile,
  wholes: BigramProfile[],
  weight: Float64Array,
): number {
  if (part.mass === 0) return 0;
  const present = new Set<number>();
  for (const whole of wholes) for (const id of whole.ids) present.add(id);
  let covered = 0;
  for (const id of part.ids) if (present.has(id)) covered += weight[id]!;
  return covered / part.mass;
}

/**
 * Every pairing of a listed old article with a listed new article that shares a bigram with it
 * and passes `keep`, found through an inverted index of the new articles' bigrams.
 */
export function candidatePairs(
  profiles: BigramProfiles,
  openOld: readonly number[],
  openNew: readonly number[],
  keep: (candidate: Candidate) => boolean,
): Candidate[] {
  const postings = new Map<number, number[]>();
  for (const j of openNew) {
    for (const id of profiles.new[j]!.ids) {
      const list = postings.get(id);
      if (list) list.push(j);
      else postings.set(id, [j]);
    }
  }
  const shared = new Float64Array(profiles.new.length);
  const touched: number[] = [];
  const candidates: Candidate[] = [];
  for (const i of openOld) {
    const old = profiles.old[i]!;
    for (const id of old.ids) {
      const list = postings.get(id);
      if (!list) continue;
      const w = profiles.weight[id]!;
      for (const j of list) {
        if (shared[j] === 0) touched.push(j);
        shared[j]! += w;
      }
    }
    for (const j of touched) {
      const weight = shared[j]!;
      const candidate = {
        old: i,
        new: j,
        dice: (2 * weight) / (old.mass + profiles.new[j]!.mass),
        shared: weight,
      };
      if (keep(candidate)) candidates.push(candidate);
      shared[j] = 0;
    }
    touched.length = 0;
  }
  return candidates;
}
