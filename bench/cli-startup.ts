// How long a `kaimen` call takes before it does its work (issue 12, item 8): each call used to
// import every command (the server, PGlite, the DOCX and PDF writers, jieba) and cost 2–3 s and
// ~230 MB on a loaded machine. Commands now load lazily from the compiled runtime (build/node,
// issue 14), so `kaimen --help` loads only the command table and prints it. Goal: `kaimen --help`
// well under 1 s (issue 14: ≤ 0.5 s, bench/startup.ts).
// Prints min / median / max wall time and peak memory (from /usr/bin/time when present) of RUNS
// calls (default 10, at most 50, and at most 120 s in all) of each command line below.
// Run: npx tsx bench/cli-startup.ts [RUNS]. Ends with a BENCH-FIGURES line (bench/figures.ts):
// the median of each command line, the goal on `kaimen --help` (≤ 1,000 ms), and its peak memory.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../config/env.ts";
import { printFigures, type BenchFigure } from "./figures.ts";
import { quantile } from "./support.ts";

const runs = Math.min(50, Math.max(1, Number(process.argv[2] ?? 10) || 10));
const budgetMs = 120_000;
const bin = path.join(projectRoot, "bin", "kaimen.js");
const law = path.join(projectRoot, "tests/fixtures/laws/dongwu-fangyi-fa-2015.txt");
const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

const lines: { label: string; args: string[]; goalMs?: number }[] = [
  { label: "kaimen --help", args: ["--help"], goalMs: 1000 },
  { label: "kaimen migrate --help", args: ["migrate", "--help"] },
  { label: "kaimen import FILE --json", args: ["import", law, "--json"] },
];

/** One call: its wall time in ms and, with /usr/bin/time, its peak resident memory in MB. */
function call(args: string[]): { ms: number; mb: number | null } {
  const started = performance.now();
  const result = timeBin
    ? spawnSync(timeBin, ["-f", "%M", process.execPath, bin, ...args], {
        encoding: "utf8",
        timeout: 60_000,
      })
    : spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`kaimen ${args.join(" ")} exited ${result.status}`);
  const kb = timeBin ? Number(result.stderr.trim().split("\n").at(-1)) : NaN;
  return { ms, mb: Number.isFinite(kb) ? kb / 1024 : null };
}

const deadline = Date.now() + budgetMs;
console.log(`${runs} runs each (node ${process.version}; the machine may be shared)`);
const figures: BenchFigure[] = [];
for (const { label, args, goalMs } of lines) {
  const times: number[] = [];
  const memory: number[] = [];
  call(args); // warm the file cache; not counted
  for (let i = 0; i < runs && Date.now() < deadline; i++) {
    const { ms, mb } = call(args);
    times.push(ms);
    if (mb !== null) memory.push(mb);
  }
  times.sort((a, b) => a - b);
  const mem = memory.length ? `, peak ${Math.round(Math.max(...memory))} MB` : "";
  console.log(
    `${label.padEnd(28)} min ${times[0]!.toFixed(0)} ms, median ${quantile(times, 0.5).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (${times.length} runs${mem})`,
  );
  figures.push({
    name: `${label}, median`,
    value: quantile(times, 0.5),
    unit: "ms",
    goal: goalMs ?? null,
    better: "lower",
  });
  if (memory.length)
    figures.push({
      name: `${label}, peak memory`,
      value: Math.max(...memory),
      unit: "MB",
      goal: null,
      better: "lower",
    });
}
printFigures(figures);
