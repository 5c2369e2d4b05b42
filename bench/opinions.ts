// Opinion intake over HTTP against PostgreSQL (issue 13, item 3). Creates a fresh database on the
// server of BENCH_DATABASE_URL (or DATABASE_URL), opens consultations in it, starts the real app
// on it (`kaimen serve`, rate limits ON as in production, trusting one proxy hop so each request
// can come from its own address), then, each for DURATION seconds with CLIENTS connections:
//   1. the raw rate: pgbench inserts one opinion-like row per transaction into the same opinions
//      table (bench/opinions/insert.sql; its triggers, the search outbox row, included);
//   2. the headline: wrk POSTs /api/v1/consultations/:id/opinions (bench/opinions/post.lua), a
//      unique Idempotency-Key and a new client address per request (the limiter's worst case);
//   3. the cross-check: a Node client does the same and remembers every receipt, so each
//      acknowledged opinion is looked up in the database by its key (exact lost and doubled);
//   4. replays of a sample of keys must get their first answer and store nothing more.
// wrk is the headline because it costs the shared two cores far less than a Node client: the
// server, PostgreSQL and the load generator all run on this machine's 2 cores.
// Goal: ≥ 1,000 acknowledged opinions/s with 0 lost; the ratio to the raw rate is printed.
// Run: npm run bench:opinions (BENCH_DATABASE_URL=postgres://…; CLIENTS=32, DURATION=15,
// RATE_LIMIT=off to measure without the limits, SERVE_ARGS="--with-worker" to index in the
// server process as before `kaimen worker`, WORKERS passes KAIMEN_WORKERS to the server,
// SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../config/env.ts";
import { connectDatabase, migrateToLatest } from "../db/client.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  sampleText,
} from "../db/factories.ts";
import { ensureBuild } from "../server/build.ts";
import { quantile } from "./support.ts";

const baseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  "postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/kaimen_ci";
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const DURATION = Number(process.env.DURATION ?? 15);
const WORKERS = process.env.WORKERS;
const RATE_LIMIT = process.env.RATE_LIMIT === "off" ? "off" : "on";
const SERVE_ARGS = process.env.SERVE_ARGS?.split(" ").filter(Boolean) ?? [];
const here = path.join(projectRoot, "bench", "opinions");

const ARTICLES = [
  "单位和个人饲养犬只，应当按照规定定期免疫接种狂犬病疫苗，凭农业农村部门的免疫证明向所在地养犬登记机关申请登记。",
  "从事动物诊疗活动的机构，应当具备与动物诊疗活动相适应并符合动物防疫条件的场所。",
  "任何单位和个人不得买卖、加工、随意弃置病死动物和病害动物产品。",
];

interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: number | null;
  better: "higher" | "lower";
}

