// Parses one upload off the request thread (started by parse-in-worker.ts, one worker a task,
// with memory and time limits). Whatever an upload does to this thread, the server's own
// event loop keeps answering, and the worker is simply terminated.
import { parentPort, workerData } from "node:worker_threads";
import type { LegalDocJSON } from "../editor/document-json.ts";
import { alignProvisions, summarize, type CompareSummary } from "../editor/compare/align.ts";
import { importFile } from "../editor/import/index.ts";
import { ImportError } from "../editor/import/errors.ts";
import { inheritPidsByAlignment } from "../editor/lineage.ts";
import { deriveProvisions } from "../editor/provisions.ts";
import { ZipRefused } from "../editor/import/zip-guard.node.ts";
import { sameReading } from "./reading-checks.ts";
import { readSheetRows, SheetError } from "./sheet-reader.ts";
import type { UploadTask, WorkerAnswer } from "./parse-in-worker.ts";

const port = parentPort!;
const send = (answer: WorkerAnswer) => port.postMessage(answer);

async function run(task: UploadTask): Promise<unknown> {
  switch (task.kind) {
    case "sheet":
      return readSheetRows(task.bytes, task.filename);
    case "reading": {
      send({ progress: "parsing" });
      const parsed = await importFile(task.bytes, task.filename);
      const articles = deriveProvisions(parsed.doc).filter((r) => r.kind === "article").length;
      if (articles > task.maxArticles)
        throw new ImportError(
          "too_large",
          `${articles} articles, more than the ${task.maxArticles} a reading may have`,
        );
      let doc: LegalDocJSON = parsed.doc;
      const chapters = deriveProvisions(parsed.doc).filter((r) => r.kind === "chapter").length;
      // What the drafter confirms before anything is published (services/reading-imports.ts):
      // the comparison's summary against the latest reading, and whether the text is that
      // reading's own, both from the alignment the pids are inherited by.
      let comparison: {
        summary: CompareSummary;
        previousArticles: number;
        previousChapters: number;
        identical: boolean;
      } | null = null;
      if (task.previous && articles > 0) {
        send({ progress: "aligning" });
        const previousRows = deriveProvisions(task.previous);
        let summary = summarize([]);
        // The new reading's articles take the pids of the articles the comparison pairs them with.
        doc = inheritPidsByAlignment(parsed.doc, task.previous, (a, b) => {
          const rows = alignProvisions(a, b);
          summary = summarize(rows);
          return rows;
        });
        comparison = {
          summary,
          previousArticles: previousRows.filter((r) => r.kind === "article").length,
          previousChapters: previousRows.filter((r) => r.kind === "chapter").length,
          identical: sameReading(parsed.doc, task.previous),
        };
      }
      return { doc, unplaced: parsed.unplaced, articles, chapters, comparison };
    }
  }
}

try {
  send({ result: await run(workerData as UploadTask) });
} catch (error) {
  if (error instanceof SheetError)
    send({ error: { type: "sheet", code: error.messageKey, status: error.status } });
  else if (error instanceof ImportError)
    send({ error: { type: "import", code: error.code, message: error.message } });
  else if (error instanceof ZipRefused)
    send({ error: { type: "import", code: "too_large", message: error.message } });
  else send({ error: { type: "other", message: (error as Error).message } });
}
