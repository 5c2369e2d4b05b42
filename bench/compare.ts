// Comparison speed on real texts: 一审稿 → 二审稿 of the 动物防疫法 (goal ≤ 50 ms), and a
// 1,260-article pair (about the size of the Civil Code) built from the real laws in several
// versions (goal ≤ 500 ms). Prints the median of several runs (and of the alignment alone)
// and the longest event-loop stall seen while they ran, first with the comparison on the main
// thread, then with it in a worker thread, as a server would run it to keep its event loop
// free (goal: no stall over 50 ms). Run: npx tsx bench/compare.ts (INTL=1 adds runs with the
// Intl.Segmenter; RUNS and ARTICLES change the defaults of 9 runs and 1,260 articles). Ends
// with a BENCH-FIGURES line (bench/figures.ts) for `npm run bench`.
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { alignProvisions } from "../editor/compare/align.ts";
import { compareRows } from "../editor/compare/compare.ts";
import type { CompareResult } from "../editor/compare/compare.ts";
import { jiebaSegmenter } from "../editor/compare/segment-jieba.node.ts";
import { intlSegmenter } from "../editor/compare/segment.ts";
import type { Segmenter } from "../editor/compare/segment.ts";
import { decodeText } from "../editor/import/decode.ts";
import { parseLegalText } from "../editor/import/parse.ts";
import { deriveProvisions } from "../editor/provisions.ts";
import type { ProvisionRow } from "../editor/provisions.ts";
import { printFigures, type BenchFigure } from "./figures.ts";
import { quantile } from "./support.ts";

type SegmenterName = "jieba" | "intl";

const RUNS = Number(process.env.RUNS ?? 9);
const ARTICLES = Number(process.env.ARTICLES ?? 1260);
const segmenters: Record<SegmenterName, () => Segmenter> = {
  jieba: jiebaSegmenter,
  intl: () => intlSegmenter("zh"),
};
const lawsDir = new URL("../tests/fixtures/laws/", import.meta.url);

function articles(file: string): ProvisionRow[] {
  const bytes = new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));
  return deriveProvisions(parseLegalText(decodeText(bytes)).doc).filter(
    (row) => row.kind === "article",
  );
}

// Old and new versions of the same laws; each cycle starts one pair further on (the offset),
// so a law's articles meet different neighbours in every repetition.
const VERSION_PAIRS: [string, string][] = [
  ["lifa-fa-2015.md", "lifa-fa-2023.md"],
  ["xingzheng-fuyi-fa-2017.md", "xingzheng-fuyi-fa-2023.md"],
  [
    "beijing-zhiding-difangxing-fagui-tiaoli-2017.md",
    "beijing-zhiding-difangxing-fagui-tiaoli-2023.md",
  ],
  [
    "dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt",
    "dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt",
  ],
  ["dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt", "dongwu-fangyi-fa-2021.txt"],
  ["shengzhu-tuzai-tiaoli-2008.txt", "shengzhu-tuzai-tiaoli-2011.txt"],
  ["dongwu-fangyi-fa-2013.txt", "dongwu-fangyi-fa-2015.txt"],
];

/** A pair of article lists of `count` articles each, renumbered and with fresh pids. */
function largePair(count: number): [ProvisionRow[], ProvisionRow[]] {
  const loaded = VERSION_PAIRS.map(([before, after]) => [articles(before), articles(after)]);
  const old: ProvisionRow[] = [];
  const now: ProvisionRow[] = [];
  for (let cycle = 0; old.length < count || now.length < count; cycle++) {
    for (let k = 0; k < loaded.length; k++) {
      const [before, after] = loaded[(k + cycle) % loaded.length]!;
      old.push(...before!);
      now.push(...after!);
    }
  }
  const renumber = (rows: ProvisionRow[], side: string) =>
    rows.slice(0, count).map((row, at) => ({
      ...row,
      pid: `${side}-${at}`,
      ordinal: at,
      number: at + 1,
      parentPid: null,
      headingPath: [],
    }));
  return [renumber(old, "old"), renumber(now, "new")];
}

