import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { LegalDocJSON } from "../editor/document-json.ts";

// Uploads are parsed in a worker thread, one per task, never on the request thread: a zip
// bomb that slips past the directory checks, or a text that makes the parser work for
// minutes, then costs one worker, which is terminated when it passes its memory limit
// (resourceLimits) or its time limit. Two run at once at most; more wait their turn, so a
// burst of uploads cannot take all the memory either.

/** What a worker is asked to parse. */
export type UploadTask =
  | { kind: "sheet"; bytes: Uint8Array; filename: string }
  | {
      kind: "reading";
      bytes: Uint8Array;
      filename: string;
      /** The bill's latest reading, whose pids the new one inherits. */
      previous: LegalDocJSON | null;
      maxArticles: number;
    };

/** A message from the worker: a stage reached, the result, or why it failed. */
export type WorkerAnswer =
  | { progress: string }
  | { result: unknown }
  | {
      error:
        | { type: "sheet"; code: string; status: number }
        | { type: "import"; code: "unsupported_format" | "too_large"; message: string }
        | { type: "other"; message: string };
    };

/** A task the worker could not finish; `reason` names why. */
export class WorkerFailed extends Error {
  override name = "WorkerFailed";
  constructor(
    readonly reason: "timeout" | "memory" | "crashed" | "refused",
    message: string,
    /** For "refused": what the task reported (a catalogue key or an import error's code). */
    readonly detail?: Extract<WorkerAnswer, { error: unknown }>["error"],
  ) {
    super(message);
  }
}

export interface WorkerLimits {
  timeoutMs: number;
  /** The worker's V8 heap; a bomb that needs more kills only the worker. */
  memoryMb: number;
}

export const SHEET_LIMITS: WorkerLimits = { timeoutMs: 20_000, memoryMb: 256 };
export const READING_LIMITS: WorkerLimits = { timeoutMs: 60_000, memoryMb: 384 };

const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

// The worker's file is the one beside this module's running file: from the Node build
// (build/node/) the compiled upload-worker.js; from the sources (tests run TypeScript),
// services/upload-worker.js, which registers tsx first. From the React Router server bundle
// (build/server/assets/) it is the Node build's, found from the project root. The running file
// is `import.meta.dirname`: the Node build rewrites `import.meta.url` to the source's.
let entry: string | undefined;
function workerEntry(): string {
  if (entry) return entry;
  const beside = path.join(import.meta.dirname, "upload-worker.js");
  if (fs.existsSync(beside)) return (entry = beside);
  let dir = import.meta.dirname;
  for (let up = 0; up < 5; up++) {
    const candidate = path.join(dir, "build", "node", "upload-worker.js");
    if (fs.existsSync(candidate)) return (entry = candidate);
    dir = path.dirname(dir);
  }
  throw new Error("build/node/upload-worker.js not found (run `node bin/build.js`)");
}

/** This process's flags, with source maps on in the worker when they are on here. */
function workerExecArgv(): string[] {
  return process.sourceMapsEnabled
    ? [...process.execArgv, "--enable-source-maps"]
    : process.execArgv;
}

/** How many upload workers exist right now (for tests and metrics). */
export function uploadWorkersRunning(): number {
  return running;
}

/**
 * Runs one task in a fresh worker with the given limits. Resolves with its result; rejects
 * with WorkerFailed (refused, timeout, memory, crashed). `onProgress` hears the stages.
 */
export async function parseInWorker<T>(
  task: UploadTask,
  limits: WorkerLimits,
  onProgress?: (stage: string) => void,
): Promise<T> {
  const release = await slot();
  try {
    return await new Promise<T>((resolve, reject) => {
      const worker = new Worker(workerEntry(), {
        workerData: task,
        // A worker does not share the launcher's process.setSourceMapsEnabled: its stacks name
        // the .ts files only when asked again.
        execArgv: workerExecArgv(),
        resourceLimits: {
          maxOldGenerationSizeMb: limits.memoryMb,
          maxYoungGenerationSizeMb: 32,
          stackSizeMb: 4,
        },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        // The worker's job is done either way; terminating frees its heap at once.
        void worker.terminate();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(new WorkerFailed("timeout", `parsing took longer than ${limits.timeoutMs} ms`)),
          ),
        limits.timeoutMs,
      );
      worker.on("message", (message: WorkerAnswer) => {
        if ("progress" in message) onProgress?.(message.progress);
        else if ("result" in message) settle(() => resolve(message.result as T));
        else
          settle(() =>
            reject(
              new WorkerFailed(
                "refused",
                message.error.type === "sheet" ? message.error.code : message.error.message,
                message.error,
              ),
            ),
          );
      });
      worker.on("error", (error: NodeJS.ErrnoException) =>
        settle(() =>
          reject(
            new WorkerFailed(
              error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crashed",
              error.message,
            ),
          ),
        ),
      );
      worker.on("exit", (code) =>
        settle(() => reject(new WorkerFailed("crashed", `the worker exited with code ${code}`))),
      );
    });
  } finally {
    release();
  }
}
