import type { Channel, DispositionCode, OpinionStatus, RespondentType } from "../../db/codes.ts";
import { maskName } from "../privacy.ts";
import type { DocumentMessageKey, DocumentTranslate } from "./messages.ts";

// A consultation's opinions as a table, the one shape of the CSV and XLSX files (open data, one
// row an opinion). Names are masked as on the site and in the API. The disposition columns are
// filled only when `withOutcome` (the report is public, or a drafter asks); `all` adds each
// opinion's status and provenance, for the drafters' files.

/** One opinion as the files show it (what db reads for an export; see adoption-report.ts). */
export interface OpinionRow {
  provisionLabel: string | null;
  body: string;
  proposed_text: string | null;
  channel: Channel;
  contactPointName: string | null;
  author_name: string | null;
  author_region: string | null;
  respondent_type: RespondentType;
  headcount: number;
  supports: number;
  received_on: string | null;
  created_at: Date | string;
  code: DispositionCode | null;
  reason: string | null;
  status: OpinionStatus;
  counted: boolean;
  provenance: string | null;
}

/** How the opinion files are written: language, time zone, and which columns they carry. */
export interface OpinionFileOptions {
  t: DocumentTranslate;
  timeZone: string;
  withOutcome: boolean;
  all: boolean;
}

// One formatter per time zone: making one costs more than formatting, and a file of 120,000
// opinions formats a time for each.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A time as "YYYY-MM-DD HH:mm" in the deployment's time zone. */
export function localTime(value: Date | string, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(value)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** One column: its header's catalogue key, its width in a spreadsheet, and its cell. */
export interface OpinionColumn {
  header: DocumentMessageKey;
  width: number;
  value: (o: OpinionRow, index: number) => string | number;
}

/** The columns of the opinion files, in order. */
export function opinionColumns(options: OpinionFileOptions): OpinionColumn[] {
  const { t } = options;
  const out: OpinionColumn[] = [
    { header: "report.export.no", width: 6, value: (_, i) => i + 1 },
    {
      header: "report.export.provision",
      width: 12,
      value: (o) => o.provisionLabel ?? t("report.wholeDraft"),
    },
    { header: "report.export.body", width: 60, value: (o) => o.body },
    { header: "report.export.proposed", width: 40, value: (o) => o.proposed_text ?? "" },
    { header: "report.export.channel", width: 14, value: (o) => t(`channel.${o.channel}`) },
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
      value: (o) => t(`respondent.${o.respondent_type}`),
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
        value: (o) => (o.code ? t(`disposition.${o.code}`) : t("report.pending")),
      },
      { header: "report.export.reason", width: 40, value: (o) => (o.code ? (o.reason ?? "") : "") },
    );
  if (options.all)
    out.push(
      {
        header: "report.export.status",
        width: 16,
        value: (o) =>
          t(`report.export.status.${o.status}`) +
          (o.status === "published" && !o.counted ? t("report.export.notCounted") : ""),
      },
      { header: "report.export.provenance", width: 20, value: (o) => o.provenance ?? "" },
    );
  return out;
}
