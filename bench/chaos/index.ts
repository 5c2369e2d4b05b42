// `npm run chaos` (issue 11, "Keep it proven"; not part of `npm test`): the real app against a
// fresh database on the local PostgreSQL server, through three ordeals, each printing its figures:
//   1. durability: clients submit opinions with Idempotency-Keys while the app is killed with
//      SIGKILL and PostgreSQL is crashed and restarted; acknowledged, lost, doubled, 5xx;
//   2. fuzz: a corpus of hostile requests (NUL, depth, sizes, bombs, encodings); 5xx, leaks;
//   3. flood: concurrent chunked bodies of tens of megabytes; 413s, 5xx.
// and the app's peak memory in each. Goals: 0 lost, 0 doubled, 0 5xx (503s while the app or the
// database is deliberately down are counted apart), no unplanned exit, peak memory < 512 MB.
// Exits 1 when a goal is missed.
//
// It restarts the PostgreSQL cluster of CHAOS_PG_CLUSTER ("15 main") with pg_ctlcluster, so it
// needs the rights to (root or postgres) and disturbs anything else using that server for a few
// seconds; CHAOS_PG_OUTAGES=0 leaves PostgreSQL alone.
//
// Settings (environment): CHAOS_DATABASE_URL (postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/
// kaimen_ci, a role that may create databases), CHAOS_PARTS=durability,fuzz,flood,
// CHAOS_CLIENTS=16, CHAOS_SECONDS=90, CHAOS_APP_KILLS=4, CHAOS_PG_OUTAGES=2, CHAOS_BOMB_MB=150,
// CHAOS_FLOOD_REQUESTS=48, CHAOS_FLOOD_MB=50, CHAOS_MEMORY_CEILING_MB=2048 (the run kills the app
// above it, to protect the machine).
import { ensureBuild } from "../../server/build.ts";
import { runDurability, type DurabilityFigures } from "./durability.ts";
import { runFlood, type FloodFigures } from "./flood.ts";
import { runFuzz, type FuzzFigures } from "./fuzz.ts";
import {
  App,
  createDatabase,
  freePort,
  memoryCeilingMb,
  openConsultation,
  pgCtl,
} from "./support.ts";

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
  return value;
};
const settings = {
  parts: (process.env.CHAOS_PARTS ?? "durability,fuzz,flood").split(",").map((s) => s.trim()),
  clients: num("CHAOS_CLIENTS", 16),
  seconds: num("CHAOS_SECONDS", 90),
  appKills: num("CHAOS_APP_KILLS", 4),
  pgOutages: num("CHAOS_PG_OUTAGES", 2),
  bombMb: num("CHAOS_BOMB_MB", 150),
  floodRequests: num("CHAOS_FLOOD_REQUESTS", 48),
  floodMb: num("CHAOS_FLOOD_MB", 50),
};
const MEMORY_GOAL_MB = 512;
// Every loop below is bounded; this is the backstop for the whole run.
const RUN_LIMIT_MS = 15 * 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Row {
  part: string;
  figure: string;
  value: string;
  goal?: string;
  met?: boolean;
}

// Every app started, so that an interrupted run can still kill them.
const apps: App[] = [];
let pgTouched = false;

