import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import { ensureBuildOnce } from "../support/build.ts";
import { copyMigratedDataDir, testDatabaseKind } from "../support/database.ts";

// The running server and commands are compiled JavaScript (build/node/): no TypeScript is
// compiled in them, so tsx is never loaded. The proof is the process's own list of the modules
// it resolved: each process below runs with a module hook (node --import) that writes every URL
// Node resolves, in the main thread and in worker threads (which inherit the flag), to a file.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-runtime-"));

/** A `--import` file recording each module URL the process (or a worker of it) resolves. */
function recorder(name: string): { args: string[]; loaded: () => string[] } {
  const log = path.join(scratch, `${name}.log`);
  const hooks = path.join(scratch, `${name}-hooks.mjs`);
  const preload = path.join(scratch, `${name}-preload.mjs`);
  fs.writeFileSync(
    hooks,
    `import fs from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  fs.appendFileSync(${JSON.stringify(log)}, result.url + "\\n");
  return result;
}
`,
  );
  fs.writeFileSync(
    preload,
    `import { register } from "node:module";
register(${JSON.stringify(pathToFileURL(hooks).href)});
`,
  );
  return {
    args: ["--import", pathToFileURL(preload).href],
    loaded: () =>
      fs.existsSync(log)
        ? [...new Set(fs.readFileSync(log, "utf8").split("\n").filter(Boolean))]
        : [],
  };
}

const bin = path.join(projectRoot, "bin", "kaimen.js");
const nodeBuild = pathToFileURL(path.join(projectRoot, "build", "node")).href;
const tsx = (url: string) => url.includes("/node_modules/tsx/");
const typescript = (url: string) => url.startsWith("file:") && /\.(?:ts|tsx|mts|cts)$/.test(url);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("the compiled runtime", () => {
  beforeAll(async () => {
    // `serve` serves the React Router build as well as running the Node one.
    await ensureBuildOnce(() => {});
  }, 600_000);

  it("`kaimen --help` runs build/node/main.js, loads no tsx, no TypeScript and no command", () => {
    const probe = recorder("help");
    const run = spawnSync(process.execPath, [...probe.args, bin, "--help"], {
      cwd: os.tmpdir(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Usage: kaimen <command>");
    // Fresh from ensureBuildOnce: nothing is built, so nothing is said.
    expect(run.stderr).toBe("");
    const loaded = probe.loaded();
    expect(loaded).toContain(`${nodeBuild}/main.js`);
    expect(loaded.filter(tsx)).toEqual([]);
    expect(loaded.filter(typescript)).toEqual([]);
    // The command table loads a command only when it runs: no database, no server.
    expect(
      loaded.filter((url) => /\/node_modules\/(?:kysely|@electric-sql|express)\//.test(url)),
    ).toEqual([]);
  });

  it("a worker thread runs its compiled file: a spreadsheet upload is read without tsx", async () => {
    const probe = recorder("worker");
    const script = path.join(scratch, "start-worker.mjs");
    fs.writeFileSync(
      script,
      `import { Worker } from "node:worker_threads";
const bytes = new TextEncoder().encode("body,region\\n建议增加公示期,海门区\\n");
const worker = new Worker(${JSON.stringify(path.join(projectRoot, "build", "node", "upload-worker.js"))}, {
  workerData: { kind: "sheet", bytes, filename: "opinions.csv" },
});
worker.on("message", (message) => {
  if ("progress" in message) return;
  process.stdout.write(JSON.stringify(message));
  void worker.terminate();
});
`,
    );
    const run = spawnSync(process.execPath, [...probe.args, script], {
      cwd: os.tmpdir(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain("建议增加公示期");
    const loaded = probe.loaded();
    // The script itself loads nothing of build/node: what it lists, the worker loaded.
    expect(loaded.some((url) => url.startsWith(`${nodeBuild}/`))).toBe(true);
    expect(loaded.filter(tsx)).toEqual([]);
    expect(loaded.filter(typescript)).toEqual([]);
  });

  describe.skipIf(testDatabaseKind === "postgres")("`kaimen serve`", () => {
    let server: ChildProcess | undefined;
    afterAll(async () => {
      if (server && server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((resolve) => server!.once("exit", resolve));
      }
    });

    it("serves pages from the compiled server without loading tsx or any TypeScript", async () => {
      const dataDir = path.join(scratch, "data");
      await copyMigratedDataDir(dataDir);
      const probe = recorder("serve");
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        KAIMEN_DATA_DIR: dataDir,
        KAIMEN_DEMO: "0",
        PORT: "0",
        HOST: "127.0.0.1",
      };
      delete env.DATABASE_URL;
      delete env.MEILI_URL;
      delete env.SMTP_URL;
      // As `npm start` runs it: the server picks React's production build itself.
      delete env.NODE_ENV;
      server = spawn(process.execPath, [...probe.args, bin, "serve"], {
        cwd: projectRoot,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let log = "";
      server.stderr!.on("data", (chunk) => (log += chunk));
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no server within 90 s:\n${log}`)), 90_000);
        server!.stdout!.on("data", (chunk: Buffer) => {
          const match = /listening on (\d+)/.exec(chunk.toString());
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        server!.on("exit", (code) => reject(new Error(`server exited (${code}):\n${log}`)));
      });
      for (const page of ["/", "/login"]) {
        const response = await fetch(`http://127.0.0.1:${port}${page}`);
        expect({ page, status: response.status }).toEqual({ page, status: 200 });
        expect(await response.text()).toContain("<html");
      }
      const loaded = probe.loaded();
      expect(loaded).toContain(`${nodeBuild}/main.js`);
      expect(loaded.some((url) => url.includes("/build/server/"))).toBe(true);
      expect(loaded.filter(tsx)).toEqual([]);
      expect(loaded.filter(typescript)).toEqual([]);
    }, 120_000);
  });
});
