// Shared parts of `npm run chaos`: a database of its own on the local PostgreSQL server, the real
// app as a child process (restartable, killable, its memory sampled from /proc), PostgreSQL
// restarts, and a small HTTP client that never throws for a refused or reset connection.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../../config/env.ts";

/** The server the run creates its database on; only 127.0.0.1 is ever contacted. */
export const adminUrl =
  process.env.CHAOS_DATABASE_URL ?? "postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/kaimen_ci";
for (const url of [adminUrl]) {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost")
    throw new Error(`CHAOS_DATABASE_URL must point at 127.0.0.1, not ${host}`);
}

/** The PostgreSQL cluster restarted by the durability run (`pg_ctlcluster VERSION NAME …`). */
export const pgCluster = (process.env.CHAOS_PG_CLUSTER ?? "15 main").split(" ");

/**
 * The app is killed by the run when its resident memory passes this ceiling, so that an
 * unbounded buffer cannot take the shared machine down with it; the figure is still reported.
 */
export const memoryCeilingMb = Number(process.env.CHAOS_MEMORY_CEILING_MB ?? 2048);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a fresh database for the run; `drop` removes it. */
export async function createDatabase(): Promise<{
  url: string;
  name: string;
  drop(): Promise<void>;
}> {
  const name = `kaimen_chaos_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A free TCP port on 127.0.0.1, kept for every restart of the app so clients need not follow it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Kibibytes of a /proc/<pid>/status field (VmRSS, VmHWM), or 0 when the process is gone. */
function statusKb(pid: number, field: string): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * The real app (`node bin/kaimen.js serve --no-build`) on one port and one database. It can be
 * killed and started again; an exit the run did not cause is counted, and the app is started
 * again (as a supervisor would) so the run goes on. Its peak memory is the largest VmHWM seen.
 */
export class App {
  readonly url: string;
  private child: ChildProcess | undefined;
  private expectingExit = false;
  private killedAtCeiling = false;
  private listening = false;
  private sampler: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  /** Exits nobody asked for (crashes, out of memory, an unhandled 'error'). */
  unplannedExits = 0;
  /** Kills by the run because the app passed the memory ceiling. */
  ceilingKills = 0;
  peakKb = 0;
  /** The last lines the app wrote, for the report when something went wrong. */
  tail: string[] = [];
  exitNotes: string[] = [];
  autoRestart = true;

  constructor(
    readonly port: number,
    readonly databaseUrl: string,
    readonly extraEnv: Record<string, string> = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Alive and listening (a child just spawned, still migrating, is not running yet). */
  get running(): boolean {
    return (
      this.listening &&
      !!this.child &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Starts the app and resolves once it listens; retries while the database is unreachable. */
  start(deadlineMs = 180_000): Promise<void> {
    if (this.running && !this.starting) return Promise.resolve();
    this.starting ??= this.startOnce(deadlineMs).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async startOnce(deadlineMs: number): Promise<void> {
    const until = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnAndWait(Math.max(5_000, until - Date.now()));
        return;
      } catch (error) {
        if (Date.now() > until)
          throw new Error(
            `the app did not start: ${(error as Error).message}\n${this.tail.join("\n")}`,
            { cause: error },
          );
        await sleep(Math.min(2_000, 250 * attempt));
      }
    }
  }

  private spawnAndWait(timeoutMs: number): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      KAIMEN_DEMO: "1",
      KAIMEN_RATE_LIMIT: "off",
      PORT: String(this.port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      ...this.extraEnv,
    };
    delete env.MEILI_URL;
    delete env.KAIMEN_DATA_DIR;
    const child = spawn(
      process.execPath,
      [path.join(projectRoot, "bin/kaimen.js"), "serve", "--no-build"],
      {
        cwd: projectRoot,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.child = child;
    this.listening = false;
    this.expectingExit = false;
    const remember = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n"))
        if (line.trim()) this.tail.push(line.slice(0, 400));
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    };
    child.stderr!.on("data", remember);
    this.startSampler(child);
    return new Promise<void>((resolve, reject) => {
      let listening = false;
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error("timed out waiting for 'listening on'"));
      }, timeoutMs);
      child.stdout!.on("data", (chunk: Buffer) => {
        remember(chunk);
        if (!listening && /listening on \d+/.test(chunk.toString())) {
          listening = true;
          this.listening = true;
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        this.takeSample(child.pid!);
        if (!listening) return reject(new Error(`exited (${code ?? signal}) before listening`));
        if (this.child !== child) return;
        if (!this.expectingExit) {
          this.unplannedExits++;
          this.exitNotes.push(
            `exit ${code ?? signal} at ${new Date().toISOString()}: ${this.tail.slice(-3).join(" | ")}`,
          );
        }
        // A crash, or a kill at the memory ceiling: start again, as a supervisor would.
        if ((!this.expectingExit || this.killedAtCeiling) && this.autoRestart) {
          this.killedAtCeiling = false;
          this.start().catch(() => undefined);
        }
      });
    });
  }

  private takeSample(pid: number) {
    const hwm = statusKb(pid, "VmHWM");
    const rss = statusKb(pid, "VmRSS");
    this.peakKb = Math.max(this.peakKb, hwm, rss);
    return rss;
  }

  private startSampler(child: ChildProcess) {
    clearInterval(this.sampler);
    this.sampler = setInterval(() => {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      const rss = this.takeSample(child.pid);
      if (rss / 1024 > memoryCeilingMb && this.child === child) {
        this.ceilingKills++;
        this.exitNotes.push(`killed by the run at ${Math.round(rss / 1024)} MB (ceiling)`);
        this.expectingExit = true;
        this.killedAtCeiling = true;
        child.kill("SIGKILL");
      }
    }, 100);
    this.sampler.unref();
  }

  /** Resets the peak so the next part reports its own figure. */
  resetPeak() {
    this.peakKb = this.pid ? statusKb(this.pid, "VmRSS") : 0;
  }

  /** kill -9: no chance to finish anything. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await gone;
  }

  /** A clean stop (SIGTERM), used between parts and at the end. */
  async stop(): Promise<void> {
    this.autoRestart = false;
    await this.starting?.catch(() => undefined);
    const child = this.child;
    clearInterval(this.sampler);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await gone;
    clearTimeout(timer);
  }
}

/** Runs `pg_ctlcluster VERSION NAME ACTION [options]`; throws with its output when it fails. */
export function pgCtl(...args: string[]): void {
  const result = spawnSync("pg_ctlcluster", [...pgCluster, ...args], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0)
    throw new Error(`pg_ctlcluster ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** A network error instead of an answer (refused, reset, timed out). */
  error?: string;
  ms: number;
}

