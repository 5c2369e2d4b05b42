// How fast the compiled runtime starts, and how much memory it holds (issue 14, item 1).
// Seeds an embedded database (PGlite) in a scratch folder once with `kaimen seed`, builds what is
// stale, then RUNS times (default 7, at least 5, at most 20):
//   1. spawns `kaimen serve` on that data folder (PORT=0) and times until its first page (GET /)
//      is answered in full: the launcher's staleness checks, opening the database, migrations
//      (none to apply) and loading the server are all inside;
//   2. reads the server's resident memory (VmRSS) 2 s later, idle;
//   3. serves a few pages (home, consultations, a consultation, a reading, search, login; three
//      times each), reads VmRSS again, and stops it with SIGTERM;
// then times `kaimen --help` RUNS times. Prints minimum, median and maximum of each.
// Goals: first page ≤ 3 s, resident memory ≤ 256 MB idle and after pages, `kaimen --help` ≤ 0.5 s.
// The machine is shared: figures measured while others run tests are upper bounds.
// Run: npm run bench:startup [RUNS]. Ends with a BENCH-FIGURES line (bench/figures.ts): the
// median of each with its goal, and the minimum and maximum for information.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../config/env.ts";
import { ensureBuild } from "../server/build.ts";
import { printFigures, type BenchFigure } from "./figures.ts";
import { quantile, seedDemo } from "./support.ts";

const runs = Math.min(20, Math.max(5, Number(process.argv[2] ?? 7) || 7));
const bin = path.join(projectRoot, "bin", "kaimen.js");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-bench-startup-"));
const dataDir = path.join(scratch, "data");
const log = (line: string) => console.error(line);

/** Resident memory of a process in MB, from /proc (0 when it cannot be read). */
function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function fetchPage(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return body;
}

const ConsultationList = z.object({
  consultations: z.array(z.object({ id: z.string(), billId: z.string(), versionId: z.string() })),
});

interface Run {
  firstPageMs: number;
  idleMb: number;
  afterPagesMb: number;
}

/** One start of `kaimen serve` on the seeded folder, measured, then stopped. */
async function startOnce(): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAIMEN_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    KAIMEN_RATE_LIMIT: "off",
  };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  delete env.SMTP_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "serve"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no server within 60 s:\n${output}`)),
        60_000,
      );
      child.stdout.on("data", (chunk: Buffer) => {
        const match = /listening on (\d+)/.exec(chunk.toString());
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    await fetchPage(`${base}/`);
    const firstPageMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleMb = rssMb(child.pid!);
    const list = ConsultationList.parse(
      JSON.parse(await fetchPage(`${base}/api/v1/consultations`)),
    );
    const pages = ["/", "/consultations", "/search?q=%E9%98%B2%E7%96%AB", "/login"];
    for (const c of list.consultations.slice(0, 2))
      pages.push(`/consultations/${c.id}`, `/bills/${c.billId}/versions/${c.versionId}`);
    for (let round = 0; round < 3; round++) for (const page of pages) await fetchPage(base + page);
    const afterPagesMb = rssMb(child.pid!);
    return { firstPageMs, idleMb, afterPagesMb };
  } finally {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  }
}

/** One `kaimen --help`, its wall time in ms. */
function helpOnce(): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, "--help"], {
    cwd: os.tmpdir(),
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 30_000,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`kaimen --help exited with ${result.status}`);
  return ms;
}

const summary = (values: number[]) => ({
  min: Math.min(...values),
  median: quantile(values, 0.5),
  max: Math.max(...values),
});

// `npm run bench` stops a bench past its time with SIGTERM: leave no scratch folder behind.
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });

try {
  // Building and seeding are not what is measured: both happen once, before.
  ensureBuild(log);
  log(`Seeding the demo into ${dataDir}…`);
  seedDemo(dataDir);
  const measured: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await startOnce();
    log(
      `  start ${i + 1}/${runs}: first page ${run.firstPageMs.toFixed(0)} ms, ` +
        `RSS idle ${run.idleMb.toFixed(0)} MB, after pages ${run.afterPagesMb.toFixed(0)} MB`,
    );
    measured.push(run);
  }
  const help = Array.from({ length: Math.max(runs, 10) }, helpOnce);

  const rows: { name: string; unit: string; goal: number; values: number[] }[] = [
    {
      name: "kaimen serve: first page",
      unit: "ms",
      goal: 3000,
      values: measured.map((r) => r.firstPageMs),
    },
    { name: "serve RSS idle", unit: "MB", goal: 256, values: measured.map((r) => r.idleMb) },
    {
      name: "serve RSS after pages",
      unit: "MB",
      goal: 256,
      values: measured.map((r) => r.afterPagesMb),
    },
    { name: "kaimen --help", unit: "ms", goal: 500, values: help },
  ];
  console.log(`\nStart-up of the compiled runtime (${runs} starts, ${help.length} --help calls)`);
  console.log("figure                      min      median   max      goal");
  const figures: BenchFigure[] = [];
  for (const row of rows) {
    const { min, median, max } = summary(row.values);
    const cell = (v: number) => `${v.toFixed(0)} ${row.unit}`.padEnd(9);
    console.log(
      `${row.name.padEnd(28)}${cell(min)}${cell(median)}${cell(max)}≤ ${row.goal} ${row.unit}`,
    );
    const round = (v: number) => Math.round(v);
    figures.push(
      {
        name: `${row.name} (median)`,
        value: round(median),
        unit: row.unit,
        goal: row.goal,
        better: "lower",
      },
      { name: `${row.name} (min)`, value: round(min), unit: row.unit, goal: null, better: "lower" },
      { name: `${row.name} (max)`, value: round(max), unit: row.unit, goal: null, better: "lower" },
    );
  }
  printFigures(figures);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