async function main() {
  const name = `kaimen_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    // One organization, a bill of three articles, consultations open for a day: one per run, so
    // each run's opinions are counted apart.
    const handle = await connectDatabase({ databaseUrl, poolSize: 2 });
    await migrateToLatest(handle.db);
    const orgId = await makeOrganization(handle.db, {
      slug: "bench",
      name: "基准测试市人大常委会",
    });
    const text = sampleText(ARTICLES, "基准测试条例");
    const { versionId } = await makeBillWithVersion(handle.db, {
      organizationId: orgId,
      document: text.document,
      provisions: text.provisions,
    });
    const opensAt = new Date(Date.now() - 3_600_000);
    const closesAt = new Date(Date.now() + 86_400_000);
    const open = () => makeConsultation(handle.db, { versionId, opensAt, closesAt });
    const [wrkId, nodeId, rawId, warmId] = [await open(), await open(), await open(), await open()];
    await handle.close();
    const pids = text.provisions.map((p) => p.pid);

    // Built here, so the server's peak memory is its own and not the build's.
    ensureBuild((line) => console.error(line));
    server = await startServer(databaseUrl);
    const load = os.loadavg().map((l) => l.toFixed(2));
    console.log(
      `PostgreSQL ${url.host}, database ${name}; ${CLIENTS} connections, ${DURATION} s per run; ` +
        `rate limits ${RATE_LIMIT}${SERVE_ARGS.length ? `, serve ${SERVE_ARGS.join(" ")}` : ""}` +
        `${WORKERS ? `, ${WORKERS} server processes` : ""}`,
    );
    console.log(
      `machine: ${os.cpus().length} cores shared by the server, PostgreSQL and the load generator; ` +
        `load average ${load.join(" ")} at the start (other work on the machine makes figures noisy)`,
    );

    const raw = rawInserts(databaseUrl, { consultation: rawId, version: versionId, pid: pids[0]! });
    console.log(
      `raw INSERT (pgbench): ${raw.count} rows in ${DURATION} s = ${Math.round(raw.rate)} rows/s` +
        ` (mean latency ${raw.latency.toFixed(1)} ms)`,
    );

    // Warm-up (route modules, the connection pool, the caches) on a consultation of its own.
    const warmAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    for (let i = 0; i < 100; i++)
      await post(
        warmAgent,
        server.url,
        warmId,
        `warm-${i}`,
        opinionBody(pids, i, 0),
        `10.255.0.${i}`,
      );
    warmAgent.destroy();

    const wrkRun = await measure(server.pid, name, () => runWrk(server!.url, wrkId, pids));
    const wrkAck = wrkRun.result.statuses["201"] ?? 0;
    const wrkRate = wrkAck / wrkRun.result.seconds;
    const wrkStored = await countStored(databaseUrl, wrkId);
    const wrkLost = Math.max(0, wrkAck - wrkStored.opinions);
    console.log(
      `HTTP POST (wrk):      ${wrkAck} acknowledged in ${wrkRun.result.seconds.toFixed(1)} s = ` +
        `${Math.round(wrkRate)} opinions/s; latency p50 ${wrkRun.result.p50.toFixed(1)} ms, ` +
        `p95 ${wrkRun.result.p95.toFixed(1)} ms, p99 ${wrkRun.result.p99.toFixed(1)} ms; ` +
        `answers ${JSON.stringify(wrkRun.result.statuses)}` +
        (wrkRun.result.socketErrors ? `, ${wrkRun.result.socketErrors} socket errors` : ""),
    );
    printCpu("  ", wrkRun, wrkAck);
    console.log(
      `  stored ${wrkStored.opinions} opinions for ${wrkAck} acknowledged (${wrkLost} lost; ` +
        `more stored than acknowledged = requests cut off when wrk stopped), ` +
        `${wrkStored.doubled} doubled`,
    );

    const nodeRun = await measure(server.pid, name, () => postOpinions(server!.url, nodeId, pids));
    const api = nodeRun.result;
    const nodeCheck = await checkReceipts(databaseUrl, nodeId, api.receipts);
    console.log(
      `HTTP POST (Node):     ${api.acknowledged} acknowledged in ${api.seconds.toFixed(1)} s = ` +
        `${Math.round(api.rate)} opinions/s; latency p50 ${api.p50.toFixed(1)} ms, ` +
        `p95 ${api.p95.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms` +
        (api.failed ? `; ${api.failed} failed (${[...api.statuses].join(", ")})` : ""),
    );
    printCpu("  ", nodeRun, api.acknowledged);
    console.log(
      `  every receipt looked up by its key: ${nodeCheck.lost} lost, ${nodeCheck.doubled} doubled`,
    );

    // Repeats of a sample of keys get their first answers and store nothing more.
    const sample = api.receipts.slice(0, 200);
    let replayed = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    for (const item of sample) {
      const answer = await post(agent, server.url, nodeId, item.key, item.body, "10.254.0.1");
      if (answer.status === 201 && answer.text === item.answer) replayed++;
    }
    agent.destroy();
    const after = await checkReceipts(databaseUrl, nodeId, api.receipts);
    console.log(
      `replays: ${replayed}/${sample.length} got their first answer; ` +
        `${after.doubled - nodeCheck.doubled} more stored`,
    );

    // The search indexer no longer runs in the server (unless SERVE_ARGS has --with-worker): the
    // outbox the runs filled is drained by `kaimen worker`, measured here on its own.
    const indexing = await drainWithWorker(databaseUrl, name);
    if (indexing)
      console.log(
        `indexing (kaimen worker, after the runs): ${indexing.rows} outbox rows in ` +
          `${indexing.seconds.toFixed(1)} s = ${Math.round(indexing.rows / indexing.seconds)}/s; ` +
          `CPU per row: worker ${((indexing.workerCpu * 1000) / Math.max(1, indexing.rows)).toFixed(2)} ms, ` +
          `PostgreSQL ${((indexing.postgresCpu * 1000) / Math.max(1, indexing.rows)).toFixed(2)} ms`,
      );

    const ratio = wrkRate / raw.rate;
    const lost = wrkLost + nodeCheck.lost;
    const doubled = wrkStored.doubled + after.doubled;
    const cpuPerOpinion = (wrkRun.serverCpu * 1000) / Math.max(1, wrkAck);
    const peakRss = serverPeakRssMb(server.pid);
    console.log(`ratio:                ${ratio.toFixed(2)} of the raw INSERT rate (wrk / pgbench)`);
    console.log(`server peak RSS:      ${peakRss.toFixed(0)} MB`);
    const met = wrkRate >= 1000 && lost === 0 && doubled === 0;
    console.log(
      `goal (≥ 1,000 acknowledged/s with rate limits ${RATE_LIMIT}, 0 lost): ${met ? "met" : "NOT met"}`,
    );
    process.exitCode = lost === 0 && doubled === 0 && replayed === sample.length ? 0 : 1;

    const suffix = RATE_LIMIT === "on" ? "" : " (rate limits off)";
    const figures: Figure[] = [
      {
        name: `opinion intake, acknowledged/s (wrk)${suffix}`,
        value: round(wrkRate),
        unit: "opinions/s",
        goal: 1000,
        better: "higher",
      },
      {
        name: `opinion intake, acknowledged/s (Node client)${suffix}`,
        value: round(api.rate),
        unit: "opinions/s",
        goal: null,
        better: "higher",
      },
      {
        name: "raw INSERT rate (pgbench)",
        value: round(raw.rate),
        unit: "rows/s",
        goal: null,
        better: "higher",
      },
      {
        name: "opinion intake / raw INSERT",
        value: round(ratio, 2),
        unit: "ratio",
        goal: null,
        better: "higher",
      },
      { name: "opinions lost", value: lost, unit: "opinions", goal: 0, better: "lower" },
      { name: "opinions doubled", value: doubled, unit: "opinions", goal: 0, better: "lower" },
      {
        name: "server CPU per opinion",
        value: round(cpuPerOpinion, 2),
        unit: "ms",
        goal: null,
        better: "lower",
      },
      {
        name: "server peak RSS (intake)",
        value: round(peakRss),
        unit: "MB",
        // Issue 14: resident memory under the intake benchmark at most 512 MB.
        goal: 512,
        better: "lower",
      },
      ...(indexing
        ? [
            {
              name: "search indexing in kaimen worker",
              value: round(indexing.rows / indexing.seconds),
              unit: "outbox rows/s",
              goal: null,
              better: "higher" as const,
            },
          ]
        : []),
    ];
    await server.stop();
    server = undefined;
    console.log(`BENCH-FIGURES ${JSON.stringify({ figures })}`);
  } finally {
    await server?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function opinionBody(pids: string[], i: number, client: number): string {
  const regions = ["崇川区", "通州区", "海门区", "海安市", "如皋市", "如东县", "启东市"];
  return JSON.stringify({
    provisionPid: pids[i % pids.length],
    body: `建议第${(i % 3) + 1}条进一步明确责任主体和时限（客户端${client}，第${i}条意见）。`,
    author: { name: `市民${client}`, region: regions[i % regions.length] },
  });
}

/** Starts `kaimen serve` on the database; resolves once it listens. */
function startServer(
  databaseUrl: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.join(projectRoot, "bin/kaimen.js"), "serve", "--no-build", ...SERVE_ARGS],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        KAIMEN_DEMO: "0",
        KAIMEN_RATE_LIMIT: RATE_LIMIT,
        // As behind one reverse proxy: the client's address comes from X-Forwarded-For.
        KAIMEN_TRUST_PROXY: "1",
        PORT: "0",
        HOST: "127.0.0.1",
        ...(WORKERS ? { KAIMEN_WORKERS: WORKERS } : {}),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match)
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
          pid: child.pid!,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/**
 * Starts `kaimen worker` on the database and waits (at most two minutes) until the search outbox
 * is empty; its rows, the time and the CPU it took. Null when the outbox was empty already.
 */
async function drainWithWorker(databaseUrl: string, database: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const pending = async () =>
    Number((await db.query("SELECT count(*)::int AS n FROM search_outbox")).rows[0].n);
  try {
    const rows = await pending();
    if (!rows) return null;
    const child = spawn(process.execPath, [path.join(projectRoot, "bin/kaimen.js"), "worker"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("worker running")) resolve();
        });
        child.on("exit", (code) => reject(new Error(`kaimen worker exited with ${code}`)));
      });
      const worker = cpuSeconds(child.pid!);
      const postgres = followPostgres(database);
      const started = performance.now();
      while ((await pending()) > 0 && performance.now() - started < 120_000)
        await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        rows: rows - (await pending()),
        seconds: (performance.now() - started) / 1000,
        workerCpu: cpuSeconds(child.pid!) - worker,
        postgresCpu: postgres(),
      };
    } finally {
      if (child.exitCode === null)
        await new Promise((resolve) => {
          child.once("exit", resolve);
          child.kill("SIGTERM");
        });
    }
  } finally {
    await db.end();
  }
}

/** CPU seconds used so far by a process and its child processes (Linux; else 0). */
function cpuSeconds(pid: number): number {
  try {
    const children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime (fields 14 and 15 of proc(5), counted here from the state field)
    const own = (Number(fields[11]) + Number(fields[12])) / 100;
    return own + children.reduce((sum, child) => sum + cpuSeconds(child), 0);
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by each PostgreSQL backend serving the bench's database. */
function postgresBackends(database: string): Map<number, number> {
  const backends = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(` ${database} `)) continue;
      const fields = stat.split(") ")[1]!.split(" ");
      backends.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended meanwhile
    }
  }
  return backends;
}

/**
 * Follows the CPU of the database's backends through a run, sampling twice a second so that a
 * backend the pool closes before the end still counts with its last reading.
 */
function followPostgres(database: string): () => number {
  const first = postgresBackends(database);
  const last = new Map(first);
  const sample = () => {
    for (const [pid, cpu] of postgresBackends(database)) last.set(pid, cpu);
  };
  const timer = setInterval(sample, 500);
  return () => {
    clearInterval(timer);
    sample();
    let total = 0;
    for (const [pid, cpu] of last) total += cpu - (first.get(pid) ?? 0);
    return total;
  };
}

/** Busy CPU seconds of the whole machine so far (/proc/stat). */
function machineBusySeconds(): number {
  const [, ...fields] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** The server's peak resident memory in MB (VmHWM of it and its child processes). */
function serverPeakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

interface Measured<T> {
  result: T;
  seconds: number;
  serverCpu: number;
  postgresCpu: number;
  machineCpu: number;
}

async function measure<T>(
  serverPid: number,
  database: string,
  run: () => Promise<T>,
): Promise<Measured<T>> {
  const server = cpuSeconds(serverPid);
  const postgres = followPostgres(database);
  const machine = machineBusySeconds();
  const started = performance.now();
  const result = await run();
  return {
    result,
    seconds: (performance.now() - started) / 1000,
    serverCpu: cpuSeconds(serverPid) - server,
    postgresCpu: postgres(),
    machineCpu: machineBusySeconds() - machine,
  };
}

function printCpu(indent: string, run: Measured<unknown>, acknowledged: number) {
  const per = (s: number) => ((s * 1000) / Math.max(1, acknowledged)).toFixed(2);
  console.log(
    `${indent}CPU per opinion: server ${per(run.serverCpu)} ms, PostgreSQL ${per(run.postgresCpu)} ms, ` +
      `whole machine ${per(run.machineCpu)} ms; cores busy: server ` +
      `${(run.serverCpu / run.seconds).toFixed(2)}, PostgreSQL ${(run.postgresCpu / run.seconds).toFixed(2)}, ` +
      `machine ${(run.machineCpu / run.seconds).toFixed(2)} of ${os.cpus().length}`,
  );
}

/** pgbench: CLIENTS connections inserting one opinion-like row per transaction. */
function rawInserts(
  databaseUrl: string,
  vars: { consultation: string; version: string; pid: string },
): { count: number; rate: number; latency: number } {
  const result = spawnSync(
    "pgbench",
    [
      "-n",
      // Prepared: the raw rate at its best, the variables sent as parameters.
      "-M",
      "prepared",
      "-f",
      path.join(here, "insert.sql"),
      "-c",
      String(CLIENTS),
      "-j",
      "1",
      "-T",
      String(DURATION),
      ...Object.entries(vars).flatMap(([k, v]) => ["-D", `${k}=${v}`]),
      databaseUrl,
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr}`);
  const count = Number(/number of transactions actually processed: (\d+)/.exec(result.stdout)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(result.stdout)?.[1]);
  const tps = Number(/tps = ([\d.]+)/.exec(result.stdout)?.[1]);
  return { count, rate: tps, latency };
}

