// Scores an alignment against an answer key: for a pair of texts, a person's reading of where
// every article of the new text came from and where every article of the old text went
// (tests/fixtures/alignment/*.json). The score is the share of articles, old and new side
// together, whose traced relation matches the key. An article's traced relation is the set of
// articles on the other side of its row: none for an added or deleted article, several for a
// piece of a split or merge.
//
// A key entry is the list of articles on the other side, "new" / "deleted", or, where a
// reading admits more than one answer, {core, optional}: a traced set matches when it holds
// every core article and nothing outside core and optional (an empty core also accepts none).

import { z } from "zod";
import type { AlignedRow } from "./align.ts";

const entrySchema = z.union([
  z.literal("new"),
  z.literal("deleted"),
  z.array(z.number().int().positive()).min(1),
  z.object({
    core: z.array(z.number().int().positive()),
    optional: z.array(z.number().int().positive()),
  }),
]);

export const answerKeySchema = z.object({
  /** File names under tests/fixtures/laws/. */
  old: z.string(),
  new: z.string(),
  about: z.string(),
  /** New article number → its source articles in the old text. */
  newSources: z.record(z.string(), entrySchema),
  /** Old article number → where it went in the new text. */
  oldTargets: z.record(z.string(), entrySchema),
  /** Where the reading was a judgement call, and why it was keyed as it is. */
  ambiguous: z.record(z.string(), z.string()),
});

export type AnswerKey = z.infer<typeof answerKeySchema>;
type Entry = z.infer<typeof entrySchema>;

/** One article whose traced relation differs from the key. */
export interface KeyMiss {
  side: "old" | "new";
  article: number;
  traced: number[];
  expected: Entry;
}

export interface KeyScore {
  /** Articles of both sides whose relation matches, over all articles keyed. */
  score: number;
  matched: number;
  total: number;
  misses: KeyMiss[];
}

function matches(entry: Entry, traced: readonly number[]): boolean {
  if (entry === "new" || entry === "deleted") return traced.length === 0;
  const core = Array.isArray(entry) ? entry : entry.core;
  const allowed = new Set(Array.isArray(entry) ? entry : [...entry.core, ...entry.optional]);
  return core.every((n) => traced.includes(n)) && traced.every((n) => allowed.has(n));
}

/** Compares the rows of an alignment with an answer key, article by article. */
export function scoreAgainstKey(
  rows: readonly Pick<AlignedRow, "old" | "new">[],
  key: AnswerKey,
): KeyScore {
  const tracedOfNew = new Map<number, number[]>();
  const tracedOfOld = new Map<number, number[]>();
  for (const row of rows) {
    for (const n of row.new) tracedOfNew.set(n, row.old);
    for (const o of row.old) tracedOfOld.set(o, row.new);
  }
  const misses: KeyMiss[] = [];
  let total = 0;
  const check = (
    side: "old" | "new",
    entries: Record<string, Entry>,
    traced: Map<number, number[]>,
  ) => {
    for (const [number, expected] of Object.entries(entries)) {
      total++;
      const article = Number(number);
      const found = [...(traced.get(article) ?? [])].sort((a, b) => a - b);
      if (!matches(expected, found)) misses.push({ side, article, traced: found, expected });
    }
  };
  check("new", key.newSources, tracedOfNew);
  check("old", key.oldTargets, tracedOfOld);
  return { score: (total - misses.length) / total, matched: total - misses.length, total, misses };
}
