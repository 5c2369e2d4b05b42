// The Node side's build (the commands, the server, the worker threads: TypeScript bundled to
// JavaScript in build/node/) and the staleness check that both builds share. Plain JavaScript,
// because bin/kaimen.js runs it before anything is compiled and without tsx; server/build.ts
// builds on it (and types it through build.d.ts), so there is one staleness rule.
//   node bin/build.js          builds build/node/ when it is missing or stale
//   node bin/build.js --force  builds it anyway
//   node bin/build.js --quiet  without its line on stderr (for a caller that says it itself)
//   node bin/build.js --app    then the React Router build too, when it is missing or stale
//                              (npm's `prepare` lifecycle runs this, so the first start is fast)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (this file sits in bin/, one level below it). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The bundles' entries, by output name: the command line, the production-mode default, and the
 * files worker threads start (a worker loads a file, so each is an entry of its own).
 */
export const nodeEntries = {
  main: "cli/main.ts",
  // Loaded by bin/kaimen.js before main.js (see there).
  "production-mode": "server/production-mode.ts",
  "upload-worker": "services/upload-worker.ts",
  "compare-worker": "server/compare-worker.ts",
};

/** Where the Node build goes, and its main file (whose time is the build's time). */
export const nodeBuildDir = (root = projectRoot) => path.join(root, "build", "node");
export const nodeBuildMain = (root = projectRoot) => path.join(nodeBuildDir(root), "main.js");
const inputsDir = (root) => path.join(root, "build", "inputs");

/** Files that shape the Node build without being modules of it. */
const nodeConfigFiles = ["package-lock.json", "tsconfig.json", "bin/build.js"];

/**
 * The React Router build (build/client, build/server, made by Vite): its main file, the Vite
 * environments whose inputs it records (server/build.ts recordBuildInputs), and the files that
 * shape it without being modules of it.
 */
export const appBuild = {
  main: "build/server/index.js",
  environments: ["client", "ssr"],
  configFiles: [
    "package-lock.json",
    "vite.config.ts",
    "react-router.config.ts",
    "tsconfig.json",
    "public",
  ],
};

