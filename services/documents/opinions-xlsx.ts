import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import { xmlSafe } from "../../editor/export/xml.ts";
import { guardFormula } from "./csv.ts";
import { opinionColumns, type OpinionFileOptions, type OpinionRow } from "./opinion-columns.ts";
import { drained } from "./opinions-csv.ts";

/**
 * A consultation's opinions as an XLSX workbook: a bold frozen header row, set widths, text
 * cells. Written with exceljs's streaming WorkbookWriter, row by row as `pages` yields them and
 * committed at once, with inline strings (no shared-string table to hold), so the file streams
 * in constant memory whatever the count; pages are read no faster than the reader takes bytes.
 */
export function opinionsXlsx(
  pages: AsyncIterable<readonly OpinionRow[]>,
  options: OpinionFileOptions,
): Readable {
  const columns = opinionColumns(options);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Kaimen";
  void (async () => {
    try {
      const sheet = workbook.addWorksheet(options.t("report.export.sheet"), {
        views: [{ state: "frozen", ySplit: 1 }],
      });
      sheet.columns = columns.map((c, i) => ({
        header: options.t(c.header),
        key: `c${i}`,
        width: c.width,
      }));
      const header = sheet.getRow(1);
      header.font = { bold: true };
      header.commit();
      let index = 0;
      for await (const page of pages) {
        for (const o of page) {
          // Strings stay strings (exceljs writes no formula unless given one); guard them
          // anyway, so a copy saved as CSV from Excel stays harmless.
          const values = columns.map((c) => {
            const v = c.value(o, index);
            return typeof v === "string" ? guardFormula(xmlSafe(v)) : v;
          });
          index += 1;
          const row = sheet.addRow(values);
          row.alignment = { vertical: "top", wrapText: true };
          row.commit();
        }
        if (out.writableNeedDrain) await drained(out);
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
