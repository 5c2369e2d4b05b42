import {
  AlignmentType,
  PageOrientation,
  Paragraph,
  TableCell,
  TextRun,
  WidthType,
  type ISectionPropertiesOptions,
} from "docx";
import { xmlSafe } from "../editor/export/xml.ts";

// The look of the tables the legislature's offices exchange (修改对照表, 意见汇总表): a title in
// 小标宋, headers in 黑体, body text in 仿宋 at 12 pt, on landscape A4. The same fonts as
// comparison-export.ts. Every helper drops the characters XML cannot hold (xmlSafe), so stored
// text of any age cannot make the file unreadable.

const BODY = { name: "FangSong", eastAsia: "仿宋_GB2312" };
const HEADING = { name: "SimHei", eastAsia: "黑体" };
const TITLE = { name: "SimHei", eastAsia: "方正小标宋简体" };
/** 12 pt, in half-points: a table, smaller than the body text of a draft. */
export const TABLE_SIZE = 24;

/** Landscape A4 (portrait size given; docx swaps it for the orientation). */
export const landscapeA4: ISectionPropertiesOptions = {
  page: { size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE } },
};

/** The centred title of a table document. */
export function titleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text: xmlSafe(text), bold: true, size: 36, font: TITLE })],
  });
}

/** A line under the title, in body text. */
export function subtitleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text: xmlSafe(text), size: TABLE_SIZE, font: BODY })],
  });
}

/** A header cell: bold, centred, 黑体. */
export function headerCell(text: string, widthPercent: number): TableCell {
  return new TableCell({
    width: { size: widthPercent, type: WidthType.PERCENTAGE },
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ text: xmlSafe(text), bold: true, size: TABLE_SIZE, font: HEADING }),
        ],
      }),
    ],
  });
}

/** A body cell: one paragraph per line of text, 仿宋. */
export function textCell(text: string, widthPercent: number): TableCell {
  const lines = xmlSafe(text).split("\n");
  return new TableCell({
    width: { size: widthPercent, type: WidthType.PERCENTAGE },
    children: lines.map(
      (line) =>
        new Paragraph({ children: [new TextRun({ text: line, size: TABLE_SIZE, font: BODY })] }),
    ),
  });
}

/** A left-aligned line of body text, 仿宋 (the lines above a table: sender, state, sources). */
export function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    spacing: { after: 120 },
    children: [new TextRun({ text: xmlSafe(text), size: TABLE_SIZE, font: BODY })],
  });
}
