import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import type { Plugin } from "vite";
import { childEnvironment, projectRoot } from "../config/env.ts";
import {
  appBuild,
  isAppBuildStale,
  isNodeBuildStale,
  recordedInputs,
  recordInputs,
} from "../bin/build.js";

// Two builds, one staleness rule, kept in bin/build.js (plain JavaScript, so that bin/kaimen.js
// can run it before anything is compiled): the Node build (build/node/: the commands, the server,
// the worker threads, bundled by esbuild) and the React Router build (build/client, build/server:
// the app, built by Vite). What a build is made of is not a list kept by hand (one such list
// forgot services/, so `npm start` served stale code after an edit there): each build writes the
// project files it loaded, per environment (node; client, ssr), to `build/inputs/<name>.json`.
// A build is stale when one of those files, or a folder holding one (a file added or renamed),
// or a file that configures the build, is newer than its main file.

export { isNodeBuildStale };

export const serverBuildPath = path.join(projectRoot, "build", "server", "index.js");

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
      const files: string[] = [];
      for (const id of this.getModuleIds()) {
        const file = id.split("?")[0]!;
        if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        const relative = path.relative(root, file);
        if (relative.startsWith("..") || !fs.existsSync(file)) continue;
        files.push(relative.split(path.sep).join("/"));
      }
      recordInputs(root, this.environment.name, files);
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

/** The project files (and their folders) the last app build recorded, or null if it recorded none. */
export function recordedBuildInputs(root: string = projectRoot): string[] | null {
  return recordedInputs(root, appBuild.environments);
}

/** Whether the React Router build is missing or older than any source it is made from. */
export function isBuildStale(root: string = projectRoot): boolean {
  return isAppBuildStale(root);
}

/**
 * Builds what is missing or stale: the Node build (bin/build.js, in a child process because
 * esbuild's plugins need an asynchronous build and callers here are synchronous), then the app
 * with React Router's Vite build. Each says so in one line.
 */
export function ensureBuild(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): void {
  if (isNodeBuildStale()) {
    log("Building the Node side (build/node is missing or older than the sources)…");
    const result = spawnSync(
      process.execPath,
      [path.join(projectRoot, "bin", "build.js"), "--quiet"],
      { cwd: projectRoot, env: childEnvironment({}), stdio: ["ignore", "inherit", "inherit"] },
    );
    if (result.status !== 0) throw new Error("The Node build failed; run `node bin/build.js`.");
  }
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
