// Near-identical opinions (template campaigns, one text filed through several channels) are
// grouped into clusters so one decision can cover them all.
//
// How: each opinion's text is normalised (NFKC folds full-width letters, digits and punctuation
// to half-width; punctuation, symbols and whitespace are dropped; Latin letters are lower-cased),
// then cut into overlapping character bigrams (shingles: most Chinese words are two characters,
// and a three-character place name swapped into a 50-character template changes 4 bigrams but 5
// trigrams, which would drop it below the line). Two opinions are alike when the Jaccard
// similarity of their shingle sets is at least the threshold (0.8 by default: the same template
// with another district's name scores 0.82; a different opinion on the same article about 0.3;
// 网上办理 against 线下办理 in a short opinion 0.6, so opposite wishes stay apart). Candidates are found with MinHash signatures and locality-sensitive hashing
// (20 bands of 6 rows: a pair at 0.8 shares a band with probability 0.998, at 0.5 only 0.27), and every candidate pair is
// then confirmed with the exact Jaccard similarity, so LSH only saves work, it never decides.
// Confirmed pairs are joined with union-find (single linkage). Cost: O(n · (text length + 64))
// to sign, plus the confirmed pairs; thousands of opinions take milliseconds.
//
// Clusters may cross articles and channels: the same letter filed once on 第十条 by a citizen
// and once on the whole draft by a contact point is one opinion repeated, and deserves one
// decision. Callers pass only the opinions of one consultation.

/** Folds width, case, punctuation and whitespace away, so only the wording remains. */
export function normalizeOpinionText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, "");
}

/** The text's character n-grams, bigrams by default (the whole text when shorter). */
export function shingles(text: string, size = 2): Set<string> {
  const chars = Array.from(normalizeOpinionText(text));
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length < size) {
    out.add(chars.join(""));
    return out;
  }
  for (let i = 0; i + size <= chars.length; i++) out.add(chars.slice(i, i + size).join(""));
  return out;
}

/** |A ∩ B| / |A ∪ B|; two empty sets are not alike. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const s of small) if (large.has(s)) common++;
  return common / (a.size + b.size - common);
}

const BANDS = 20;
const ROWS = 6;
const HASHES = BANDS * ROWS;
const SEEDS = Array.from({ length: HASHES }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function signature(set: Set<string>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of set) {
    const base = fnv1a(s);
    for (let i = 0; i < HASHES; i++) {
      const h = mix(base ^ SEEDS[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/**
 * Groups items whose texts are near-identical. Returns clusters of at least two members (by
 * index into `items`, in input order), ordered by their first member; singletons are left out.
 */
export function clusterTexts<T>(
  items: T[],
  textOf: (item: T) => string,
  threshold = 0.8,
): number[][] {
  const sets = items.map((item) => shingles(textOf(item)));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // Each item meets the earlier items that share one of its bands; `seenBy` keeps it from
  // checking one pair twice without building a set of pairs.
  const buckets = new Map<number, number[]>();
  const seenBy = new Int32Array(items.length).fill(-1);
  sets.forEach((set, i) => {
    if (set.size === 0) return;
    const sig = signature(set);
    for (let band = 0; band < BANDS; band++) {
      let key = SEEDS[band]!;
      for (let r = band * ROWS; r < band * ROWS + ROWS; r++) key = mix(key ^ sig[r]!);
      const bucket = buckets.get(key);
      if (!bucket) {
        buckets.set(key, [i]);
        continue;
      }
      for (const j of bucket) {
        if (seenBy[j] === i) continue;
        seenBy[j] = i;
        if (find(i) !== find(j) && jaccard(set, sets[j]!) >= threshold) union(i, j);
      }
      bucket.push(i);
    }
  });
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
}
