// Runs comparisons off the server's request thread: aligning and diffing two 1,260-article texts
// takes hundreds of milliseconds of CPU, which would stall every other request.
import { parentPort } from "node:worker_threads";
import { compareRows } from "../editor/compare/compare.ts";
import { jiebaSegmenter } from "../editor/compare/segment-jieba.node.ts";
import type { ProvisionRow } from "../editor/provisions.ts";

const segment = jiebaSegmenter();

parentPort!.on(
  "message",
  (message: { id: number; oldRows: ProvisionRow[]; newRows: ProvisionRow[] }) => {
    try {
      parentPort!.postMessage({
        id: message.id,
        result: compareRows(message.oldRows, message.newRows, segment),
      });
    } catch (error) {
      parentPort!.postMessage({ id: message.id, error: (error as Error).message });
    }
  },
);