async function main(): Promise<number> {
  const runStarted = Date.now();
  ensureBuild(log);
  const database = await createDatabase();
  const port = await freePort();
  const newApp = () => {
    const app = new App(port, database.url);
    apps.push(app);
    return app;
  };
  const rows: Row[] = [];
  try {
    log(`chaos: database ${database.name}, app on 127.0.0.1:${port}`);
    let app = newApp();
    log("starting the app (migrate, seed the demo)…");
    await app.start();
    const consultation = await openConsultation(app.url);
    log(`open consultation ${consultation.id} (${consultation.pids.length} articles)`);

    if (settings.parts.includes("durability")) {
      log(
        `\n1. durability: ${settings.clients} clients for ${settings.seconds} s, ` +
          `${settings.appKills} kill -9 of the app, ${settings.pgOutages} PostgreSQL outages`,
      );
      pgTouched = settings.pgOutages > 0;
      const d = await runDurability({
        app,
        consultationId: consultation.id,
        pids: consultation.pids,
        databaseUrl: database.url,
        clients: settings.clients,
        seconds: settings.seconds,
        appKills: settings.appKills,
        pgOutages: settings.pgOutages,
        log,
      });
      printDurability(d);
      rows.push(...durabilityRows(d));
      await app.stop();
      app = newApp();
      await app.start();
    }

    if (settings.parts.includes("fuzz")) {
      log(`\n2. fuzz (bombs of ${settings.bombMb} MB unpacked)`);
      const f = await runFuzz({
        app,
        consultationId: consultation.id,
        billId: consultation.billId,
        bombMb: settings.bombMb,
        log,
      });
      printFuzz(f);
      rows.push(...fuzzRows(f));
      await app.stop();
      app = newApp();
      await app.start();
    }

    if (settings.parts.includes("flood")) {
      log(
        `\n3. flood: ${settings.floodRequests} concurrent chunked bodies of ${settings.floodMb} MB`,
      );
      const fl = await runFlood({
        app,
        consultationId: consultation.id,
        requests: settings.floodRequests,
        megabytes: settings.floodMb,
        log,
      });
      printFlood(fl);
      rows.push(...floodRows(fl));
    }
    await app.stop();
  } finally {
    for (const a of apps) await a.stop().catch(() => undefined);
    if (pgTouched) {
      // Never leave the shared server down, whatever happened above.
      try {
        pgCtl("start");
      } catch {
        // already running
      }
    }
    await database.drop().catch((e: Error) => log(`could not drop ${database.name}: ${e.message}`));
  }

  log("\nsummary");
  const width = (k: keyof Row) => Math.max(...rows.map((r) => String(r[k] ?? "").length), 4);
  const [wp, wf, wv, wg] = [width("part"), width("figure"), width("value"), width("goal")];
  log(
    `${"part".padEnd(wp)}  ${"figure".padEnd(wf)}  ${"value".padStart(wv)}  ${"goal".padEnd(wg)}  result`,
  );
  for (const r of rows)
    log(
      `${r.part.padEnd(wp)}  ${r.figure.padEnd(wf)}  ${r.value.padStart(wv)}  ${(r.goal ?? "").padEnd(wg)}  ${
        r.met === undefined ? "" : r.met ? "met" : "NOT MET"
      }`,
    );
  const missed = rows.filter((r) => r.met === false);
  log(
    `\n${missed.length ? `${missed.length} goal(s) NOT met` : "every goal met"} ` +
      `(${Math.round((Date.now() - runStarted) / 1000)} s)`,
  );
  return missed.length ? 1 : 0;
}

const zero = (part: string, figure: string, n: number): Row => ({
  part,
  figure,
  value: String(n),
  goal: "0",
  met: n === 0,
});
const memory = (part: string, peakMb: number, ceilingKills: number): Row => ({
  part,
  figure: "peak memory (RSS)",
  value: ceilingKills ? `> ${memoryCeilingMb} MB` : `${peakMb} MB`,
  goal: `< ${MEMORY_GOAL_MB} MB`,
  met: !ceilingKills && peakMb < MEMORY_GOAL_MB,
});

function durabilityRows(d: DurabilityFigures): Row[] {
  const p = "durability";
  return [
    {
      part: p,
      figure: "acknowledged (201)",
      value: String(d.acknowledged),
      goal: "> 0",
      met: d.acknowledged > 0,
    },
    zero(p, "lost", d.lost),
    zero(p, "doubled", d.doubled),
    zero(p, "5xx (outside outages)", d.other5xx),
    { part: p, figure: "503 during outage", value: String(d.outage503) },
    zero(p, "unplanned app exits", d.unplannedExits),
    memory(p, d.peakMb, 0),
  ];
}

function fuzzRows(f: FuzzFigures): Row[] {
  const p = "fuzz";
  const blocked = f.slowest[0]?.healthzMs ?? 0;
  return [
    { part: p, figure: "hostile requests", value: String(f.cases) },
    zero(p, "5xx", f.fiveXx.length),
    zero(p, "leaks (stack/path/SQL)", f.leaks.length),
    zero(p, "unplanned app exits", f.unplannedExits),
    {
      part: p,
      figure: "longest /healthz wait",
      value: `${(blocked / 1000).toFixed(1)} s`,
      goal: "< 2 s",
      met: blocked < 2_000,
    },
    memory(p, f.peakMb, f.ceilingKills),
  ];
}

