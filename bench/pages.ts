// Reading pages under a crowd (issue 13, items 1–2): creates its own database on the PostgreSQL
// server of BENCH_DATABASE_URL (default postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/kaimen_ci),
// starts the real app on it with the demo (`node bin/kaimen.js serve`, KAIMEN_DEMO=1, rate limits
// off, NODE_ENV as given to this bench: unset, as `npm start` runs it, unless you set it), finds
// the 二审稿's consultation, then measures, every request carrying
// `Accept-Encoding: gzip, br` as a browser's does:
//   - the consultation page (`/consultations/:id`, 113 articles with their opinion counts) and
//     the plain reading page (`/bills/:billId/versions/:versionId`) under wrk, CONNECTIONS (50)
//     connections for DURATION (15) s each after a 3-s warm-up: pages/s, p50/p95, and the
//     server's CPU per page (user + system time from /proc/<pid>/stat over the run ÷ pages);
//     goals ≥ 500 pages/s with p95 ≤ 50 ms, and ≥ 1,000 pages/s;
//   - `/healthz`: the mean latency with one connection (the goal figure, ≤ 0.3 ms), and for
//     information 1,000 ÷ its throughput with 50 connections (ms of the one server core per
//     request) and the server's CPU per request;
//   - page weight: the HTML on the wire and unpacked, its inline scripts (the hydration data),
//     the module scripts it loads on the wire; goals HTML ≤ 40 KB and scripts ≤ 80 KB (1 KB =
//     1,024 bytes);
//   - first contentful paint of the consultation page at 375 px, Slow 4G and a 4× slower CPU,
//     cold cache, median of FCP_LOADS (5) loads (bench/first-paint.ts); goal ≤ 1.5 s;
//   - for information: whether the reading page answers 304 to If-None-Match and sets no cookie
//     for an anonymous GET.
// wrk and the server share this machine's cores; on a busy machine every figure is a floor.
// Run: npm run bench:pages (or npx tsx bench/pages.ts). Ends with a BENCH-FIGURES line.
import os from "node:os";
import { z } from "zod";
import { ensureBuild } from "../server/build.ts";
import { formatGoal, formatValue, printFigures, verdict, type BenchFigure } from "./figures.ts";
import { firstContentfulPaint } from "./first-paint.ts";
import { browserEncoding, cachingAnswers, get, weighPage } from "./page-weight.ts";
import { createBenchDatabase, processCpuMs, startAppOnPostgres } from "./support.ts";
import { runWrk, type WrkResult } from "./wrk.ts";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const DURATION = Number(process.env.DURATION ?? 15);
const FCP_LOADS = Number(process.env.FCP_LOADS ?? 5);
const headers = { "Accept-Encoding": browserEncoding };
const log = (line: string) => process.stderr.write(`${line}\n`);
const kb = (bytes: number) => bytes / 1024;

const ConsultationList = z.object({
  consultations: z.array(
    z.object({
      id: z.string(),
      billId: z.string(),
      versionId: z.string(),
      versionLabel: z.string(),
    }),
  ),
});

/** One wrk run of a page with the server's CPU time over it. */
async function underLoad(
  url: string,
  pid: number,
  connections: number,
  seconds: number,
): Promise<{ wrk: WrkResult; cpuMsPerRequest: number }> {
  const threads = Math.min(2, connections);
  const before = processCpuMs(pid);
  const wrk = await runWrk({ url, threads, connections, seconds, headers });
  const cpuMs = processCpuMs(pid) - before;
  log(
    `  ${wrk.command}: ${wrk.perSecond.toFixed(1)}/s, p50 ${wrk.p50Ms.toFixed(2)} ms, ` +
      `p95 ${wrk.p95Ms.toFixed(2)} ms, ${wrk.errors} errors ` +
      `(${wrk.non2xx3xx} non-2xx/3xx, ${wrk.timeouts} over 10 s)`,
  );
  return { wrk, cpuMsPerRequest: wrk.requests ? cpuMs / wrk.requests : Number.NaN };
}

const database = await createBenchDatabase("kaimen_bench_pages");
let app: Awaited<ReturnType<typeof startAppOnPostgres>> | undefined;
let cleaned: Promise<void> | undefined;
const cleanUp = () =>
  (cleaned ??= (async () => {
    await app?.stop();
    await database
      .drop()
      .catch((error: Error) => log(`could not drop ${database.name}: ${error.message}`));
  })());
// `npm run bench` stops a bench past its time with SIGTERM: leave no server or database behind.
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

