import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuild } from "../../server/build.ts";
import { projectRoot } from "../../config/env.ts";

// Build when stale, then start the real server the way `npm start` does, on a free port and a
// data folder of its own (never the app's .data), and wait until it says it is listening.
export default async function setup(project: TestProject) {
  ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAIMEN_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    KAIMEN_RATE_LIMIT: "off",
  };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "bin", "kaimen.js"), "serve", "--no-build"],
    {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stderr!.on("data", (chunk) => (log += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start within 120 s:\n${log}`)),
      120_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) =>
      reject(new Error(`The server exited (${code}) before listening:\n${log}`)),
    );
  });
  project.provide("baseUrl", `http://127.0.0.1:${port}`);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