/** Options of one request; `body` may be a generator of chunks (sent chunked). */
export interface Ask {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer | (() => AsyncGenerator<Buffer>);
  timeoutMs?: number;
  agent?: http.Agent;
  /** Read at most this many bytes of the answer (the rest is drained). */
  keepBytes?: number;
}

/** One HTTP request to 127.0.0.1; network failures come back as `error`, never thrown. */
export function ask(base: string, pathAndQuery: string, options: Ask = {}): Promise<Answer> {
  const target = new URL(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery);
  if (target.hostname !== "127.0.0.1") throw new Error(`refusing to send to ${target.hostname}`);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Omit<Answer, "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...answer, ms: performance.now() - started });
    };
    const req = http.request(
      {
        host: "127.0.0.1",
        port: target.port,
        // The raw path, so that hostile bytes reach the server as they were written.
        path: pathAndQuery.startsWith("http") ? target.pathname + target.search : pathAndQuery,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: options.agent ?? false,
        insecureHTTPParser: true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const limit = options.keepBytes ?? 2_000_000;
        res.on("data", (c: Buffer) => {
          if (kept < limit) {
            chunks.push(c);
            kept += c.length;
          }
        });
        res.on("end", () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", (e) =>
          done({ status: res.statusCode ?? 0, headers: res.headers, text: "", error: e.message }),
        );
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error("timeout"));
    }, options.timeoutMs ?? 30_000);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e: NodeJS.ErrnoException) =>
      done({ status: 0, headers: {}, text: "", error: e.code ?? e.message }),
    );
    const body = options.body;
    if (typeof body === "function") {
      (async () => {
        for await (const chunk of body()) {
          if (req.destroyed || settled) break;
          if (!req.write(chunk))
            await new Promise<void>((r) => {
              const go = () => {
                req.off("drain", go);
                req.off("close", go);
                r();
              };
              req.on("drain", go);
              req.on("close", go);
            });
        }
        if (!req.destroyed) req.end();
      })().catch(() => req.destroy());
    } else req.end(body);
  });
}

