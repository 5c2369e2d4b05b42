import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../config/env.ts";
import type { LegalDocJSON } from "../editor/document-json.ts";
import { decodeText } from "../editor/import/decode.ts";
import { parseLegalText } from "../editor/import/parse.ts";
import { ensureUniquePids } from "../editor/provisions.ts";

/** A document of `count` real articles (from the fixture laws, repeated), in chapters of 30. */
export function largeDocument(count: number, title: string): LegalDocJSON {
  const files = fs
    .readdirSync(path.join(projectRoot, "tests/fixtures/laws"))
    .filter((f) => f.endsWith(".md"))
    .sort();
  const articles: unknown[] = [];
  const collect = (nodes: { type: string; content?: unknown[] }[]) => {
    for (const node of nodes) {
      if (node.type === "article") articles.push(node);
      else if (node.content && node.type !== "article")
        collect(node.content as { type: string; content?: unknown[] }[]);
    }
  };
  for (const file of files)
    collect(
      parseLegalText(
        decodeText(
          new Uint8Array(fs.readFileSync(path.join(projectRoot, "tests/fixtures/laws", file))),
        ),
      ).doc.content as never,
    );
  const chosen = Array.from({ length: count }, (_, i) =>
    structuredClone(articles[i % articles.length]),
  );
  const chapters = [];
  for (let i = 0; i < chosen.length; i += 30) {
    chapters.push({
      type: "chapter",
      attrs: { pid: "", printedNumber: null },
      content: [
        { type: "heading", content: [{ type: "text", text: `第${i / 30 + 1}部分条文` }] },
        ...chosen.slice(i, i + 30),
      ],
    });
  }
  return ensureUniquePids({
    type: "doc",
    content: [{ type: "title", content: [{ type: "text", text: title }] }, ...chapters],
  } as unknown as LegalDocJSON);
}

/**
 * Loads the Nantong demo into an embedded database in `dataDir` the way a person would, with
 * `kaimen seed` (bench/ drives the app through its layers or its command line, not the CLI's
 * internals).
 */
export function seedDemo(dataDir: string): void {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "bin/kaimen.js"), "seed"], {
    cwd: projectRoot,
    env: { ...process.env, KAIMEN_DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`kaimen seed exited with ${result.status}`);
}

/** Starts the built app on a data folder and a free port; resolves with its URL and a stop function. */
export async function startServer(
  dataDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "bin/kaimen.js"), "serve"],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        KAIMEN_DATA_DIR: dataDir,
        PORT: "0",
        HOST: "127.0.0.1",
        KAIMEN_RATE_LIMIT: "off",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export { launchChromium } from "../tools/chromium.ts";

/** The q-th quantile (0..1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** The PostgreSQL server benches create their databases on (a role that may create them). */
export const benchDatabaseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/kaimen_ci";

/** Creates a database with a random name on the bench server; `drop` removes it (FORCE). */
export async function createBenchDatabase(
  prefix: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: benchDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(benchDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: benchDatabaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts the real app (`node bin/kaimen.js serve --no-build`, rate limits off, the demo loaded
 * into the empty database, NODE_ENV as this process has it, as `npm start` would) on a PostgreSQL database and a free port; resolves
 * once it listens. The app's log lines are read and dropped (a pipe left unread would stall it).
 */
export function startAppOnPostgres(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    KAIMEN_DEMO: "1",
    KAIMEN_RATE_LIMIT: "off",
    PORT: "0",
    HOST: "127.0.0.1",
    ...extraEnv,
  };
  delete env.MEILI_URL;
  delete env.KAIMEN_DATA_DIR;
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, "bin/kaimen.js"), "serve", "--no-build"],
    { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    tail.push(...chunk.toString().split("\n").filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  child.stderr!.on("data", remember);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the app did not listen within 300 s:\n${tail.join("\n")}`));
    }, 300_000);
    let listening = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      if (listening) return;
      remember(chunk);
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (!match) return;
      listening = true;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${match[1]}`, pid: child.pid!, stop });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`the app exited with ${code}:\n${tail.join("\n")}`));
    });
  });
}

const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/**
 * CPU milliseconds (user + system, from /proc/<pid>/stat) used so far by a process and its
 * child processes (a server with KAIMEN_WORKERS forks them); 0 for a process that is gone.
 */
export function processCpuMs(pid: number): number {
  try {
    // Fields after the command name: state is the 1st, utime the 12th, stime the 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
    const children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
    return own + children.reduce((sum, child) => sum + processCpuMs(child), 0);
  } catch {
    return 0;
  }
}
