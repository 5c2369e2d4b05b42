// Reading pages at public scale (issue 13, items 1 and 2), on PostgreSQL with the demo data:
// creates a fresh database on the server of BENCH_DATABASE_URL, starts the real app on it
// (`kaimen serve`, KAIMEN_DEMO=1, rate limits off), then
//   1. weighs the consultation page of the 二审稿 (113 articles) and the plain reading page on the
//      wire (HTML with brotli, and the scripts the page loads, precompressed);
//   2. loads each with wrk (50 connections, DURATION seconds, brotli accepted) and /healthz;
//   3. opens the consultation page at 375 px over a throttled "slow 4G" link (Lighthouse's:
//      150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) in Chromium and reads its first
//      contentful paint.
// Goals: consultation page ≥ 500 pages/s with p95 ≤ 50 ms, reading page ≥ 1,000 pages/s, HTML ≤
// 40 KB and script ≤ 80 KB on the wire, /healthz ≤ 0.3 ms a request, FCP ≤ 1.5 s. Figures
// measured while other work runs on the machine are noisy; the load average is printed.
// Run: npx tsx bench/reading-pages.ts (DURATION=15, CONNECTIONS=50).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../config/env.ts";
import { launchChromium } from "./support.ts";

const baseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/kaimen_ci";
const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);

interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: number | null;
  better: "higher" | "lower";
}

/** A GET's status, headers and body as sent (not decoded). */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        })
        .on("error", reject);
    },
  );
}

function startServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(projectRoot, "bin/kaimen.js"), "serve"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAIMEN_DEMO: "1",
      KAIMEN_RATE_LIMIT: "off",
      PORT: "0",
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match)
        resolve({
          url: `http://127.0.0.1:${match[1]}`,
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

const LUA = `done = function(summary, latency, requests)
  io.write(string.format("FIGURES %f %f %f %f\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.mean / 1000))
end`;

/** Runs wrk on a URL: pages/s, p50, p95 and mean latency in ms. */
function wrk(url: string, script: string) {
  const run = spawnSync(
    "wrk",
    [
      "-t2",
      `-c${CONNECTIONS}`,
      `-d${DURATION}s`,
      "-H",
      "Accept-Encoding: br, gzip",
      "-s",
      script,
      url,
    ],
    { encoding: "utf8", timeout: (DURATION + 30) * 1000 },
  );
  const match = /FIGURES (\S+) (\S+) (\S+) (\S+)/.exec(run.stdout ?? "");
  if (!match) throw new Error(`wrk gave no figures: ${run.stderr || run.stdout}`);
  const [rate, p50, p95, mean] = match.slice(1).map(Number) as [number, number, number, number];
  return { rate, p50, p95, mean };
}

/** The bytes of a page and of the scripts it loads, as sent with brotli accepted. */
async function weigh(base: string, pagePath: string) {
  const html = await get(`${base}${pagePath}`, { "Accept-Encoding": "br, gzip" });
  const plain = (await get(`${base}${pagePath}`)).body.toString();
  const scripts = new Set(
    [...plain.matchAll(/<link rel="modulepreload" href="([^"]+)"|import\("([^"]+)"\)/g)].map(
      (m) => (m[1] ?? m[2])!,
    ),
  );
  const sizes = await Promise.all(
    [...scripts].map(
      async (src) => (await get(`${base}${src}`, { "Accept-Encoding": "br, gzip" })).body.length,
    ),
  );
  return {
    html: html.body.length,
    htmlPlain: Buffer.byteLength(plain),
    scripts: sizes.reduce((a, b) => a + b, 0),
    largestScript: Math.max(...sizes),
  };
}

/** First contentful paint of a page at 375 px over a throttled slow 4G link, in ms. */
async function firstContentfulPaint(url: string): Promise<number> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-fcp-"));
  const context = await launchChromium(profile, { viewport: { width: 375, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await page.goto(url, { waitUntil: "load" });
    return await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    );
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const load = os.loadavg()[0]!.toFixed(2);
  const name = `kaimen_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const script = path.join(os.tmpdir(), `kaimen-wrk-${randomBytes(4).toString("hex")}.lua`);
  fs.writeFileSync(script, LUA);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer(url.toString());
    const list = JSON.parse((await get(`${server.url}/api/v1/consultations`)).body.toString()) as {
      consultations: { id: string; billId: string; versionId: string; status: string }[];
    };
    const open = list.consultations.find((c) => c.status === "open")!;
    const consultation = `/consultations/${open.id}`;
    const reading = `/bills/${open.billId}/versions/${open.versionId}`;
    const weight = await weigh(server.url, consultation);
    // Warm up (the first renders compile the code and fill the caches), then measure.
    for (const target of [consultation, reading, "/healthz"])
      spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, "-d3s", `${server.url}${target}`], {
        timeout: 30_000,
      });
    const c = wrk(`${server.url}${consultation}`, script);
    const r = wrk(`${server.url}${reading}`, script);
    const h = wrk(`${server.url}/healthz`, script);
    const fcp = await firstContentfulPaint(`${server.url}${consultation}`);
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    console.log(`Reading pages on PostgreSQL, demo data (load average ${load} at the start)`);
    console.log(
      `  consultation page: ${c.rate.toFixed(0)} pages/s, p50 ${c.p50.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms`,
    );
    console.log(`  reading page:      ${r.rate.toFixed(0)} pages/s, p95 ${r.p95.toFixed(1)} ms`);
    console.log(
      `  /healthz:          ${h.rate.toFixed(0)} /s (${(1000 / h.rate).toFixed(3)} ms of the server a request), mean latency ${h.mean.toFixed(2)} ms`,
    );
    console.log(
      `  consultation page on the wire: HTML ${kb(weight.html)} KB (${kb(weight.htmlPlain)} KB plain), scripts ${kb(weight.scripts)} KB (largest ${kb(weight.largestScript)} KB)`,
    );
    console.log(`  first contentful paint, 375 px, slow 4G: ${fcp.toFixed(0)} ms`);
    const figures: Figure[] = [
      { name: "consultation page", value: c.rate, unit: "pages/s", goal: 500, better: "higher" },
      { name: "consultation page p95", value: c.p95, unit: "ms", goal: 50, better: "lower" },
      { name: "reading page", value: r.rate, unit: "pages/s", goal: 1000, better: "higher" },
      {
        name: "consultation HTML on the wire",
        value: kb(weight.html),
        unit: "KB",
        goal: 40,
        better: "lower",
      },
      {
        name: "consultation scripts on the wire",
        value: kb(weight.scripts),
        unit: "KB",
        goal: 80,
        better: "lower",
      },
      {
        name: "/healthz per request",
        value: 1000 / h.rate,
        unit: "ms",
        goal: 0.3,
        better: "lower",
      },
      {
        name: "first contentful paint, slow 4G",
        value: fcp,
        unit: "ms",
        goal: 1500,
        better: "lower",
      },
    ];
    console.log(`BENCH-FIGURES ${JSON.stringify({ figures })}`);
  } finally {
    await server?.stop();
    fs.rmSync(script, { force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
