import ExcelJS from "exceljs";
import type { RespondentType, SurveyResponseChannel } from "../../db/codes.ts";
import type { ResponseForExport, ResultQuestion } from "../../db/queries/survey-results.ts";
import { xmlSafe } from "../../editor/export/xml.ts";
import { csvFile, guardFormula, type CsvCell } from "./csv.ts";
import { localTime } from "./opinion-columns.ts";

// A survey's responses as a spreadsheet (CSV or XLSX) for its drafters: one row per counted
// response, the provenance of paper responses (contact point, 来源说明, date received, who
// entered it, by display name: nobody's account e-mail is in the file), then one column per
// question. Text cells are guarded against formula injection in both formats (csv.ts).

/** The catalogue keys the survey files use; the route passes its own `t`. */
export type SurveyFileMessageKey =
  | `respondent.${RespondentType}`
  | `surveyResults.channel.${SurveyResponseChannel}`
  | "surveyResults.export.sheet"
  | "surveyResults.export.no"
  | "surveyResults.export.receipt"
  | "surveyResults.export.time"
  | "surveyResults.export.channel"
  | "surveyResults.export.contactPoint"
  | "surveyResults.export.provenance"
  | "surveyResults.export.receivedOn"
  | "surveyResults.export.recordedBy"
  | "surveyResults.export.respondent"
  | "surveyResults.export.region"
  | "surveyResults.export.question"
  | "surveyResults.optionSeparator";

export type SurveyFileTranslate = (
  key: SurveyFileMessageKey,
  params?: Record<string, string | number>,
) => string;

export interface SurveyFileOptions {
  t: SurveyFileTranslate;
  timeZone: string;
}

/** The header row: the response's columns, then "1. prompt（第十条）" per question. */
function header(questions: ResultQuestion[], { t }: SurveyFileOptions): string[] {
  return [
    t("surveyResults.export.no"),
    t("surveyResults.export.receipt"),
    t("surveyResults.export.time"),
    t("surveyResults.export.channel"),
    t("surveyResults.export.contactPoint"),
    t("surveyResults.export.provenance"),
    t("surveyResults.export.receivedOn"),
    t("surveyResults.export.recordedBy"),
    t("surveyResults.export.respondent"),
    t("surveyResults.export.region"),
    ...questions.map((q, i) =>
      t("surveyResults.export.question", {
        number: i + 1,
        prompt: q.provisionLabel ? `${q.prompt}（${q.provisionLabel}）` : q.prompt,
      }),
    ),
  ];
}

/** One response's cells, in the header's order; an unanswered question is an empty cell. */
function cells(
  r: ResponseForExport,
  index: number,
  questions: ResultQuestion[],
  { t, timeZone }: SurveyFileOptions,
): CsvCell[] {
  return [
    index + 1,
    r.receipt,
    localTime(r.createdAt, timeZone),
    t(`surveyResults.channel.${r.channel}`),
    r.contactPoint ?? "",
    r.provenance ?? "",
    r.receivedOn ?? "",
    r.recordedBy ?? "",
    t(`respondent.${r.respondentType}`),
    r.region ?? "",
    ...questions.map((q): CsvCell => {
      const a = r.answers.get(q.id);
      if (!a) return "";
      if (a.scale !== null) return a.scale;
      if (a.text !== null) return a.text;
      return (a.optionIds ?? [])
        .map((id) => q.options.find((o) => o.id === id)?.label ?? id)
        .join(t("surveyResults.optionSeparator"));
    }),
  ];
}

/** Every page of responses as rows of cells, numbered across pages. */
async function rowsOf(
  pages: AsyncIterable<ResponseForExport[]>,
  questions: ResultQuestion[],
  options: SurveyFileOptions,
): Promise<CsvCell[][]> {
  const rows: CsvCell[][] = [];
  for await (const page of pages)
    for (const r of page) rows.push(cells(r, rows.length, questions, options));
  return rows;
}

/** The responses as a CSV file (BOM, CRLF, formulas guarded: csv.ts). */
export async function surveyResponsesCsv(
  pages: AsyncIterable<ResponseForExport[]>,
  questions: ResultQuestion[],
  options: SurveyFileOptions,
): Promise<string> {
  return csvFile([header(questions, options), ...(await rowsOf(pages, questions, options))]);
}

/**
 * The responses as an XLSX workbook: a bold frozen header row and wrapped text. Built whole: a
 * survey's responses number in the thousands, not the hundred thousands of a consultation.
 */
export async function surveyResponsesXlsx(
  pages: AsyncIterable<ResponseForExport[]>,
  questions: ResultQuestion[],
  options: SurveyFileOptions,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kaimen";
  const sheet = workbook.addWorksheet(options.t("surveyResults.export.sheet"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const head = header(questions, options);
  sheet.columns = head.map((h, i) => ({
    header: guardFormula(xmlSafe(h)),
    key: `c${i}`,
    width: i === 0 ? 6 : i < 10 ? 16 : 28,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of await rowsOf(pages, questions, options)) {
    // exceljs writes no formula unless given one; guarded anyway, so a copy saved as CSV from
    // Excel stays harmless.
    const added = sheet.addRow(
      row.map((v) => (typeof v === "string" ? guardFormula(xmlSafe(v)) : v)),
    );
    added.alignment = { vertical: "top", wrapText: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
