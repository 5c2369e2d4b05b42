// wrk (https://github.com/wg/wrk, /usr/bin/wrk) as the load generator of bench/pages.ts. Its
// human report gives p50/p75/p90/p99 only; the goals speak of p95, so a small Lua `done` hook
// prints one line of exact figures (requests, duration, errors, mean and percentiles, in µs),
// which is what this module parses. wrk runs as its own process on the same two cores as the
// server, so it takes some of the CPU the server could have used: figures are a floor.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const wrkBinary = process.env.WRK ?? "/usr/bin/wrk";

export type WrkOptions = {
  url: string;
  threads: number;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
};

export type WrkResult = {
  command: string;
  requests: number;
  seconds: number;
  perSecond: number;
  bytes: number;
  /** Socket errors (connect, read, write, timeout) and answers outside 2xx/3xx. */
  errors: number;
  non2xx3xx: number;
  /** Requests without an answer within wrk's --timeout (10 s). */
  timeouts: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

const REPORT_PREFIX = "KAIMEN-WRK ";

const reportScript = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '${REPORT_PREFIX}{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"mean_us":%.1f,"p50_us":%.0f,"p95_us":%.0f,' ..
    '"p99_us":%.0f,"max_us":%.0f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency.mean, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
`;

let scriptPath: string | undefined;
function reportScriptPath(): string {
  if (!scriptPath) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-wrk-"));
    scriptPath = path.join(dir, "report.lua");
    fs.writeFileSync(scriptPath, reportScript);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return scriptPath;
}

/** The figures of wrk's stdout (its report line from the Lua hook); throws when it is absent. */
export function parseWrkOutput(stdout: string, command = "wrk"): WrkResult {
  const line = stdout.split("\n").find((l) => l.startsWith(REPORT_PREFIX));
  if (!line) throw new Error(`wrk printed no report:\n${stdout.slice(-2000)}`);
  const r = JSON.parse(line.slice(REPORT_PREFIX.length)) as Record<string, number>;
  const seconds = r.duration_us! / 1e6;
  const ms = (us: number | undefined) => (us ?? Number.NaN) / 1000;
  return {
    command,
    requests: r.requests!,
    seconds,
    perSecond: r.requests! / seconds,
    bytes: r.bytes!,
    errors: r.connect! + r.read! + r.write! + r.timeout! + r.status!,
    non2xx3xx: r.status!,
    timeouts: r.timeout!,
    meanMs: ms(r.mean_us),
    p50Ms: ms(r.p50_us),
    p95Ms: ms(r.p95_us),
    p99Ms: ms(r.p99_us),
    maxMs: ms(r.max_us),
  };
}

/** Runs wrk once with --latency and the report hook; resolves with its parsed figures. */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const shown = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    // A request that takes 10 s counts as a timeout (wrk's default is 2 s, which would hide
    // the slow tail of a page that takes seconds under load).
    "--timeout",
    "10s",
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
      "-H",
      `${name}: ${value}`,
    ]),
  ];
  const command = `wrk ${shown.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")} ${options.url}`;
  const args = [...shown, "-s", reportScriptPath(), options.url];
  return new Promise((resolve, reject) => {
    const child = spawn(wrkBinary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // wrk stops by itself after -d; the guard only catches a wrk that hangs.
    const guard = setTimeout(() => child.kill("SIGKILL"), (options.seconds + 30) * 1000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`wrk exited with ${code}: ${stderr || stdout}`));
      try {
        resolve(parseWrkOutput(stdout, command));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
