import { opinionColumns, type OpinionFileOptions, type OpinionRow } from "./opinion-columns.ts";
import { csvFile } from "./csv.ts";

/** A consultation's opinions as CSV, one row an opinion under a header of the columns' names. */
export function opinionsCsv(rows: OpinionRow[], options: OpinionFileOptions): string {
  const columns = opinionColumns(options);
  return csvFile([
    columns.map((c) => options.t(c.header)),
    ...rows.map((o, i) => columns.map((c) => c.value(o, i))),
  ]);
}
