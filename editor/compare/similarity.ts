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

interface Vocabulary {
  /** Dense number of each UTF-16 code unit seen, 0 when unseen. */
  charNumber: Int32Array;
  chars: number;
  /** Bigram key (two dense char numbers) → bigram id. */
  idOf: Map<number, number>;
}

// Keys stay small integers (V8 hashes those fastest): a bigram's key is made of the dense
// numbers of its two characters, not of their code units. A text of more distinct characters
// than KEY_BASE (no Chinese law has them) gets negative keys beyond it: slower, still exact.
const KEY_BASE = 1 << 15;

function charNumber(vocabulary: Vocabulary, code: number): number {
  let n = vocabulary.charNumber[code]!;
  if (n === 0) {
    n = ++vocabulary.chars;
    vocabulary.charNumber[code] = n;
  }
  return n;
}

function bigramIds(text: string, vocabulary: Vocabulary): Int32Array {
  const ids: number[] = [];
  const add = (key: number) => {
    let id = vocabulary.idOf.get(key);
    if (id === undefined) {
      id = vocabulary.idOf.size;
      vocabulary.idOf.set(key, id);
    }
    ids.push(id);
  };
  let previous = text.length > 0 ? charNumber(vocabulary, text.charCodeAt(0)) : 0;
  // A one-character text is its character, keyed apart from every bigram.
  if (text.length === 1) add(-(0x10001 * 0x10001) - previous);
  for (let at = 1; at < text.length; at++) {
    const current = charNumber(vocabulary, text.charCodeAt(at));
    add(
      previous < KEY_BASE && current < KEY_BASE
        ? previous * KEY_BASE + current
        : -(previous * 0x10001 + current),
    );
    previous = current;
  }
  const sorted = Int32Array.from(ids).sort();
  let distinct = 0;
  for (let at = 0; at < sorted.length; at++) {
    if (at === 0 || sorted[at] !== sorted[at - 1]) sorted[distinct++] = sorted[at]!;
  }
  return sorted.slice(0, distinct);
}

/** Builds the weighted bigram profiles of both sides' texts (already normalised, normalize.ts). */
export function buildProfiles(oldTexts: string[], newTexts: string[]): BigramProfiles {
  const vocabulary: Vocabulary = {
    charNumber: new Int32Array(0x10000),
    chars: 0,
    idOf: new Map(),
  };
  const oldIds = oldTexts.map((text) => bigramIds(text, vocabulary));
  const newIds = newTexts.map((text) => bigramIds(text, vocabulary));
  const df = new Int32Array(vocabulary.idOf.size);
  for (const side of [oldIds, newIds]) for (const ids of side) for (const id of ids) df[id]!++;
  const total = oldIds.length + newIds.length;
  const weight = Float64Array.from(df, (count) => Math.log(1 + total / count));
  const profile = (ids: Int32Array): BigramProfile => {
    let mass = 0;
    for (const id of ids) mass += weight[id]!;
    return { ids, mass };
  };
  return { old: oldIds.map(profile), new: newIds.map(profile), weight };
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
  // The index in compressed form: the articles holding bigram b are
  // holders[start[b]] … holders[start[b + 1] - 1].
  const start = new Int32Array(profiles.weight.length + 1);
  for (const j of openNew) for (const id of profiles.new[j]!.ids) start[id + 1]!++;
  for (let id = 0; id < profiles.weight.length; id++) start[id + 1]! += start[id]!;
  const fill = start.slice(0, profiles.weight.length);
  const holders = new Int32Array(start[profiles.weight.length]!);
  for (const j of openNew) for (const id of profiles.new[j]!.ids) holders[fill[id]!++] = j;

  const shared = new Float64Array(profiles.new.length);
  const touched: number[] = [];
  const candidates: Candidate[] = [];
  for (const i of openOld) {
    const old = profiles.old[i]!;
    for (const id of old.ids) {
      const w = profiles.weight[id]!;
      for (let at = start[id]!, end = start[id + 1]!; at < end; at++) {
        const j = holders[at]!;
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
