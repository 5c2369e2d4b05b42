import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { xmlSafe } from "../editor/export/xml.ts";
import type { ComparisonRowView } from "./comparison-view.ts";
import { rowTexts } from "./comparison-view.ts";

// The 修改对照表 as committees receive it: a landscape three-column table (原条文 | 修改后条文 |
// 修改说明), deletions struck through in the left column and insertions underlined in the right.
// Stored text goes through xmlSafe: a character XML cannot hold would make the file unreadable.

/** The Chinese names of the comparison row kinds, as the tables print them. */
export const kindNames: Record<string, string> = {
  unchanged: "未修改",
  modified: "修改",
  added: "新增",
  deleted: "删除",
  moved: "移动",
  split: "拆分",
  merged: "合并",
};

const BODY = { font: "FangSong", eastAsia: "仿宋_GB2312" };
const size = 24; // 12 pt: a table, smaller than the body text of a draft

function runs(row: ComparisonRowView, side: "old" | "new"): TextRun[] {
  const labels = xmlSafe(
    (side === "old" ? row.oldSide : row.newSide).map((s) => s.label).join("、"),
  );
  const out: TextRun[] = labels
    ? [
        new TextRun({
          text: `${labels}　`,
          bold: true,
          size,
          font: { name: "SimHei", eastAsia: "黑体" },
        }),
      ]
    : [];
  for (const op of row.ops) {
    if (op.op === "equal")
      out.push(
        new TextRun({
          text: xmlSafe(op.text),
          size,
          font: { name: BODY.font, eastAsia: BODY.eastAsia },
        }),
      );
    else if (op.op === "delete" && side === "old")
      out.push(
        new TextRun({
          text: xmlSafe(op.text),
          size,
          strike: true,
          font: { name: BODY.font, eastAsia: BODY.eastAsia },
        }),
      );
    else if (op.op === "insert" && side === "new")
      out.push(
        new TextRun({
          text: xmlSafe(op.text),
          size,
          underline: {},
          bold: true,
          font: { name: BODY.font, eastAsia: BODY.eastAsia },
        }),
      );
  }
  return out;
}

function cell(children: Paragraph[]): TableCell {
  return new TableCell({ children, width: { size: 33, type: WidthType.PERCENTAGE } });
}

/** Writes the comparison as a .docx three-column table. */
export async function comparisonDocx(input: {
  title: string;
  fromLabel: string;
  toLabel: string;
  rows: ComparisonRowView[];
}): Promise<Uint8Array> {
  const header = new TableRow({
    tableHeader: true,
    children: [`原条文（${input.fromLabel}）`, `修改后条文（${input.toLabel}）`, "修改说明"].map(
      (text) =>
        cell([
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                text: xmlSafe(text),
                bold: true,
                size,
                font: { name: "SimHei", eastAsia: "黑体" },
              }),
            ],
          }),
        ]),
    ),
  });
  const body = input.rows.map(
    (row) =>
      new TableRow({
        children: [
          cell([new Paragraph({ children: runs(row, "old") })]),
          cell([new Paragraph({ children: runs(row, "new") })]),
          cell([
            new Paragraph({
              children: [
                new TextRun({
                  text: `［${kindNames[row.kind] ?? row.kind}］`,
                  size,
                  color: "666666",
                }),
              ],
            }),
            ...(row.note
              ? [
                  new Paragraph({
                    children: [
                      new TextRun({
                        text: xmlSafe(row.note),
                        size,
                        font: { name: BODY.font, eastAsia: BODY.eastAsia },
                      }),
                    ],
                  }),
                ]
              : []),
          ]),
        ],
      }),
  );
  const document = new Document({
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [
              new TextRun({
                text: xmlSafe(`${input.title}修改对照表`),
                bold: true,
                size: 36,
                font: { name: "SimHei", eastAsia: "方正小标宋简体" },
              }),
            ],
          }),
          new Table({ rows: [header, ...body], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes the comparison rows as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese). */
export function comparisonCsv(rows: ComparisonRowView[]): string {
  const lines = [
    ["类型", "原条文序号", "修改后条文序号", "条序变化", "原条文", "修改后条文", "修改说明"].join(
      ",",
    ),
  ];
  for (const row of rows) {
    const { before, after } = rowTexts(row);
    lines.push(
      [
        kindNames[row.kind] ?? row.kind,
        row.old.join("、"),
        row.new.join("、"),
        row.renumbered ? "是" : "否",
        before,
        after,
        row.note,
      ]
        .map((v) => csvField(String(v)))
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