/** The session cookie and CSRF token of a demo account, signed in through the real form. */
export async function signIn(
  base: string,
  account: { email: string; password: string },
): Promise<{ cookie: string; csrf: string }> {
  const page = await ask(base, "/login");
  const csrfCookie = cookiePairs(page.headers).find((c) => c.startsWith("kaimen_csrf="));
  if (!csrfCookie) throw new Error(`no CSRF cookie from /login (status ${page.status})`);
  const csrf = csrfCookie.slice("kaimen_csrf=".length);
  const form = new URLSearchParams({
    email: account.email,
    password: account.password,
    _csrf: csrf,
  });
  const answer = await ask(base, "/login", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: form.toString(),
  });
  const session = cookiePairs(answer.headers).find((c) => !c.startsWith("kaimen_csrf="));
  if (answer.status !== 302 || !session)
    throw new Error(`signing in ${account.email} answered ${answer.status}`);
  return { cookie: `${csrfCookie}; ${session}`, csrf };
}

function cookiePairs(headers: http.IncomingHttpHeaders): string[] {
  return (headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!);
}

/** Finds an open consultation that takes anonymous opinions, and its provisions' pids. */
export async function openConsultation(
  base: string,
): Promise<{ id: string; billId: string; pids: string[] }> {
  const list = JSON.parse((await ask(base, "/api/v1/consultations")).text) as {
    consultations: { id: string; billId: string; status: string }[];
  };
  for (const c of list.consultations.filter((c) => c.status === "open")) {
    const detail = JSON.parse((await ask(base, `/api/v1/consultations/${c.id}`)).text) as {
      provisions: { pid: string; kind: string }[];
    };
    const probe = await ask(base, `/api/v1/consultations/${c.id}/opinions`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Idempotency-Key": `chaos-probe-${randomBytes(6).toString("hex")}`,
      },
      body: JSON.stringify({ scope: "draft", body: "混沌测试探针：检查是否接受匿名意见。" }),
    });
    if (probe.status === 201)
      return {
        id: c.id,
        billId: c.billId,
        pids: detail.provisions.filter((p) => p.kind === "article").map((p) => p.pid),
      };
  }
  throw new Error("the demo has no open consultation that takes anonymous opinions");
}

/** Leaks an answer must never carry: stack frames, file paths, SQL and driver messages. */
export const leakPatterns: [string, RegExp][] = [
  ["stack trace", /\n\s+at [^\n]+[:(]\d+:\d+\)?|\bat [\w.<>]+ \((?:file:|\/)[^)]*\)/],
  [
    "file path",
    /(?:\/work\/|\/home\/|\/root\/|node_modules\/|file:\/\/\/|[\w-]+\.(?:ts|tsx|js):\d+)/,
  ],
  [
    "SQL",
    /(?:syntax error at or near|relation "[^"]+"|column "[^"]+"|violates (?:check|unique|foreign key|not-null) constraint|duplicate key value|invalid input syntax for|\bSELECT\b[^<]{0,80}\bFROM\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b)/i,
  ],
];

/** The first leak pattern an answer's text matches, if any. */
export function leakIn(text: string): string | undefined {
  return leakPatterns.find(([, re]) => re.test(text))?.[0];
}

export const mb = (kb: number) => Math.round(kb / 1024);
