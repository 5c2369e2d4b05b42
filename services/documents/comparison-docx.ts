import { Document, Paragraph, Table, TableRow, WidthType, type TextRun } from "docx";
import {
  bodyRun,
  headerCell,
  headingRun,
  landscapeA4,
  packDocx,
  tableCell,
  titleParagraph,
} from "../../editor/export/docx-style.ts";
import type { ComparisonRowView } from "../comparison-view.ts";
import { kindNames, type ComparisonDocumentInput } from "./comparison-table.ts";

// The 修改对照表 as committees receive it: a landscape three-column table (原条文 | 修改后条文 |
// 修改说明), deletions struck through in the left column and insertions underlined in the right.

const WIDTH = 33;

function runs(row: ComparisonRowView, side: "old" | "new"): TextRun[] {
  const labels = (side === "old" ? row.oldSide : row.newSide).map((s) => s.label).join("、");
  const out: TextRun[] = labels ? [headingRun(`${labels}\u3000`)] : [];
  for (const op of row.ops) {
    if (op.op === "equal") out.push(bodyRun(op.text));
    else if (op.op === "delete" && side === "old") out.push(bodyRun(op.text, { strike: true }));
    else if (op.op === "insert" && side === "new")
      out.push(bodyRun(op.text, { underline: {}, bold: true }));
  }
  return out;
}

/** Writes the comparison as a .docx three-column table. */
export async function comparisonDocx(input: ComparisonDocumentInput): Promise<Uint8Array> {
  const header = new TableRow({
    tableHeader: true,
    children: [`原条文（${input.fromLabel}）`, `修改后条文（${input.toLabel}）`, "修改说明"].map(
      (text) => headerCell(text, WIDTH),
    ),
  });
  const body = input.rows.map(
    (row) =>
      new TableRow({
        children: [
          tableCell(WIDTH, [new Paragraph({ children: runs(row, "old") })]),
          tableCell(WIDTH, [new Paragraph({ children: runs(row, "new") })]),
          tableCell(WIDTH, [
            new Paragraph({
              children: [bodyRun(`［${kindNames[row.kind]}］`, { color: "666666" })],
            }),
            ...(row.note ? [new Paragraph({ children: [bodyRun(row.note)] })] : []),
          ]),
        ],
      }),
  );
  const document = new Document({
    sections: [
      {
        properties: landscapeA4,
        children: [
          titleParagraph(`${input.title}修改对照表`),
          new Table({ rows: [header, ...body], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return packDocx(document);
}
