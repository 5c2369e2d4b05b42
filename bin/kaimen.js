#!/usr/bin/env node
// Node 20 cannot run TypeScript by itself: this launcher registers tsx, then runs the CLI source.
// No build step is needed, so `npx kaimen …` works right after `npm ci`.
import { register } from "tsx/esm/api";

register();
// `kaimen import FILE --json | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
