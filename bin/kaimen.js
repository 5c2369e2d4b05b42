#!/usr/bin/env node
// The command line runs compiled JavaScript (build/node/, bundled from the TypeScript sources by
// bin/build.js): no TypeScript is compiled in a running process. `npm ci` builds it (the
// `prepare` script); when it is missing or older than any source it includes, it is built here
// first, with one line on stderr, so `npx kaimen …` still works right after a checkout.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureNodeBuild, nodeBuildDir, nodeBuildMain } from "./build.js";

// Stacks name the .ts files and lines, through build/node's source maps.
process.setSourceMapsEnabled(true);
await ensureNodeBuild();
// `kaimen import FILE --json | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
// React picks its development or production build from NODE_ENV when it is first loaded
// (server/production-mode.ts says why production is the default). A bundle evaluates its
// packages' imports before its own code, so the default is set by a module of its own, loaded
// and run before main.js can load React.
await import(pathToFileURL(path.join(nodeBuildDir(), "production-mode.js")).href);
const { main } = await import(pathToFileURL(nodeBuildMain()).href);
process.exitCode = await main(process.argv.slice(2));
