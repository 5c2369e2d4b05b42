import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureNodeBuild } from "../../bin/build.js";
import { ensureBuild } from "../../server/build.ts";
import { projectRoot } from "../../config/env.ts";

const lock = path.join(
  os.tmpdir(),
  `kaimen-build-${Buffer.from(projectRoot).toString("base64url").slice(-40)}.lock`,
);

function holderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
  } catch {
    pid = 0;
  }
  // No pid yet: the holder is between taking the lock and writing it, unless that was long ago.
  if (!pid) {
    try {
      return Date.now() - fs.statSync(lock).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs a build for test files, one process at a time: test files run in parallel workers, and
 * two builds writing build/ at once would leave a broken one. Whoever takes the lock builds (when
 * stale); the others wait, then find the build fresh. A lock left by a dead process is taken over.
 */
async function underLock(build: () => void | Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!holderAlive()) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`The build lock ${lock} is held too long`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await build();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Both builds (server/build.ts ensureBuild: the Node build the commands and the server run, and
 * the React Router build the server serves), for tests that run the server or spawn `kaimen serve`.
 */
export async function ensureBuildOnce(log?: (line: string) => void): Promise<void> {
  await underLock(() => ensureBuild(log));
}

/**
 * The Node build only (build/node/, a second or two), for tests that spawn bin/kaimen.js for
 * commands that serve no pages: bin/kaimen.js would build it too, but several at once would
 * each build.
 */
export async function ensureNodeBuildOnce(): Promise<void> {
  await underLock(() => ensureNodeBuild({ quiet: true }));
}
