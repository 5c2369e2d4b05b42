// The comparison worker's entry when the server runs from its TypeScript sources (the tests):
// it registers tsx, then runs compare-worker.ts. The server and the commands run the Node build,
// whose worker entry is the compiled build/node/compare-worker.js (see compare-pool.ts).
import { register } from "tsx/esm/api";

register();
await import("./compare-worker.ts");
