import path from "node:path";
import { Worker } from "node:worker_threads";
import type { CompareResult } from "../editor/compare/compare.ts";
import type { ProvisionRow } from "../editor/provisions.ts";

/** Compares provision lists somewhere else than the calling thread. */
export type CompareInWorker = (
  oldRows: ProvisionRow[],
  newRows: ProvisionRow[],
) => Promise<CompareResult>;

/**
 * One worker thread for comparisons, started on first use and restarted if it dies. Its file is
 * the one beside this module's running file (`import.meta.dirname`; the Node build rewrites
 * `import.meta.url` to the source's): in the Node build (build/node/) the compiled
 * compare-worker.js; from the sources (tests), server/compare-worker.js, which registers tsx.
 */
export function createComparePool(): { compare: CompareInWorker; close(): Promise<void> } {
  const file = path.join(import.meta.dirname, "compare-worker.js");
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve(result: CompareResult): void; reject(error: Error): void }
  >();

  const start = () => {
    // A worker does not share the launcher's process.setSourceMapsEnabled: its stacks name the
    // .ts files only when asked again.
    const created = new Worker(file, {
      execArgv: process.sourceMapsEnabled
        ? [...process.execArgv, "--enable-source-maps"]
        : process.execArgv,
    });
    created.on("message", (message: { id: number; result?: CompareResult; error?: string }) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result!);
    });
    created.on("error", (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      worker = undefined;
    });
    created.unref();
    return created;
  };

  return {
    compare(oldRows, newRows) {
      worker ??= start();
      const id = nextId++;
      return new Promise<CompareResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, oldRows, newRows });
      });
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
