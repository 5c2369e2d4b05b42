import ExcelJS from "exceljs";
import { xmlSafe } from "../../editor/export/xml.ts";
import { guardFormula } from "./csv.ts";
import { opinionColumns, type OpinionFileOptions, type OpinionRow } from "./opinion-columns.ts";

/** A consultation's opinions as an XLSX workbook: a bold frozen header row, set widths, text cells. */
export async function opinionsXlsx(
  rows: OpinionRow[],
  options: OpinionFileOptions,
): Promise<Uint8Array> {
  const columns = opinionColumns(options);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kaimen";
  const sheet = workbook.addWorksheet(options.t("report.export.sheet"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = columns.map((c, i) => ({
    header: options.t(c.header),
    key: `c${i}`,
    width: c.width,
  }));
  sheet.getRow(1).font = { bold: true };
  rows.forEach((o, i) => {
    // Strings stay strings (exceljs writes no formula unless given one); guard them anyway, so
    // a copy saved as CSV from Excel stays harmless.
    const values = columns.map((c) => {
      const v = c.value(o, i);
      return typeof v === "string" ? guardFormula(xmlSafe(v)) : v;
    });
    const row = sheet.addRow(values);
    row.alignment = { vertical: "top", wrapText: true };
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
