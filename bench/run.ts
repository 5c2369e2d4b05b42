// `npm run bench`: every benchmark in bench/, one after another in a fixed order, each as a
// child process (`node --import tsx bench/<name>.ts`) bounded in time, then ONE table of every
// figure they printed on their BENCH-FIGURES line (bench/figures.ts): benchmark, figure, value,
// goal, met or missed. The machine (cores, load average at the start, Node, date, commit) is
// printed first: figures measured on a shared or busy machine are floors, and say so.
//   npm run bench                          all of them (about 25–40 minutes)
//   npm run bench -- --only pages,compare  a subset, in the fixed order
//   npm run bench -- --timeout-minutes 5   one time limit for every bench instead of its own
// A bench that exits non-zero, runs past its time (SIGTERM, then SIGKILL of its process group
// 15 s later) or prints no BENCH-FIGURES line is listed as such and the run goes on. Exit code 1
// when a goal is missed or a bench failed, timed out or printed no figures; 2 on a bad command.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../config/env.ts";
import {
  FIGURES_PREFIX,
  formatGoal,
  formatValue,
  parseFigures,
  verdict,
  type BenchFigure,
} from "./figures.ts";
import { benchDatabaseUrl } from "./support.ts";

type Bench = {
  name: string;
  file: string;
  args: string[];
  minutes: number;
  /** What the table says about how this bench was run, when it differs from its defaults. */
  note?: string;
};

/** The fixed order: the crowd-facing pages first, then intake, then the drafters' tools. */
const benches: Bench[] = [
  { name: "pages", file: "pages.ts", args: [], minutes: 10 },
  { name: "opinions", file: "opinions.ts", args: [], minutes: 6 },
  { name: "compare", file: "compare.ts", args: [], minutes: 10 },
  { name: "alignment", file: "alignment.ts", args: [], minutes: 5 },
  {
    name: "search",
    file: "search.ts",
    // A fifth of the 1,000,000 opinions of `npx tsx bench/search.ts`, so the whole run stays
    // within the hour; its database is dropped at the end.
    args: ["--count", "200000", "--drop"],
    minutes: 30,
    note: "200,000 opinions (--count 200000), not the standalone default of 1,000,000",
  },
  { name: "cli-startup", file: "cli-startup.ts", args: [], minutes: 5 },
  { name: "startup", file: "startup.ts", args: [], minutes: 8 },
  { name: "editor-typing", file: "editor-typing.ts", args: [], minutes: 10 },
  { name: "uploads", file: "uploads.ts", args: [], minutes: 5 },
  { name: "scale", file: "scale.ts", args: [], minutes: 20 },
  { name: "audit", file: "audit.ts", args: [], minutes: 5 },
];

type Outcome = {
  bench: Bench;
  status: "ok" | "failed" | "timed out" | "no figures" | "skipped";
  detail: string;
  seconds: number;
  figures: BenchFigure[];
};

let running: { pid: number; kill(signal: NodeJS.Signals): void } | undefined;
/** Set by Ctrl-C or SIGTERM: the running bench is stopped and no other starts. */
let stopping = false;

/** Runs one bench, its output echoed as it comes (but its BENCH-FIGURES line), and reads it. */
function runBench(bench: Bench, minutes: number): Promise<Outcome> {
  const file = path.join(projectRoot, "bench", bench.file);
  if (!fs.existsSync(file))
    return Promise.resolve({
      bench,
      status: "skipped",
      detail: `bench/${bench.file} is not in this tree`,
      seconds: 0,
      figures: [],
    });
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...bench.args], {
      cwd: projectRoot,
      env: { ...process.env, BENCH_DATABASE_URL: benchDatabaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
      // Its own process group, so a bench past its time goes with everything it started.
      detached: true,
    });
    running = { pid: child.pid!, kill: (signal) => child.kill(signal) };
    let stdout = "";
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) if (!line.startsWith(FIGURES_PREFIX)) console.log(line);
    });
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM"); // a bench cleans up (its server, its database) on SIGTERM
      killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 15_000);
    }, minutes * 60_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      running = undefined;
      if (pending && !pending.startsWith(FIGURES_PREFIX)) console.log(pending);
      const seconds = (Date.now() - started) / 1000;
      const figures = parseFigures(stdout) ?? [];
      const done = (status: Outcome["status"], detail: string) =>
        resolve({ bench, status, detail, seconds, figures });
      if (timedOut) return done("timed out", `stopped after ${minutes} min`);
      if (code !== 0) return done("failed", `exit ${code ?? signal}`);
      if (!figures.length)
        // An older bench: its own lines about goals are what the table can show.
        return done(
          "no figures",
          stdout
            .split("\n")
            .filter((line) => /goal/i.test(line))
            .map((line) => line.trim())
            .join(" / ")
            .slice(0, 300) || "no BENCH-FIGURES line",
        );
      done("ok", "");
    });
  });
}

