import { parse } from "csv-parse/sync";
import { stringify as stringifyStream, type Options, type Stringifier } from "csv-stringify";
import { stringify } from "csv-stringify/sync";

// Every CSV file Kaimen writes or reads goes through here, over csv-stringify and csv-parse
// (RFC 4180 quoting, done by a library rather than by hand).
//
// Written files open in Excel and WPS as they are: UTF-8 with a byte-order mark (without it
// Excel reads the Chinese as GBK mojibake), CRLF between records, a cell quoted when it holds a
// comma, a quote or any line break. Text cells are guarded against formula injection (OWASP).
//
// Read files are whatever a contact point's spreadsheet program saved: comma- or tab-separated,
// lines ending in CRLF, LF or CR (even mixed), quotes used loosely. Blank lines are kept as
// records of one empty cell, so a caller numbering records counts them as a spreadsheet would.

/** A cell of a written CSV: text, or a number written as it is. */
export type CsvCell = string | number;

/**
 * Guards a spreadsheet cell against formula injection (OWASP): text that starts with = + - @
 * (or a tab or carriage return) is prefixed with an apostrophe, so no spreadsheet evaluates it.
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const written: Options = {
  bom: true,
  record_delimiter: "\r\n",
  // csv-stringify quotes a cell holding the record delimiter (CRLF); a lone LF or CR breaks a
  // line in a spreadsheet too, so it is quoted as well.
  quoted_match: /[\r\n]/,
  cast: { string: guardFormula, number: (n) => String(n) },
};

/** The rows as a CSV file: a byte-order mark, CRLF records, quoted where needed, text guarded. */
export function csvFile(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], written);
}

/**
 * The same file as a stream: write records (arrays of cells) to it, end it, and read the bytes;
 * for files too large to hold (a consultation's 120,000 opinions).
 */
export function csvStream(): Stringifier {
  return stringifyStream(written);
}

/** Raised for CSV text that cannot be read as records (a quote left open at the end). */
export class CsvUnreadable extends Error {
  override name = "CsvUnreadable";
}

/**
 * Parses CSV text into records of cells: comma-separated, or tab-separated when the first line
 * has tabs and no comma. Records may have any number of cells.
 */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|\r|$/));
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  try {
    return parse(text, {
      bom: true,
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    throw new CsvUnreadable(error instanceof Error ? error.message : String(error));
  }
}
