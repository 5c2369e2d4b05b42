// Upload refusals (issue 11, item 2): how long each bomb takes to be refused, and the peak
// memory of this process. Each must be refused (the goal); the times are for information (issue
// 11 brought them from 6.5–58 s to milliseconds). Run: npx tsx bench/uploads.ts; ends with a
// BENCH-FIGURES line (bench/figures.ts).
import { importFile } from "../editor/import/index.ts";
import { parseInWorker, SHEET_LIMITS } from "../services/parse-in-worker.ts";
import { sheetPrecheck } from "../services/sheet-reader.ts";
import { docxBomb, xlsxWithRows } from "../tools/zip-bomb.ts";
import { printFigures, type BenchFigure } from "./figures.ts";

const figures: BenchFigure[] = [];

async function time(name: string, bytes: Uint8Array, run: () => Promise<unknown>) {
  const started = performance.now();
  const outcome = await run().then(
    () => "accepted",
    (error: Error) => `refused (${error.message.slice(0, 60)})`,
  );
  const ms = Math.round(performance.now() - started);
  console.log(`${name}: ${(bytes.length / 1024).toFixed(0)} KB, ${outcome} in ${ms} ms`);
  const refused = outcome.startsWith("refused") ? 1 : 0;
  figures.push(
    { name: `${name}: refused`, value: refused, unit: "yes/no", goal: 1, better: "higher" },
    { name: `${name}: time to answer`, value: ms, unit: "ms", goal: null, better: "lower" },
  );
}

const docx = docxBomb(300 * 1024 * 1024);
await time("docx bomb, 300 MB declared", docx, () => importFile(docx, "bomb.docx"));
const liar = docxBomb(300 * 1024 * 1024, 4096);
await time("docx bomb, 300 MB claiming 4 KB", liar, () => importFile(liar, "liar.docx"));
const rows = xlsxWithRows(100_000);
await time("xlsx of 100,000 rows (request thread)", rows, async () =>
  sheetPrecheck(rows, "a.xlsx"),
);
const xliar = xlsxWithRows(400_000, { declaredRows: 10, declaredSize: 4096 });
await time("xlsx bomb claiming 4 KB (worker)", xliar, () =>
  parseInWorker({ kind: "sheet", bytes: xliar, filename: "a.xlsx" }, SHEET_LIMITS),
);
// The RSS includes building the 300 MB test bombs in this process, not the refusals.
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS: ${Math.round(peakMb)} MB`);
figures.push({
  name: "peak RSS (bombs built here too)",
  value: peakMb,
  unit: "MB",
  goal: null,
  better: "lower",
});
printFigures(figures);
