// How well comparison traces the articles of real texts, and how fast (issue 16, item 1). For
// each full revision (修订) with an answer key in tests/fixtures/alignment, the share of
// articles (both sides) whose traced relation matches the key (goal ≥ 95 % each); for those and
// for the amendments (修正) among the real laws, the median time of a whole comparison
// (alignment and diffs, jieba) over RUNS runs after a warm-up (goal ≤ 100 ms a pair; the
// 1,260-article figure is bench/compare.ts's), and of the alignment alone (for information). Run: npx tsx bench/alignment.ts (RUNS changes
// the default of 9). Ends with a BENCH-FIGURES line (bench/figures.ts) for `npm run bench`.
import fs from "node:fs";
import { alignProvisions } from "../editor/compare/align.ts";
import { answerKeySchema, scoreAgainstKey } from "../editor/compare/answer-key.ts";
import { compareRows } from "../editor/compare/compare.ts";
import { jiebaSegmenter } from "../editor/compare/segment-jieba.node.ts";
import { decodeText } from "../editor/import/decode.ts";
import { parseLegalText } from "../editor/import/parse.ts";
import { deriveProvisions } from "../editor/provisions.ts";
import type { ProvisionRow } from "../editor/provisions.ts";
import { printFigures, type BenchFigure } from "./figures.ts";
import { quantile } from "./support.ts";

const RUNS = Number(process.env.RUNS ?? 9);
const TIME_GOAL_MS = 100;
const keysDir = new URL("../tests/fixtures/alignment/", import.meta.url);
const lawsDir = new URL("../tests/fixtures/laws/", import.meta.url);

// Amendments (修正): timed only; their rows are held by editor/compare/laws.test.ts.
const AMENDMENTS: [string, string][] = [
  ["lifa-fa-2015.md", "lifa-fa-2023.md"],
  ["dongwu-fangyi-fa-2007.txt", "dongwu-fangyi-fa-2013.txt"],
  ["dongwu-fangyi-fa-2013.txt", "dongwu-fangyi-fa-2015.txt"],
  ["shengzhu-tuzai-tiaoli-2008.txt", "shengzhu-tuzai-tiaoli-2011.txt"],
  ["shengzhu-tuzai-tiaoli-2011.txt", "shengzhu-tuzai-tiaoli-2016.txt"],
];

function rowsOf(file: string): ProvisionRow[] {
  const bytes = new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));
  return deriveProvisions(parseLegalText(decodeText(bytes)).doc);
}

const segment = jiebaSegmenter();

/** The median time of `work` over RUNS runs after a warm-up, in milliseconds. */
function median(work: () => unknown): number {
  work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return quantile(times, 0.5);
}

/** The median times of a whole comparison of the pair and of its alignment alone. */
function medianTimes(oldRows: ProvisionRow[], newRows: ProvisionRow[]) {
  return {
    compare: median(() => compareRows(oldRows, newRows, segment)),
    align: median(() => alignProvisions(oldRows, newRows)),
  };
}

const figures: BenchFigure[] = [];
const keyFiles = fs
  .readdirSync(keysDir)
  .filter((name) => name.endsWith(".json"))
  .sort();
for (const file of keyFiles) {
  const key = answerKeySchema.parse(JSON.parse(fs.readFileSync(new URL(file, keysDir), "utf8")));
  const oldRows = rowsOf(key.old);
  const newRows = rowsOf(key.new);
  const score = scoreAgainstKey(compareRows(oldRows, newRows, segment).rows, key);
  const ms = medianTimes(oldRows, newRows);
  const name = `${key.old} → ${key.new}`;
  console.log(
    `${name}: ${(score.score * 100).toFixed(1)} % of articles traced as keyed ` +
      `(${score.matched}/${score.total}); ${ms.compare.toFixed(1)} ms ` +
      `(alignment ${ms.align.toFixed(1)} ms)`,
  );
  for (const miss of score.misses) {
    console.log(
      `  ${miss.side} ${miss.article}: traced ${JSON.stringify(miss.traced)}, key ${JSON.stringify(miss.expected)}`,
    );
  }
  figures.push(
    {
      name: `${name}: traced as keyed`,
      value: score.score * 100,
      unit: "%",
      goal: 95,
      better: "higher",
    },
    {
      name: `${name}: comparison time`,
      value: ms.compare,
      unit: "ms",
      goal: TIME_GOAL_MS,
      better: "lower",
    },
    { name: `${name}: alignment time`, value: ms.align, unit: "ms", goal: null, better: "lower" },
  );
}
for (const [before, after] of AMENDMENTS) {
  const ms = medianTimes(rowsOf(before), rowsOf(after));
  console.log(
    `${before} → ${after} (amendment): ${ms.compare.toFixed(1)} ms ` +
      `(alignment ${ms.align.toFixed(1)} ms)`,
  );
  figures.push(
    {
      name: `${before} → ${after}: comparison time`,
      value: ms.compare,
      unit: "ms",
      goal: TIME_GOAL_MS,
      better: "lower",
    },
    {
      name: `${before} → ${after}: alignment time`,
      value: ms.align,
      unit: "ms",
      goal: null,
      better: "lower",
    },
  );
}
printFigures(figures);
