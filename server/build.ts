import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import type { Plugin } from "vite";
import { childEnvironment, projectRoot } from "../config/env.ts";

// What the build is made of is not a list kept by hand (one such list forgot services/, so
// `npm start` served stale code after an edit there): the build itself writes, per Vite
// environment (client, ssr), the project files it loaded — `build/inputs/<environment>.json`.
// The build is stale when one of those files, or a folder holding one (a file added or
// renamed), or a file that configures the build, is newer than the server bundle.

/** Files that shape the build without being modules of it. */
const buildConfigFiles = [
  "package-lock.json",
  "vite.config.ts",
  "react-router.config.ts",
  "tsconfig.json",
  "public",
];
/** The Vite environments whose inputs a complete build has recorded. */
const recordedEnvironments = ["client", "ssr"];

export const serverBuildPath = path.join(projectRoot, "build", "server", "index.js");
const inputsDir = (root: string) => path.join(root, "build", "inputs");

/**
 * A Vite plugin that records which project files each environment's bundle was made from
 * (`build/inputs/<environment>.json`, paths relative to the root, sorted), for isBuildStale.
 */
export function recordBuildInputs(): Plugin {
  let root = projectRoot;
  return {
    name: "kaimen:record-build-inputs",
    apply: "build",
    configResolved(config) {
      root = config.root;
    },
    writeBundle() {
      const files = new Set<string>();
      for (const id of this.getModuleIds()) {
        const file = id.split("?")[0]!;
        if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        const relative = path.relative(root, file);
        if (relative.startsWith("..") || !fs.existsSync(file)) continue;
        files.add(relative.split(path.sep).join("/"));
      }
      fs.mkdirSync(inputsDir(root), { recursive: true });
      fs.writeFileSync(
        path.join(inputsDir(root), `${this.environment.name}.json`),
        `${JSON.stringify([...files].sort(), null, 1)}\n`,
      );
    },
  };
}

/** Asset types worth compressing (scripts, styles, SVG, JSON, text); the rest is left alone. */
const PRECOMPRESSED = /\.(?:js|mjs|css|svg|json|html|txt|map)$/;

/**
 * A Vite plugin that writes a brotli (.br, best quality) and a gzip (.gz) copy beside each client
 * asset of at least 1 KB, once at build time, for server/compression.ts to serve; a copy that
 * saves nothing is not kept.
 */
export function precompressAssets(): Plugin {
  return {
    name: "kaimen:precompress-assets",
    apply: "build",
    writeBundle(options, bundle) {
      if (this.environment.name !== "client" || !options.dir) return;
      for (const fileName of Object.keys(bundle)) {
        if (!PRECOMPRESSED.test(fileName)) continue;
        const file = path.join(options.dir, fileName);
        const body = fs.readFileSync(file);
        if (body.length < 1024) continue;
        const forms: [string, Buffer][] = [
          [
            ".br",
            brotliCompressSync(body, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            }),
          ],
          [".gz", gzipSync(body, { level: 9 })],
        ];
        for (const [suffix, compressed] of forms)
          if (compressed.length < body.length) fs.writeFileSync(file + suffix, compressed);
      }
    },
  };
}

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
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** The project files (and their folders) the last build recorded, or null if it recorded none. */
export function recordedBuildInputs(root: string = projectRoot): string[] | null {
  const files = new Set<string>();
  for (const environment of recordedEnvironments) {
    let listed: unknown;
    try {
      listed = JSON.parse(
        fs.readFileSync(path.join(inputsDir(root), `${environment}.json`), "utf8"),
      );
    } catch {
      return null;
    }
    if (!Array.isArray(listed)) return null;
    for (const file of listed) if (typeof file === "string") files.add(file);
  }
  return [...files].sort();
}

/** Whether the production build is missing or older than any source it is made from. */
export function isBuildStale(root: string = projectRoot): boolean {
  const built = newestMtime(path.join(root, "build", "server", "index.js"));
  if (built === 0) return true;
  const inputs = recordedBuildInputs(root);
  // A build that did not record its inputs (made before they were recorded) is rebuilt once.
  if (!inputs) return true;
  // A folder's own time changes when a file is added to it, removed or renamed.
  const folders = new Set(inputs.map((file) => path.posix.dirname(file)));
  const mtime = (target: string) => {
    try {
      return fs.statSync(path.join(root, target)).mtimeMs;
    } catch {
      return null;
    }
  };
  return (
    // A recorded file that is gone was renamed or deleted.
    inputs.some((file) => (mtime(file) ?? Infinity) > built) ||
    [...folders].some((folder) => (mtime(folder) ?? 0) > built) ||
    buildConfigFiles.some((file) => newestMtime(path.join(root, file)) > built)
  );
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
    // Whoever asks (a test run sets NODE_ENV=test), the build is the production one: otherwise
    // the client bundles React's development build (twice the bytes) and `npm start` serves it.
    env: childEnvironment({ NODE_ENV: "production" }),
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error("The build failed; see the messages above.");
}