/** Runs `work` RUNS times after a warm-up; returns the median time and the longest stall. */
async function timed(
  work: () => unknown | Promise<unknown>,
): Promise<{ median: number; stall: number; times: number[] }> {
  await work(); // warm-up: JIT, the segmenter's first use, a worker's start
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  const times: number[] = [];
  stalls.enable();
  for (let run = 0; run < RUNS; run++) {
    await sleep(20);
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  await sleep(20);
  stalls.disable();
  return { median: quantile(times, 0.5), stall: stalls.max / 1e6, times };
}

function worker(segmenter: SegmenterName): {
  run(old: ProvisionRow[], now: ProvisionRow[]): Promise<CompareResult>;
  stop(): Promise<number>;
} {
  // A worker does not inherit tsx's hooks from this thread: it registers them, then loads this
  // file, whose worker branch answers the messages.
  const boot = `(async () => {
    const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))});
    register();
    await import(${JSON.stringify(import.meta.url)});
  })();`;
  const thread = new Worker(boot, { eval: true });
  return {
    run: (old, now) =>
      new Promise((resolve) => {
        thread.once("message", resolve);
        thread.postMessage({ old, now, segmenter });
      }),
    stop: () => thread.terminate(),
  };
}

/** The longest event-loop stall allowed while a comparison runs in a worker thread. */
const STALL_GOAL_MS = 50;

async function measure(
  name: string,
  oldRows: ProvisionRow[],
  newRows: ProvisionRow[],
  segmenter: SegmenterName,
  goalMs: number,
): Promise<BenchFigure[]> {
  const segment = segmenters[segmenter]();
  let result: CompareResult | undefined;
  const inline = await timed(() => (result = compareRows(oldRows, newRows, segment)));
  const align = await timed(() => alignProvisions(oldRows, newRows));
  const thread = worker(segmenter);
  const offThread = await timed(() => thread.run(oldRows, newRows));
  await thread.stop();
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`${name}: ${oldRows.length} → ${newRows.length} articles`);
  console.log(
    `  on the main thread: median ${ms(inline.median)} (min ${ms(Math.min(...inline.times))}, ` +
      `alignment alone ${ms(align.median)}); goal ≤ ${goalMs} ms: ` +
      `${inline.median <= goalMs ? "met" : "MISSED"}; longest event-loop stall ${ms(inline.stall)}`,
  );
  console.log(
    `  in a worker thread: median ${ms(offThread.median)} round trip; ` +
      `longest event-loop stall of the main thread ${ms(offThread.stall)}`,
  );
  console.log(`  ${JSON.stringify(result?.summary)}`);
  return [
    {
      name: `${name}, median, main thread`,
      value: inline.median,
      unit: "ms",
      goal: goalMs,
      better: "lower",
    },
    {
      name: `${name}, worker round trip`,
      value: offThread.median,
      unit: "ms",
      goal: null,
      better: "lower",
    },
    {
      name: `${name}, longest stall beside a worker`,
      value: offThread.stall,
      unit: "ms",
      goal: STALL_GOAL_MS,
      better: "lower",
    },
  ];
}

if (!isMainThread) {
  // The worker: one comparison per message, each segmenter made once.
  const made = new Map<SegmenterName, Segmenter>();
  parentPort!.on(
    "message",
    (job: { old: ProvisionRow[]; now: ProvisionRow[]; segmenter: SegmenterName }) => {
      const segment = made.get(job.segmenter) ?? segmenters[job.segmenter]();
      made.set(job.segmenter, segment);
      parentPort!.postMessage(compareRows(job.old, job.now, segment));
    },
  );
} else {
  let started = performance.now();
  jiebaSegmenter();
  console.log(`jieba dictionary loaded once in ${(performance.now() - started).toFixed(0)} ms`);
  const first = articles("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt");
  const second = articles("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt");
  started = performance.now();
  const [largeOld, largeNew] = largePair(ARTICLES);
  console.log(
    `built the ${ARTICLES}-article pair in ${(performance.now() - started).toFixed(0)} ms`,
  );

  const figures = [
    ...(await measure("动物防疫法 一审稿 → 二审稿 (jieba)", first, second, "jieba", 50)),
    ...(await measure(`${ARTICLES}-article pair (jieba)`, largeOld, largeNew, "jieba", 500)),
  ];
  if (process.env.INTL) {
    figures.push(
      ...(await measure("动物防疫法 一审稿 → 二审稿 (Intl.Segmenter)", first, second, "intl", 50)),
      ...(await measure(
        `${ARTICLES}-article pair (Intl.Segmenter)`,
        largeOld,
        largeNew,
        "intl",
        500,
      )),
    );
  }
  printFigures(figures);
}