const figures: BenchFigure[] = [];
try {
  ensureBuild(log);
  log(`Starting the app with the demo on database ${database.name}…`);
  const started = Date.now();
  app = await startAppOnPostgres(database.url);
  log(`  listening at ${app.url} after ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const list = ConsultationList.parse(
    JSON.parse((await get(`${app.url}/api/v1/consultations`)).body.toString("utf8")),
  );
  const second = list.consultations.find((c) => c.versionLabel === "second_reading");
  if (!second) throw new Error("The demo has no consultation on a 二审稿 (second_reading).");
  const consultationPath = `/consultations/${second.id}`;
  const readingPath = `/bills/${second.billId}/versions/${second.versionId}`;
  for (const pagePath of [consultationPath, readingPath, "/healthz"]) {
    const answer = await get(`${app.url}${pagePath}`, headers);
    if (answer.status !== 200) throw new Error(`GET ${pagePath} answered ${answer.status}`);
  }

  log("Page weight…");
  const consultationWeight = await weighPage(app.url, consultationPath);
  const readingWeight = await weighPage(app.url, readingPath);
  const caching = await cachingAnswers(app.url, readingPath);

  log(`Load: ${CONNECTIONS} connections, ${DURATION} s per page after a 3-s warm-up…`);
  await underLoad(`${app.url}${consultationPath}`, app.pid, CONNECTIONS, 3);
  const consultation = await underLoad(
    `${app.url}${consultationPath}`,
    app.pid,
    CONNECTIONS,
    DURATION,
  );
  await underLoad(`${app.url}${readingPath}`, app.pid, CONNECTIONS, 3);
  const reading = await underLoad(`${app.url}${readingPath}`, app.pid, CONNECTIONS, DURATION);
  const healthOne = await underLoad(`${app.url}/healthz`, app.pid, 1, 5);
  const healthMany = await underLoad(`${app.url}/healthz`, app.pid, CONNECTIONS, 5);

  log(`First contentful paint: ${FCP_LOADS} cold loads at 375 px, Slow 4G, CPU ÷ 4…`);
  const paint = await firstContentfulPaint(`${app.url}${consultationPath}`, FCP_LOADS);
  log(`  loads: ${paint.loadsMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);

  const add = (
    name: string,
    value: number,
    unit: string,
    goal: number | null,
    better: "higher" | "lower",
  ) => figures.push({ name, value, unit, goal, better });
  add("consultation page, 50 concurrent", consultation.wrk.perSecond, "pages/s", 500, "higher");
  add("consultation page p50", consultation.wrk.p50Ms, "ms", null, "lower");
  add("consultation page p95", consultation.wrk.p95Ms, "ms", 50, "lower");
  add("consultation page server CPU", consultation.cpuMsPerRequest, "ms/page", null, "lower");
  add("reading page, 50 concurrent", reading.wrk.perSecond, "pages/s", 1000, "higher");
  add("reading page p95", reading.wrk.p95Ms, "ms", null, "lower");
  add("reading page server CPU", reading.cpuMsPerRequest, "ms/page", null, "lower");
  add("/healthz mean latency, 1 connection", healthOne.wrk.meanMs, "ms", 0.3, "lower");
  add("/healthz p50, 1 connection", healthOne.wrk.p50Ms, "ms", null, "lower");
  add("/healthz 1e3/throughput, 50 conn.", 1000 / healthMany.wrk.perSecond, "ms", null, "lower");
  add("/healthz server CPU", healthMany.cpuMsPerRequest, "ms/request", null, "lower");
  add(
    "errors under load (non-2xx/3xx, socket)",
    [consultation, reading, healthOne, healthMany].reduce((sum, run) => sum + run.wrk.errors, 0),
    "requests",
    0,
    "lower",
  );
  add("consultation HTML on the wire", kb(consultationWeight.htmlWireBytes), "KB", 40, "lower");
  add("consultation HTML unpacked", kb(consultationWeight.htmlRawBytes), "KB", null, "lower");
  add("consultation hydration data", kb(consultationWeight.hydrationBytes), "KB", null, "lower");
  add(
    "consultation scripts on the wire",
    kb(consultationWeight.scriptWireBytes),
    "KB",
    80,
    "lower",
  );
  add(
    "consultation largest script on the wire",
    kb(Math.max(0, ...consultationWeight.scripts.map((script) => script.wireBytes))),
    "KB",
    null,
    "lower",
  );
  add("consultation scripts unpacked", kb(consultationWeight.scriptRawBytes), "KB", null, "lower");
  add(
    "consultation CSS on the wire",
    kb(consultationWeight.stylesheetWireBytes),
    "KB",
    null,
    "lower",
  );
  add("reading HTML on the wire", kb(readingWeight.htmlWireBytes), "KB", 40, "lower");
  add("reading hydration data", kb(readingWeight.hydrationBytes), "KB", null, "lower");
  add("consultation FCP, 375 px, Slow 4G, CPU ÷4", paint.medianMs, "ms", 1500, "lower");
  add(
    "reading page answers 304 to If-None-Match",
    caching.notModified ? 1 : 0,
    "yes/no",
    null,
    "higher",
  );
  add(
    "reading page sets no cookie (anonymous)",
    caching.setsCookie ? 0 : 1,
    "yes/no",
    null,
    "higher",
  );

  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(
    `Reading pages: demo on PostgreSQL, ${os.cpus().length} cores, load average now ${load}, ` +
      `server NODE_ENV ${process.env.NODE_ENV ?? "unset (as npm start runs it)"}`,
  );
  console.log(`  consultation ${consultationPath}, reading ${readingPath}`);
  console.log(
    `  consultation HTML: ${consultationWeight.encoding}, Cache-Control "${consultationWeight.cacheControl}"; ` +
      `reading: ETag ${caching.etag ?? "none"}; ${consultationWeight.scripts.length} scripts ` +
      `(${consultationWeight.scripts.map((s) => s.encoding).join(",")})`,
  );
  console.log(`  ${consultation.wrk.command}`);
  console.log(`  FCP loads: ${paint.loadsMs.map((ms) => ms.toFixed(0)).join(", ")} ms\n`);
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const figure of figures) {
    const goal = figure.goal === null ? "" : `goal ${formatGoal(figure)}`;
    console.log(
      `  ${figure.name.padEnd(width)}  ${formatValue(figure.value, figure.unit).padStart(14)}  ${goal.padEnd(22)} ${figure.goal === null ? "" : verdict(figure)}`,
    );
  }
} finally {
  await cleanUp();
}
printFigures(figures);