interface WrkResult {
  statuses: Record<string, number>;
  requests: number;
  seconds: number;
  socketErrors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** wrk with bench/opinions/post.lua, one thread, CLIENTS connections, DURATION seconds. */
function runWrk(base: string, consultationId: string, pids: string[]): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "wrk",
      [
        "-t1",
        `-c${CLIENTS}`,
        `-d${DURATION}s`,
        "--latency",
        "-s",
        path.join(here, "post.lua"),
        base,
      ],
      {
        env: {
          ...process.env,
          BENCH_CONSULTATION: consultationId,
          BENCH_PIDS: pids.join(","),
          BENCH_RUN: randomBytes(4).toString("hex"),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = /WRK-RESULT (.*)/.exec(out)?.[1];
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}):\n${out}`));
      resolve(JSON.parse(line) as WrkResult);
    });
  });
}

/** Opinions stored for a consultation, and how many keys were stored more than once. */
async function countStored(databaseUrl: string, consultationId: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const row = (
      await db.query(
        `SELECT count(*)::int AS n, (count(*) - count(DISTINCT idempotency_key))::int AS doubled
         FROM opinions WHERE consultation_id = $1`,
        [consultationId],
      )
    ).rows[0] as { n: number; doubled: number };
    return { opinions: row.n, doubled: row.doubled };
  } finally {
    await db.end();
  }
}

/** Each acknowledged receipt looked up by its key: lost (absent, or another id) and doubled. */
async function checkReceipts(
  databaseUrl: string,
  consultationId: string,
  receipts: { key: string; answer: string }[],
) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = (
      await db.query(
        `SELECT idempotency_key AS key, id FROM opinions WHERE consultation_id = $1
           AND idempotency_key = ANY($2::text[])`,
        [consultationId, receipts.map((r) => r.key)],
      )
    ).rows as { key: string; id: string }[];
    const stored = new Map<string, string[]>();
    for (const row of rows) stored.set(row.key, [...(stored.get(row.key) ?? []), row.id]);
    let lost = 0;
    let doubled = 0;
    for (const r of receipts) {
      const ids = stored.get(r.key) ?? [];
      if (!ids.includes((JSON.parse(r.answer) as { id: string }).id)) lost++;
      doubled += Math.max(0, ids.length - 1);
    }
    return { lost, doubled };
  } finally {
    await db.end();
  }
}

function post(
  agent: http.Agent,
  base: string,
  consultationId: string,
  key: string,
  body: string,
  clientIp: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/api/v1/consultations/${consultationId}/opinions`,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "Idempotency-Key": key,
          "X-Forwarded-For": clientIp,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** CLIENTS keep-alive Node clients posting opinions with unique keys, keeping every receipt. */
async function postOpinions(base: string, consultationId: string, pids: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  const receipts: { key: string; body: string; answer: string }[] = [];
  const statuses = new Set<number>();
  let acknowledged = 0;
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, ci) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const n = sent++;
        const key = `bench-${ci}-${i}-${randomUUID()}`;
        const body = opinionBody(pids, i, ci);
        const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        const t0 = performance.now();
        const answer = await post(agent, base, consultationId, key, body, ip);
        latencies.push(performance.now() - t0);
        if (answer.status === 201) {
          acknowledged++;
          receipts.push({ key, body, answer: answer.text });
        } else {
          failed++;
          statuses.add(answer.status);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    acknowledged,
    failed,
    statuses,
    receipts,
    seconds,
    rate: acknowledged / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
  };
}

await main();
