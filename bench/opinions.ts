// Opinion intake over HTTP against PostgreSQL (issue 5, item 12). Creates a fresh database on
// the server of BENCH_DATABASE_URL (or DATABASE_URL), opens a consultation in it, starts the real
// app on it (`kaimen serve`, rate limits off), then:
//   1. the raw rate: CLIENTS connections each INSERT one opinion-like row into the same opinions
//      table (autocommit, one row per statement) for the same duration;
//   2. the HTTP rate: CLIENTS keep-alive clients POST /api/v1/consultations/:id/opinions with a
//      unique Idempotency-Key each, for DURATION seconds (or until COUNT acknowledgements);
//   3. counts the opinions in the database against the 201 answers (0 lost), and replays a
//      sample of keys to check that each still gets its first answer and stores nothing more.
// Goal: ≥ 1,000 acknowledged opinions/s and ≥ 0.5 of the raw rate.
// Run: BENCH_DATABASE_URL=postgres://kaimen:kaimen@127.0.0.1:5432/kaimen npm run bench:opinions
// (CLIENTS=32, DURATION=15, COUNT=0 for no limit, WORKERS passes KAIMEN_WORKERS to the server,
// SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server).
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
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
import { hashLookupCode } from "../services/opinions.ts";
import { quantile } from "./support.ts";

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!baseUrl) {
  console.error("Set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server, e.g.");
  console.error("  BENCH_DATABASE_URL=postgres://kaimen:kaimen@127.0.0.1:5432/kaimen");
  process.exit(2);
}
const CLIENTS = Number(process.env.CLIENTS ?? 32);
const DURATION = Number(process.env.DURATION ?? 15);
const COUNT = Number(process.env.COUNT ?? 0);
const WORKERS = process.env.WORKERS;

const ARTICLES = [
  "单位和个人饲养犬只，应当按照规定定期免疫接种狂犬病疫苗，凭农业农村部门的免疫证明向所在地养犬登记机关申请登记。",
  "从事动物诊疗活动的机构，应当具备与动物诊疗活动相适应并符合动物防疫条件的场所。",
  "任何单位和个人不得买卖、加工、随意弃置病死动物和病害动物产品。",
];

