import { Document, Table, TableRow, WidthType } from "docx";
import {
  bodyParagraph,
  headerCell,
  landscapeA4,
  packDocx,
  textCell,
  titleParagraph,
} from "../../editor/export/docx-style.ts";

// The 意见汇总表 a contact point sends to the drafters (its submission): a landscape table, one
// row an opinion (条文 | 意见 | 建议修改为 | 来源活动 | 人数), with the drafters' handling once
// recorded.

/** One opinion of a submission, as its row in the table. */
export interface SubmissionRow {
  target: string;
  body: string;
  proposed: string;
  activity: string;
  headcount: number;
  handling?: string;
}

/** Writes a contact point's submission as a .docx 意见汇总表. */
export async function submissionDocx(input: {
  billTitle: string;
  pointName: string;
  statusLine: string;
  activities: string[];
  rows: SubmissionRow[];
}): Promise<Uint8Array> {
  const withHandling = input.rows.some((r) => r.handling);
  const widths = withHandling ? [5, 11, 28, 20, 14, 6, 16] : [5, 12, 34, 24, 17, 8];
  const headers = ["序号", "条文", "意见", "建议修改为", "来源活动", "人数"];
  if (withHandling) headers.push("处理情况");
  const header = new TableRow({
    tableHeader: true,
    children: headers.map((h, i) => headerCell(h, widths[i]!)),
  });
  const rows = input.rows.map(
    (r, n) =>
      new TableRow({
        children: [
          String(n + 1),
          r.target,
          r.body,
          r.proposed,
          r.activity,
          String(r.headcount),
          ...(withHandling ? [r.handling ?? ""] : []),
        ].map((text, i) => textCell(text, widths[i]!)),
      }),
  );
  const document = new Document({
    sections: [
      {
        properties: landscapeA4,
        children: [
          titleParagraph(`${input.billTitle}意见汇总表`),
          bodyParagraph(`报送单位：${input.pointName}`),
          bodyParagraph(input.statusLine),
          ...input.activities.map((a) => bodyParagraph(a)),
          new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return packDocx(document);
}