function machine(): string[] {
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], {
    cwd: projectRoot,
    encoding: "utf8",
  }).stdout.trim();
  const cpus = os.cpus();
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB, load average at the start ` +
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" "),
    `node ${process.version}, commit ${commit || "unknown"}, PostgreSQL ${new URL(benchDatabaseUrl).host}, ` +
      `NODE_ENV ${process.env.NODE_ENV ?? "unset (as npm start runs the app)"}`,
  ];
}

/** Columns a string takes in a terminal: CJK characters take two (the names of the laws). */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

/** The table as Markdown (readable in a terminal, pasted as is into the README). */
function resultTable(outcomes: Outcome[]): string {
  const rows: string[][] = [["benchmark", "figure", "value", "goal", "result"]];
  for (const outcome of outcomes) {
    const name = outcome.bench.name;
    if (outcome.status !== "ok")
      rows.push([name, "—", outcome.status, "", outcome.detail.replaceAll("|", "/")]);
    for (const figure of outcome.figures) {
      const goal = formatGoal(figure);
      const result = verdict(figure);
      rows.push([
        name,
        figure.name,
        formatValue(figure.value, figure.unit),
        goal,
        result === "missed" ? "**missed**" : result,
      ]);
    }
  }
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => displayWidth(row[column]!))),
  );
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell + " ".repeat(widths[i]! - displayWidth(cell))).join(" | ")} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.slice(1).map(line),
  ].join("\n");
}

/** Whether the run as a whole failed: a goal missed, or a bench that did not give its figures. */
function runFailed(outcomes: Outcome[]): boolean {
  return outcomes.some(
    (o) =>
      o.status === "failed" ||
      o.status === "timed out" ||
      o.status === "no figures" ||
      o.figures.some((figure) => verdict(figure) === "missed"),
  );
}

async function main(): Promise<number> {
  let values: { only?: string; "timeout-minutes"?: string };
  try {
    ({ values } = parseArgs({
      options: { only: { type: "string" }, "timeout-minutes": { type: "string" } },
    }));
  } catch (error) {
    console.error(
      `${(error as Error).message}\nUsage: npm run bench -- [--only a,b] [--timeout-minutes N]`,
    );
    return 2;
  }
  const wanted = values.only
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = wanted?.filter((name) => !benches.some((b) => b.name === name)) ?? [];
  if (unknown.length) {
    console.error(
      `Unknown bench: ${unknown.join(", ")}. Known: ${benches.map((b) => b.name).join(", ")}`,
    );
    return 2;
  }
  const limit = values["timeout-minutes"] ? Number(values["timeout-minutes"]) : undefined;
  if (limit !== undefined && !(limit > 0)) {
    console.error("--timeout-minutes takes a positive number");
    return 2;
  }
  const chosen = benches.filter((b) => !wanted || wanted.includes(b.name));
  const header = machine();
  for (const line of header) console.log(line);
  console.log(`benches: ${chosen.map((b) => b.name).join(", ")}\n`);

  const outcomes: Outcome[] = [];
  for (const bench of chosen) {
    if (stopping) break;
    const minutes = limit ?? bench.minutes;
    console.log(
      `── ${bench.name} (bench/${bench.file}${bench.args.length ? ` ${bench.args.join(" ")}` : ""}, at most ${minutes} min) ──`,
    );
    const outcome = await runBench(bench, minutes);
    console.log(
      `── ${bench.name}: ${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ""} in ${outcome.seconds.toFixed(0)} s ──\n`,
    );
    outcomes.push(outcome);
  }

  console.log("Results");
  for (const line of header) console.log(`  ${line}`);
  for (const bench of chosen) if (bench.note) console.log(`  ${bench.name}: ${bench.note}`);
  console.log("");
  console.log(resultTable(outcomes));
  const failed = runFailed(outcomes);
  const counts = outcomes.flatMap((o) => o.figures.map(verdict));
  console.log(
    `\n${counts.filter((v) => v === "met").length} met, ${counts.filter((v) => v === "missed").length} missed, ` +
      `${counts.filter((v) => v === "info").length} for information; ` +
      `benches without figures: ${outcomes.filter((o) => o.status !== "ok" && o.status !== "skipped").length}` +
      ` → ${failed ? "exit 1" : "exit 0"}`,
  );
  return stopping ? 130 : failed ? 1 : 0;
}

// Ctrl-C or a supervisor's SIGTERM: stop the running bench (it cleans up) before leaving.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    stopping = true;
    if (!running) process.exit(130);
    const pid = running.pid;
    running.kill("SIGTERM");
    setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
      process.exit(130);
    }, 15_000).unref();
  });

process.exitCode = await main();
