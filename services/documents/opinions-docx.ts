import { Document, Table, TableRow, WidthType } from "docx";
import {
  headerCell,
  landscapeA4,
  packDocx,
  subtitleParagraph,
  textCell,
  titleParagraph,
} from "../../editor/export/docx-style.ts";
import { xmlSafe } from "../../editor/export/xml.ts";
import { maskName } from "../privacy.ts";
import type { DocumentMessageKey } from "./messages.ts";
import type { OpinionFileOptions, OpinionRow } from "./opinion-columns.ts";

// The 意见汇总表 of a consultation: landscape A4, one row an opinion (序号, 条文, 意见内容,
// 建议修改为, 来源/渠道, 处理情况, 理由), its source in one cell (channel, contact point or masked
// author, headcount, and for the drafters the provenance).

const HEADERS: DocumentMessageKey[] = [
  "report.export.no",
  "report.export.provision",
  "report.export.body",
  "report.export.proposed",
  "report.export.source",
  "report.export.disposition",
  "report.export.reason",
];
const WIDTHS = [5, 9, 30, 18, 14, 9, 15];

/** The opinion summary 意见汇总表 as a .docx table. */
export async function opinionsSummaryDocx(
  rows: OpinionRow[],
  input: { billTitle: string; subtitle: string },
  options: OpinionFileOptions,
): Promise<Uint8Array> {
  const { t } = options;
  const header = new TableRow({
    tableHeader: true,
    children: HEADERS.map((key, i) => headerCell(t(key), WIDTHS[i]!)),
  });
  const body = rows.map((o, i) => {
    const source = [
      t(`channel.${o.channel}`),
      o.contactPointName ??
        [maskName(o.author_name), o.author_region, t(`respondent.${o.respondent_type}`)]
          .filter(Boolean)
          .join(" · "),
      o.headcount > 1 ? t("report.people.count", { count: o.headcount }) : "",
      options.all && o.provenance ? o.provenance : "",
    ]
      .filter(Boolean)
      .join("\n");
    const outcome = options.withOutcome
      ? o.code
        ? t(`disposition.${o.code}`)
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
    return new TableRow({ children: cells.map((text, j) => textCell(text, WIDTHS[j]!)) });
  });
  const title = t("report.export.title", { bill: input.billTitle });
  const document = new Document({
    creator: "Kaimen",
    title: xmlSafe(title),
    sections: [
      {
        properties: landscapeA4,
        children: [
          titleParagraph(title),
          subtitleParagraph(input.subtitle),
          new Table({ rows: [header, ...body], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return packDocx(document);
}
