import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { projectRoot } from "../config/env.ts";

const sourceRoots = ["app", "db", "editor", "search", "config"];
const sourceFiles = [
  "package-lock.json",
  "vite.config.ts",
  "react-router.config.ts",
  "tsconfig.json",
];
export const serverBuildPath = path.join(projectRoot, "build", "server", "index.js");

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Whether the production build is missing or older than any source it is made from. */
export function isBuildStale(): boolean {
  const built = newestMtime(serverBuildPath);
  if (built === 0) return true;
  const sources = Math.max(
    ...[...sourceRoots, ...sourceFiles].map((p) => newestMtime(path.join(projectRoot, p))),
  );
  return sources > built;
}

/** Builds the app with React Router's Vite build when it is missing or stale. */
export function ensureBuild(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): void {
  if (!isBuildStale()) return;
  log("Building the app (the build is missing or older than the sources)…");
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve("@react-router/dev/package.json")), "bin.js");
  const result = spawnSync(process.execPath, [bin, "build"], {
    cwd: projectRoot,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error("The build failed; see the messages above.");
}
