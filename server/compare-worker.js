// The worker thread's entry: like bin/kaimen.js, it registers tsx and runs the TypeScript source.
import { register } from "tsx/esm/api";

register();
await import("./compare-worker.ts");