/** The newest modification time under a file or folder (0 when it does not exist). */
export function newestMtime(target) {
  let stat;
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

/**
 * The project files the last builds of these environments recorded (build/inputs/<name>.json),
 * or null when one of them recorded none.
 */
export function recordedInputs(root, environments) {
  const files = new Set();
  for (const environment of environments) {
    let listed;
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

/** Records the project files an environment's build was made from (sorted, relative, "/"). */
export function recordInputs(root, environment, files) {
  fs.mkdirSync(inputsDir(root), { recursive: true });
  fs.writeFileSync(
    path.join(inputsDir(root), `${environment}.json`),
    `${JSON.stringify([...new Set(files)].sort(), null, 1)}\n`,
  );
}

/**
 * Whether a build is missing or older than what it is made of: a recorded input file, a folder
 * holding one (a file added, removed or renamed changes the folder's time), or a file that
 * configures the build. A build that recorded no inputs is rebuilt once.
 */
export function isStale(root, builtFile, environments, configFiles) {
  const built = newestMtime(path.join(root, builtFile));
  if (built === 0) return true;
  const inputs = recordedInputs(root, environments);
  if (!inputs) return true;
  const folders = new Set(inputs.map((file) => path.posix.dirname(file)));
  const mtime = (target) => {
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
    configFiles.some((file) => newestMtime(path.join(root, file)) > built)
  );
}

/** Whether build/node/ is missing or older than any source it includes. */
export function isNodeBuildStale(root = projectRoot) {
  return isStale(root, path.relative(root, nodeBuildMain(root)), ["node"], nodeConfigFiles);
}

/** Whether the React Router build is missing or older than any source it is made from. */
export function isAppBuildStale(root = projectRoot) {
  return isStale(root, appBuild.main, appBuild.environments, appBuild.configFiles);
}

/**
 * Bundling moves a module's code to build/node/, so `import.meta.url` would name the bundle, and
 * what a module finds beside itself (config/env.ts the project root, the demo seed its laws/)
 * would be looked for in build/. Each project module's `import.meta.url` is rewritten to its
 * source file's URL, relative to the bundle so the project can still be moved as a whole.
 * (`import.meta.filename` and `dirname` are left alone: they name the running file, which is
 * what the worker-thread launchers need.)
 */
function sourceImportMetaUrl(outdir) {
  // Spelled in parts: this file is itself bundled (server/build.ts imports it), and the whole
  // expression written out here would be rewritten too.
  const expression = ["import", "meta", "url"].join(".");
  return {
    name: "kaimen:source-import-meta-url",
    setup(build) {
      build.onLoad({ filter: /\.[jt]sx?$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = await fs.promises.readFile(args.path, "utf8");
        if (!text.includes(expression)) return undefined;
        const relative = path.relative(outdir, args.path).split(path.sep).join("/");
        return {
          contents: text.replaceAll(
            expression,
            `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
          ),
          loader: /** @type {"ts" | "tsx" | "js" | "jsx"} */ (path.extname(args.path).slice(1)),
        };
      });
    },
  };
}

/**
 * Packages stay external, so Node's own ESM resolution loads them at run time, and it wants a
 * file's extension where a package has no `exports` map (`@node-rs/jieba/dict` is found by tsx
 * and by Vite, not by Node). Such a subpath is written with the extension of the file it names,
 * when that spelling names the same file; anything else is left as written.
 */
function externalSubpathsWithExtension(root) {
  return {
    name: "kaimen:external-subpaths",
    setup(build) {
      build.onResolve({ filter: /^(?:@[^/.][^/]*\/)?[^/.@][^/]*\/./ }, (args) => {
        const require = createRequire(args.importer || path.join(root, "package.json"));
        let file;
        try {
          file = require.resolve(args.path);
        } catch {
          return undefined;
        }
        const extension = path.extname(file);
        if (!extension || args.path.endsWith(extension)) return { path: args.path, external: true };
        try {
          if (require.resolve(args.path + extension) === file)
            return { path: args.path + extension, external: true };
        } catch {
          // The package's `exports` maps the subpath as written.
        }
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles the Node side to ESM in build/node/: packages stay external (node_modules is loaded as
 * it is), dynamic imports stay separate chunks (the command table loads a command only when it
 * runs, so `kaimen --help` loads almost nothing), source maps point stacks at the .ts files.
 * The bundle is written to a folder of its own beside build/node, then put in its place, so a
 * command starting meanwhile never finds half a build, and two builds at once (two commands run
 * on a stale build) each leave a whole one. The inputs are recorded last: an interrupted build is
 * found stale.
 */
export async function buildNode(root = projectRoot) {
  const { build } = await import("esbuild");
  const outdir = nodeBuildDir(root);
  const next = `${outdir}.${process.pid}.next`;
  const old = `${outdir}.${process.pid}.old`;
  fs.rmSync(next, { recursive: true, force: true });
  let result;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(
        Object.entries(nodeEntries).map(([name, file]) => [name, path.join(root, file)]),
      ),
      outdir: next,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20.19",
      packages: "external",
      sourcemap: "linked",
      // The maps name the .ts files, which are in the checkout; copying their text in would only
      // make each map (read when the process starts) bigger.
      sourcesContent: false,
      entryNames: "[name]",
      chunkNames: "chunk-[hash]",
      metafile: true,
      logLevel: "warning",
      // build/node.<pid>.next is as deep as build/node: the paths it computes hold for both.
      plugins: [sourceImportMetaUrl(outdir), externalSubpathsWithExtension(root)],
    });
  } catch (error) {
    fs.rmSync(next, { recursive: true, force: true });
    throw error;
  }
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  try {
    fs.renameSync(outdir, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  try {
    fs.renameSync(next, outdir);
  } catch {
    // Another build was put in place between the two renames: it is as fresh as this one.
    fs.rmSync(next, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
  recordInputs(
    root,
    "node",
    Object.keys(result.metafile.inputs)
      .filter((file) => !file.includes("node_modules/") && !file.startsWith(".."))
      .map((file) => file.split(path.sep).join("/")),
  );
}

/**
 * Builds build/node/ when it is missing or stale (or always, with force); says so in one line on
 * stderr unless quiet (a caller that says it itself).
 */
export async function ensureNodeBuild({ root = projectRoot, force = false, quiet = false } = {}) {
  if (!force && !isNodeBuildStale(root)) return false;
  if (!quiet)
    process.stderr.write(
      "Building the Node side (build/node is missing or older than the sources)…\n",
    );
  await buildNode(root);
  return true;
}

/**
 * The React Router build, by its own command line. This process's environment is passed on as it
 * is: from npm's lifecycle NODE_ENV is unset and Vite makes the production build. (server/build.ts
 * ensureBuild, which tests call with NODE_ENV=test, insists on production itself.)
 */
function buildApp(root) {
  const require = createRequire(path.join(root, "package.json"));
  const bin = path.join(path.dirname(require.resolve("@react-router/dev/package.json")), "bin.js");
  const result = spawnSync(process.execPath, [bin, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("The app's build failed; see the messages above.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes("--force");
  await ensureNodeBuild({ force, quiet: process.argv.includes("--quiet") });
  if (process.argv.includes("--app") && (force || isAppBuildStale())) {
    process.stderr.write("Building the app (the build is missing or older than the sources)…\n");
    buildApp(projectRoot);
  }
}
