import type { Channel, DispositionCode, OpinionStatus, RespondentType } from "../../db/codes.ts";

// The documents are written in the reader's language, but services cannot import the catalogue
// (app/i18n). So they name the catalogue keys they use here, and take the route's translate
// function: app's `t` accepts every MessageKey, so it type-checks as a DocumentTranslate only
// while each key below is in the catalogue — a key missing there is a compile error at the call.

/** The catalogue keys the generated documents use. */
export type DocumentMessageKey =
  | `channel.${Channel}`
  | `respondent.${RespondentType}`
  | `disposition.${DispositionCode}`
  | `report.export.status.${OpinionStatus}`
  | "report.wholeDraft"
  | "report.pending"
  | "report.people.count"
  | "report.region.unknown"
  | "report.region.others"
  | "report.export.title"
  | "report.export.sheet"
  | "report.export.no"
  | "report.export.provision"
  | "report.export.body"
  | "report.export.proposed"
  | "report.export.source"
  | "report.export.channel"
  | "report.export.contactPoint"
  | "report.export.author"
  | "report.export.region"
  | "report.export.respondent"
  | "report.export.headcount"
  | "report.export.supports"
  | "report.export.time"
  | "report.export.disposition"
  | "report.export.reason"
  | "report.export.status"
  | "report.export.provenance"
  | "report.export.notCounted"
  | "report.chart.item"
  | "report.chart.separator"
  | "report.chart.none"
  | "report.chart.breakdownSummary"
  | "report.chart.emptySummary"
  | "report.chart.heatmap.title"
  | "report.chart.heatmap.summary"
  | "report.chart.perDay.title"
  | "report.chart.perDay.summary"
  | "report.chart.channel.title"
  | "report.chart.region.title"
  | "report.chart.respondent.title"
  | "report.chart.disposition.title";

/** A translate function over the documents' keys (the route passes its own `t`). */
export type DocumentTranslate = (
  key: DocumentMessageKey,
  params?: Record<string, string | number>,
) => string;
