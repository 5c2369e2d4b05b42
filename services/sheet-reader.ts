import ExcelJS from "exceljs";
import { decodeText } from "../editor/import/decode.ts";
import { CsvUnreadable, parseCsv } from "./documents/csv.ts";
import {
  checkZip,
  inflateEntry,
  inflateHead,
  looksLikeZip,
  readCentralDirectory,
  ZipRefused,
  type ZipEntry,
  type ZipLimits,
} from "../editor/import/zip-guard.node.ts";

// Reading the contact points' opinion spreadsheet (XLSX or CSV) safely. An XLSX is a zip:
// exceljs unpacks it whole and builds every cell in memory, so a 1 MB bomb blocked the server
// for 32 s and a 100,000-row sheet took 6.5 s to be refused. Here the cheap checks come
// first, on the request thread (sheetPrecheck: the zip's directory and each sheet's declared
// <dimension>), and the reading itself (readSheetRows) runs in a worker with memory and time
// limits (services/parse-in-worker.ts), after the real unpacked sizes and row counts are
// checked without exceljs.

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 2000;

/** A 2 MB spreadsheet of 2,000 opinions unpacks to a few MB; these leave ample room. */
export const XLSX_LIMITS: ZipLimits = {
  maxEntries: 200,
  maxEntryBytes: 24 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  maxRatio: 100,
};

/** A refusal of the spreadsheet: a catalogue key and the HTTP status. */
export class SheetError extends Error {
  override name = "SheetError";
  constructor(
    readonly messageKey: string,
    readonly status = 400,
  ) {
    super(messageKey);
  }
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;

function zipRefusal(error: unknown): never {
  if (error instanceof ZipRefused)
    throw error.reason === "malformed"
      ? new SheetError("cp.import.unreadable", 400)
      : new SheetError("upload.bomb", 413);
  throw error;
}

/** The last row a worksheet declares in <dimension ref="A1:E100001"/>, or null. */
export function declaredRows(head: string): number | null {
  const match = /<(?:\w+:)?dimension\s+ref="[A-Z]*(\d*)(?::[A-Z]*(\d+))?"/.exec(head);
  if (!match) return null;
  const last = Number(match[2] ?? match[1]);
  return Number.isFinite(last) && last > 0 ? last : null;
}

/**
 * The request thread's checks, a few milliseconds at most: file size, the zip's directory
 * (entries, declared sizes, ratios) and each worksheet's declared dimension. Refuses with a
 * SheetError; answers the zip's entries (or null for a CSV).
 */
export function sheetPrecheck(bytes: Uint8Array, filename: string): ZipEntry[] | null {
  if (bytes.length > IMPORT_MAX_BYTES) throw new SheetError("cp.import.tooLarge", 413);
  if (!looksLikeZip(bytes) && !/\.xlsx$/i.test(filename)) return null;
  let entries: ZipEntry[];
  try {
    entries = readCentralDirectory(bytes, XLSX_LIMITS.maxEntries);
  } catch (error) {
    zipRefusal(error);
  }
  // The declared dimension first (its head is at most a few KB unpacked), so a sheet of too
  // many rows is told so, even when it is also packed like a bomb.
  for (const entry of entries) {
    if (!WORKSHEET.test(entry.name)) continue;
    const rows = declaredRows(inflateHead(bytes, entry));
    // The header row comes on top of the opinions.
    if (rows !== null && rows > IMPORT_MAX_ROWS + 1)
      throw new SheetError("cp.import.tooManyRows", 413);
  }
  try {
    checkZip(bytes, XLSX_LIMITS);
  } catch (error) {
    zipRefusal(error);
  }
  return entries;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value);
}

function countRows(xml: string): number {
  let rows = 0;
  for (let at = xml.indexOf("<row"); at !== -1; at = xml.indexOf("<row", at + 4)) {
    const next = xml[at + 4];
    if (next === " " || next === ">" || next === "/") rows++;
  }
  return rows;
}

/**
 * Reads the rows of an uploaded XLSX or CSV file (each row its row number and five cells).
 * Meant for a worker: it unpacks the sheets once (bounded by their declared sizes) to count
 * their rows before exceljs builds anything.
 */
export async function readSheetRows(
  bytes: Uint8Array,
  filename: string,
): Promise<{ line: number; cells: string[] }[]> {
  const entries = sheetPrecheck(bytes, filename);
  const rows: { line: number; cells: string[] }[] = [];
  if (entries) {
    try {
      for (const entry of entries) {
        const unpacked = inflateEntry(bytes, entry);
        if (
          WORKSHEET.test(entry.name) &&
          countRows(unpacked.toString("utf8")) > IMPORT_MAX_ROWS + 1
        )
          throw new SheetError("cp.import.tooManyRows", 413);
      }
    } catch (error) {
      if (error instanceof SheetError) throw error;
      zipRefusal(error);
    }
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(bytes) as never);
    } catch {
      throw new SheetError("cp.import.unreadable", 400);
    }
    const sheet = wb.getWorksheet("意见") ?? wb.worksheets[0];
    if (!sheet) throw new SheetError("cp.import.unreadable", 400);
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells = [1, 2, 3, 4, 5].map((c) => cellText(row.getCell(c).value).trim());
      rows.push({ line, cells });
    });
  } else {
    if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe))
      throw new SheetError("cp.import.unreadable", 400);
    let parsed: string[][];
    try {
      parsed = parseCsv(decodeText(bytes));
    } catch (error) {
      if (error instanceof CsvUnreadable) throw new SheetError("cp.import.unreadable", 400);
      throw error;
    }
    if (parsed.length > IMPORT_MAX_ROWS * 4) throw new SheetError("cp.import.tooManyRows", 413);
    parsed.forEach((cells, i) =>
      rows.push({ line: i + 1, cells: [0, 1, 2, 3, 4].map((c) => (cells[c] ?? "").trim()) }),
    );
  }
  const data = rows.filter((r) => r.cells.some((c) => c !== ""));
  if (data[0] && /条文|意见/.test(data[0].cells[0]! + data[0].cells[1]!)) data.shift();
  if (data.length > IMPORT_MAX_ROWS) throw new SheetError("cp.import.tooManyRows", 413);
  return data;
}
