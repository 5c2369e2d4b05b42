import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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
 * ensureBuild for test files, one process at a time: test files run in parallel workers, and two
 * builds writing build/ at once would leave a broken one. Whoever takes the lock builds (when
 * stale); the others wait, then find the build fresh. A lock left by a dead process is taken over.
 */
export async function ensureBuildOnce(log?: (line: string) => void): Promise<void> {
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
    ensureBuild(log);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
