import { Document, Packer, Table, TableRow, WidthType } from "docx";
import ExcelJS from "exceljs";
import { xmlSafe } from "../../editor/export/xml.ts";
import type { ExportOpinion } from "../../services/adoption-report.ts";
import {
  headerCell,
  landscapeA4,
  subtitleParagraph,
  textCell,
  titleParagraph,
} from "../../services/docx-style.ts";
import type { Translate } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/zh-CN.ts";
import { maskName } from "./forms.ts";

// A consultation's opinions as files: CSV and XLSX (open data, one row an opinion) and the
// opinion summary 意见汇总表 as DOCX. Names are masked as on the site and in the API. The
// disposition columns are filled only when `withOutcome` (the report is public, or a drafter
// asks); `all` adds each opinion's status and provenance, for the drafters' files.

export interface ExportOptions {
  t: Translate;
  timeZone: string;
  withOutcome: boolean;
  all: boolean;
}

/** A time as "YYYY-MM-DD HH:mm" in the deployment's time zone. */
function localTime(value: Date | string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(value))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

interface Column {
  header: MessageKey;
  width: number;
  value: (o: ExportOpinion, index: number) => string | number;
}

function columns(options: ExportOptions): Column[] {
  const { t } = options;
  const label = (key: string) => t(key as MessageKey);
  const out: Column[] = [
    { header: "report.export.no", width: 6, value: (_, i) => i + 1 },
    {
      header: "report.export.provision",
      width: 12,
      value: (o) => o.provisionLabel ?? t("report.wholeDraft"),
    },
    { header: "report.export.body", width: 60, value: (o) => o.body },
    { header: "report.export.proposed", width: 40, value: (o) => o.proposed_text ?? "" },
    { header: "report.export.channel", width: 14, value: (o) => label(`channel.${o.channel}`) },
    { header: "report.export.contactPoint", width: 20, value: (o) => o.contactPointName ?? "" },
    {
      header: "report.export.author",
      width: 10,
      value: (o) => (o.contactPointName && !o.author_name ? "" : maskName(o.author_name)),
    },
    { header: "report.export.region", width: 10, value: (o) => o.author_region ?? "" },
    {
      header: "report.export.respondent",
      width: 12,
      value: (o) => label(`respondent.${o.respondent_type}`),
    },
    { header: "report.export.headcount", width: 8, value: (o) => o.headcount },
    { header: "report.export.supports", width: 8, value: (o) => o.supports },
    {
      header: "report.export.time",
      width: 18,
      value: (o) => o.received_on ?? localTime(o.created_at, options.timeZone),
    },
  ];
  if (options.withOutcome)
    out.push(
      {
        header: "report.export.disposition",
        width: 14,
        value: (o) => (o.code ? label(`disposition.${o.code}`) : t("report.pending")),
      },
      { header: "report.export.reason", width: 40, value: (o) => (o.code ? (o.reason ?? "") : "") },
    );
  if (options.all)
    out.push(
      {
        header: "report.export.status",
        width: 16,
        value: (o) =>
          label(`report.export.status.${o.status}`) +
          (o.status === "published" && !o.counted ? t("report.export.notCounted") : ""),
      },
      { header: "report.export.provenance", width: 20, value: (o) => o.provenance ?? "" },
    );
  return out;
}

/**
 * Guards a spreadsheet cell against formula injection (OWASP): text that starts with = + - @
 * (or a tab or carriage return) is prefixed with an apostrophe, so no spreadsheet evaluates it.
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string | number): string {
  if (typeof value === "number") return String(value);
  const guarded = guardFormula(value);
  return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** The opinions as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF lines. */
export function opinionsCsv(rows: ExportOpinion[], options: ExportOptions): string {
  const cols = columns(options);
  const lines = [cols.map((c) => csvField(options.t(c.header))).join(",")];
  rows.forEach((o, i) => lines.push(cols.map((c) => csvField(c.value(o, i))).join(",")));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The opinions as an XLSX workbook: a bold frozen header row, set column widths, text cells. */
export async function opinionsXlsx(rows: ExportOpinion[], options: ExportOptions) {
  const cols = columns(options);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kaimen";
  const sheet = workbook.addWorksheet(options.t("report.export.sheet"), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = cols.map((c, i) => ({
    header: options.t(c.header),
    key: `c${i}`,
    width: c.width,
  }));
  sheet.getRow(1).font = { bold: true };
  rows.forEach((o, i) => {
    // Strings stay strings (exceljs writes no formula unless given one); guard them anyway, so
    // a copy saved as CSV from Excel stays harmless.
    const values = cols.map((c) => {
      const v = c.value(o, i);
      return typeof v === "string" ? guardFormula(xmlSafe(v)) : v;
    });
    const row = sheet.addRow(values);
    row.alignment = { vertical: "top", wrapText: true };
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The 意见汇总表: landscape A4, one row an opinion (序号, 条文, 意见内容, 建议修改为, 来源/渠道, 处理情况, 理由). */
export async function summaryDocx(
  rows: ExportOpinion[],
  input: { billTitle: string; subtitle: string },
  options: ExportOptions,
): Promise<Uint8Array> {
  const { t } = options;
  const label = (key: string) => t(key as MessageKey);
  const widths = [5, 9, 30, 18, 14, 9, 15];
  const header = new TableRow({
    tableHeader: true,
    children: (
      [
        "report.export.no",
        "report.export.provision",
        "report.export.body",
        "report.export.proposed",
        "report.export.source",
        "report.export.disposition",
        "report.export.reason",
      ] as const
    ).map((key, i) => headerCell(t(key), widths[i]!)),
  });
  const body = rows.map((o, i) => {
    const source = [
      label(`channel.${o.channel}`),
      o.contactPointName ??
        [maskName(o.author_name), o.author_region, label(`respondent.${o.respondent_type}`)]
          .filter(Boolean)
          .join(" · "),
      o.headcount > 1 ? t("report.people.count", { count: o.headcount }) : "",
      options.all && o.provenance ? o.provenance : "",
    ]
      .filter(Boolean)
      .join("\n");
    const outcome = options.withOutcome
      ? o.code
        ? label(`disposition.${o.code}`)
        : t("report.pending")
      : "";
    const cells = [
      String(i + 1),
      o.provisionLabel ?? t("report.wholeDraft"),
      o.body,
      o.proposed_text ?? "",
      source,
      outcome,
      options.withOutcome && o.code ? (o.reason ?? "") : "",
    ];
    return new TableRow({ children: cells.map((text, j) => textCell(text, widths[j]!)) });
  });
  const document = new Document({
    creator: "Kaimen",
    title: xmlSafe(t("report.export.title", { bill: input.billTitle })),
    sections: [
      {
        properties: landscapeA4,
        children: [
          titleParagraph(t("report.export.title", { bill: input.billTitle })),
          subtitleParagraph(input.subtitle),
          new Table({ rows: [header, ...body], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
