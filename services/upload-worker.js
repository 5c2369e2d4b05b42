// The upload worker's entry when the services run from their TypeScript sources (the tests):
// it registers tsx, then runs upload-worker.ts. The server and the commands run the Node build,
// whose worker entry is the compiled build/node/upload-worker.js (see parse-in-worker.ts).
import { register } from "tsx/esm/api";

register();
await import("./upload-worker.ts");