async function main() {
  const name = `kaimen_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    // The consultation: one organization, a bill of three articles, open for a day.
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
    const consultationId = await makeConsultation(handle.db, { versionId, opensAt, closesAt });
    const rawConsultationId = await makeConsultation(handle.db, { versionId, opensAt, closesAt });
    await handle.close();
    const pids = text.provisions.map((p) => p.pid);

    server = await startServer(databaseUrl);
    console.log(
      `PostgreSQL ${url.host}, database ${name}; ${CLIENTS} concurrent clients, ` +
        `${COUNT ? `${COUNT} opinions` : `${DURATION} s`}${WORKERS ? `, ${WORKERS} server workers` : ""}`,
    );

    const raw = await rawInserts(databaseUrl, rawConsultationId, versionId, pids);
    console.log(
      `raw INSERT:  ${raw.count} rows in ${raw.seconds.toFixed(1)} s = ${Math.round(raw.rate)} rows/s` +
        ` (p50 ${raw.p50.toFixed(1)} ms, p95 ${raw.p95.toFixed(1)} ms)`,
    );

    const cpuBefore = cpuSeconds(server.pid);
    const ownBefore = process.cpuUsage();
    const api = await postOpinions(server.url, consultationId, pids);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const own = process.cpuUsage(ownBefore);
    console.log(
      `HTTP POST:   ${api.acknowledged} opinions acknowledged in ${api.seconds.toFixed(1)} s = ` +
        `${Math.round(api.rate)} opinions/s; latency p50 ${api.p50.toFixed(1)} ms, ` +
        `p95 ${api.p95.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms` +
        (api.failed ? `; ${api.failed} failed (${[...api.statuses].join(", ")})` : ""),
    );
    if (cpu > 0)
      console.log(
        `server CPU:  ${((cpu * 1000) / api.acknowledged).toFixed(2)} ms per opinion (user+system, ` +
          `${(cpu / api.seconds).toFixed(2)} cores busy on average; the clients used ` +
          `${((own.user + own.system) / 1e6 / api.seconds).toFixed(2)} cores)`,
      );
    console.log(`ratio:       ${(api.rate / raw.rate).toFixed(2)} of the raw INSERT rate`);

    // Repeats of a sample of keys get their first answers and store nothing more.
    const sample = api.keys.slice(0, 200);
    let replayed = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    for (const item of sample) {
      const answer = await post(agent, server.url, consultationId, item.key, item.body);
      if (answer.status === 201 && answer.text === item.answer) replayed++;
    }
    agent.destroy();

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const stored = Number(
      (
        await db.query("SELECT count(*) AS n FROM opinions WHERE consultation_id = $1", [
          consultationId,
        ])
      ).rows[0].n,
    );
    const kept = Number(
      (
        await db.query("SELECT count(*) AS n FROM idempotency_keys WHERE scope = $1", [
          `opinion:${consultationId}`,
        ])
      ).rows[0].n,
    );
    await db.end();
    const lost = api.acknowledged + api.warm - stored;
    console.log(
      `stored:      ${stored} opinions in the database for ${api.acknowledged + api.warm} acknowledged ` +
        `(${lost === 0 ? "0 lost" : `${lost} LOST`}), ${kept} idempotency answers kept; ` +
        `${replayed}/${sample.length} replays got their first answer`,
    );
    const ok = api.rate >= 1000 && api.rate / raw.rate >= 0.5 && lost === 0;
    console.log(`goal (≥ 1,000/s, ≥ 0.5 of raw, 0 lost): ${ok ? "met" : "NOT met"}`);
    process.exitCode = lost === 0 && replayed === sample.length ? 0 : 1;
  } finally {
    await server?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Starts `kaimen serve` on the database with rate limits off; resolves once it listens. */
function startServer(
  databaseUrl: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.join(projectRoot, "bin/kaimen.js"), "serve"],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        KAIMEN_DEMO: "0",
        KAIMEN_RATE_LIMIT: "off",
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
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
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

/** CLIENTS connections inserting one opinion-like row per statement, for the same duration. */
async function rawInserts(
  databaseUrl: string,
  consultationId: string,
  versionId: string,
  pids: string[],
) {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let count = 0;
  const started = performance.now();
  const deadline = started + DURATION * 1000;
  const target = COUNT || Infinity;
  await Promise.all(
    clients.map(async (c, ci) => {
      for (let i = 0; performance.now() < deadline && count < target; i++) {
        const t0 = performance.now();
        await c.query(
          `INSERT INTO opinions (consultation_id, version_id, provision_pid, scope, body, channel,
             respondent_type, status, author_name, author_region, idempotency_key, request_hash,
             receipt, lookup_code_hash)
           VALUES ($1, $2, $3, 'article', $4, 'online', 'individual', 'published', $5, $6, $7, $8,
             $9, $10)`,
          [
            consultationId,
            versionId,
            pids[i % pids.length],
            `基准意见 ${ci}-${i}：建议明确犬只免疫接种的具体时限。`,
            "基准",
            "崇川区",
            randomUUID(),
            randomBytes(32).toString("hex"),
            `RAW${ci}X${i}${randomBytes(4).toString("hex")}`,
            hashLookupCode(randomBytes(4).toString("hex")),
          ],
        );
        latencies.push(performance.now() - t0);
        count++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  return {
    count,
    seconds,
    rate: count / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
  };
}

function post(
  agent: http.Agent,
  base: string,
  consultationId: string,
  key: string,
  body: string,
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

/** CLIENTS keep-alive clients posting opinions with unique keys. */
async function postOpinions(base: string, consultationId: string, pids: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  // Warm up (the first requests load the route modules and fill the connection pool).
  let warm = 0;
  for (let i = 0; i < 50; i++) {
    const answer = await post(
      agent,
      base,
      consultationId,
      `warm-${i}`,
      JSON.stringify({ body: "预热" }),
    );
    if (answer.status === 201) warm++;
  }
  const latencies: number[] = [];
  const keys: { key: string; body: string; answer: string }[] = [];
  const statuses = new Set<number>();
  let acknowledged = 0;
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + DURATION * 1000;
  const target = COUNT || Infinity;
  const regions = ["崇川区", "通州区", "海门区", "海安市", "如皋市", "如东县", "启东市"];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, ci) => {
      for (let i = 0; sent < target && (COUNT || performance.now() < deadline); i++) {
        sent++;
        const key = `bench-${ci}-${i}-${randomUUID()}`;
        const body = JSON.stringify({
          provisionPid: pids[i % pids.length],
          body: `建议第${(i % 3) + 1}条进一步明确责任主体和时限（客户端${ci}，第${i}条意见）。`,
          author: { name: `市民${ci}`, region: regions[i % regions.length] },
        });
        const t0 = performance.now();
        const answer = await post(agent, base, consultationId, key, body);
        latencies.push(performance.now() - t0);
        if (answer.status === 201) {
          acknowledged++;
          if (keys.length < 1000) keys.push({ key, body, answer: answer.text });
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
    warm,
    failed,
    statuses,
    keys,
    seconds,
    rate: acknowledged / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
  };
}

await main();