function floodRows(f: FloodFigures): Row[] {
  const p = "flood";
  return [
    { part: p, figure: "413 answers", value: `${f.statuses["413"] ?? 0}/${f.requests}` },
    // A refusal the client never reads (the socket reset under it) is no answer.
    zero(p, "requests without an answer", f.noAnswer),
    zero(p, "5xx", f.fiveXx),
    zero(p, "unplanned app exits", f.unplannedExits),
    memory(p, f.peakMb, f.ceilingKills),
  ];
}

function printDurability(d: DurabilityFigures) {
  log(
    `  ${d.acknowledged} acknowledged in ${d.seconds.toFixed(0)} s; ${d.lost} lost; ${d.doubled} doubled; ` +
      `${d.other5xx} 5xx${d.other5xx ? ` ${JSON.stringify(d.statuses5xx)}` : ""}; ${d.outage503} 503 during outage; ` +
      `${d.connectionErrors} connection errors retried; ${d.unacknowledged} never acknowledged`,
  );
  if (Object.keys(d.otherRefusals).length)
    log(`  other refusals: ${JSON.stringify(d.otherRefusals)}`);
  log(
    `  faults: ${d.appKills} kill -9, ${d.pgCrashes} PostgreSQL crashes, ${d.pgRestarts} restarts; ` +
      `${d.unplannedExits} unplanned app exits; peak memory ${d.peakMb} MB`,
  );
}

function printFuzz(f: FuzzFigures) {
  log(`  answers by class: ${JSON.stringify(f.byClass)}`);
  for (const x of f.fiveXx) log(`  5xx ${x.status}: ${x.name.slice(0, 110)}`);
  for (const x of f.leaks)
    log(`  LEAK (${x.kind}) in ${x.status} to ${x.name.slice(0, 80)}: ${x.excerpt}`);
  for (const x of f.networkErrors) log(`  no answer (${x.error}): ${x.name.slice(0, 110)}`);
  for (const x of f.slowest.filter((s) => s.healthzMs > 1_000))
    log(
      `  /healthz waited ${(x.healthzMs / 1000).toFixed(1)} s during: ${x.name.slice(0, 90)} ` +
        `(answered in ${(x.ms / 1000).toFixed(1)} s)`,
    );
  log(
    `  ${f.fiveXx.length} 5xx; ${f.leaks.length} leaks; ${f.unplannedExits} unplanned app exits; ` +
      `${f.ceilingKills} kills at the memory ceiling; peak memory ${f.peakMb} MB`,
  );
}

function printFlood(f: FloodFigures) {
  log(
    `  ${f.requests} × ${f.megabytesEach} MB in ${f.seconds.toFixed(0)} s: ${JSON.stringify(f.statuses)}; ` +
      `${f.fiveXx} 5xx; ${f.noAnswer} without an answer; ${f.unplannedExits} unplanned app exits; ` +
      `${f.ceilingKills} kills at the memory ceiling; peak memory ${f.peakMb} MB`,
  );
}

/** Kills every app this run started and makes sure PostgreSQL is up, then exits. */
function abandon(reason: string): never {
  log(`chaos: ${reason}; stopping`);
  for (const a of apps)
    try {
      if (a.pid) process.kill(a.pid, "SIGKILL");
    } catch {
      // already gone
    }
  if (pgTouched)
    try {
      pgCtl("start");
    } catch {
      // already running
    }
  process.exit(1);
}
const backstop = setTimeout(
  () => abandon(`the run passed ${RUN_LIMIT_MS / 60_000} minutes`),
  RUN_LIMIT_MS,
);
process.once("SIGINT", () => abandon("interrupted"));
backstop.unref();
process.exitCode = await main().catch((error: Error) => {
  log(`chaos: ${error.stack ?? error.message}`);
  return 1;
});
