import { Readable } from "node:stream";
import { csvStream, type CsvCell } from "./csv.ts";
import { drained } from "./opinions-csv.ts";

// The audit log as CSV (the administrator's download of /admin/audit's current filter). The
// columns' headers and cells come from the route, which holds the catalogue; this writes them
// page by page as `pages` yields them, in constant memory however long the log, waiting while
// the reader is slow. Text cells are guarded against formula injection by csvStream.

// One formatter per time zone: making one costs more than formatting, and a long log formats a
// time per entry.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A time as "YYYY-MM-DD HH:mm:ss" in the deployment's time zone (the page shows the same). */
export function auditTime(value: Date | string, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(value)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The entries of `pages` as a CSV stream: the header, then one record per entry. */
export function auditCsv<T>(
  pages: AsyncIterable<readonly T[]>,
  header: readonly string[],
  cells: (entry: T) => CsvCell[],
): Readable {
  const out = csvStream();
  void (async () => {
    try {
      out.write(header);
      for await (const page of pages) {
        for (const entry of page) out.write(cells(entry));
        if (out.writableNeedDrain) await drained(out);
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
