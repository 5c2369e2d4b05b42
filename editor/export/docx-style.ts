// The one look of every Word file Kaimen writes, kept as plain data and small builders so it
// can be read (and changed) in one place (docs/decisions/0008-generated-documents.md).
//
// A reading (docx.node.ts) is laid out like an official Chinese draft, after the national
// standard for official documents (GB/T 9704): A4 with 37/35/28/26 mm margins, the title in
// 2号 小标宋 (22 pt), headings in 3号 黑体, the body in 3号 仿宋 (16 pt) on a fixed 28 pt line
// with a two-character first-line indent, and page numbers "— 1 —" in 4号 宋体.
//
// The tables the legislature's offices exchange (修改对照表, 意见汇总表, a contact point's report;
// services/documents/) use the same faces on landscape A4: the title in 小标宋, headers in 黑体,
// cells in 仿宋 at 12 pt. Every builder drops the characters XML cannot hold (xmlSafe), so stored
// text of any age cannot make the file unreadable, and every file carries the same font table.

import {
  AlignmentType,
  LineRuleType,
  PageOrientation,
  Packer,
  Paragraph,
  TableCell,
  TextRun,
  WidthType,
} from "docx";
import type {
  Document,
  IParagraphStyleOptions,
  IRunStylePropertiesOptions,
  ISectionPropertiesOptions,
  IStylesOptions,
} from "docx";
import { xmlSafe } from "./xml.ts";

/** Font names as Word stores them; each East Asian face falls back through the font table. */
export const FONTS = {
  title: "方正小标宋简体",
  heading: "黑体",
  headingLatin: "SimHei",
  body: "仿宋_GB2312",
  bodyLatin: "FangSong",
  note: "楷体_GB2312",
  pageNumber: "宋体",
} as const;

/** Sizes in half-points, as Word counts them. */
const SIZE = { title: 44, body: 32, pageNumber: 28 } as const;
/** The fixed line pitch of the body, in twips (28 pt). */
const LINE = 560;

/** A4 in twips, with the standard's margins (37 mm top, 35 bottom, 28 left, 26 right). */
export const PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: 2098, bottom: 1984, left: 1588, right: 1474, header: 851, footer: 1134 },
} as const;

/** Paragraph style ids used by the DOCX export. */
export const STYLE = {
  title: "KaimenTitle",
  subtitle: "KaimenSubtitle",
  note: "KaimenNote",
  heading: "KaimenHeading",
  section: "KaimenSection",
  body: "KaimenBody",
  pageNumber: "KaimenPageNumber",
} as const;

function fonts(eastAsia: string, latin: string = eastAsia): IRunStylePropertiesOptions["font"] {
  return { ascii: latin, hAnsi: latin, cs: latin, eastAsia, hint: "eastAsia" };
}

/** The run properties of an article label (第一条): bold, in 黑体 as the published laws print it. */
export const LABEL_RUN = { bold: true, font: fonts(FONTS.heading, FONTS.headingLatin) } as const;

const exact = (before = 0, after = 0) => ({
  line: LINE,
  lineRule: LineRuleType.EXACT,
  before,
  after,
});

function style(
  id: string,
  name: string,
  paragraph: IParagraphStyleOptions["paragraph"],
  run: IRunStylePropertiesOptions,
): IParagraphStyleOptions {
  return { id, name, basedOn: "Normal", next: STYLE.body, quickFormat: true, paragraph, run };
}

/** The styles part: document defaults (仿宋 16 pt, zh-CN) and one paragraph style per block kind. */
export const STYLES: IStylesOptions = {
  default: {
    document: {
      run: {
        font: fonts(FONTS.body, FONTS.bodyLatin),
        size: SIZE.body,
        language: { value: "zh-CN", eastAsia: "zh-CN" },
      },
      paragraph: { spacing: exact() },
    },
  },
  paragraphStyles: [
    style(
      STYLE.title,
      "Kaimen Title",
      {
        alignment: AlignmentType.CENTER,
        spacing: { line: 720, lineRule: LineRuleType.EXACT, after: LINE },
        outlineLevel: 0,
      },
      { font: fonts(FONTS.title), size: SIZE.title },
    ),
    style(
      STYLE.subtitle,
      "Kaimen Subtitle",
      { alignment: AlignmentType.CENTER, spacing: exact(0, LINE) },
      { font: fonts(FONTS.note, "KaiTi"), size: SIZE.body },
    ),
    style(
      STYLE.note,
      "Kaimen Note",
      { alignment: AlignmentType.CENTER, spacing: exact() },
      { font: fonts(FONTS.note, "KaiTi"), size: SIZE.body },
    ),
    style(
      STYLE.heading,
      "Kaimen Heading",
      {
        alignment: AlignmentType.CENTER,
        spacing: exact(LINE, LINE),
        keepNext: true,
        outlineLevel: 1,
      },
      { font: fonts(FONTS.heading, FONTS.headingLatin), size: SIZE.body },
    ),
    style(
      STYLE.section,
      "Kaimen Section",
      { alignment: AlignmentType.CENTER, spacing: exact(0, 0), keepNext: true, outlineLevel: 2 },
      { font: fonts(FONTS.heading, FONTS.headingLatin), size: SIZE.body },
    ),
    style(
      STYLE.body,
      "Kaimen Body",
      {
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: 640, firstLineChars: 200 },
        spacing: exact(),
      },
      {},
    ),
    style(
      STYLE.pageNumber,
      "Kaimen Page Number",
      { alignment: AlignmentType.CENTER, spacing: { line: 240, lineRule: LineRuleType.AUTO } },
      { font: fonts(FONTS.pageNumber, "SimSun"), size: SIZE.pageNumber },
    ),
  ],
};

// Word has no per-run fallback list; a font missing on the reader's machine is looked up by the
// alternative names its font-table entry gives (ECMA-376 §17.8.3.1). docx writes no entries for
// fonts it does not embed, so the export supplies the table itself.
const FONT_TABLE: readonly { name: string; altName: string; family: string; pitch: string }[] = [
  { name: FONTS.title, altName: "SimHei,黑体", family: "script", pitch: "variable" },
  { name: FONTS.heading, altName: "SimHei", family: "modern", pitch: "fixed" },
  { name: FONTS.body, altName: "FangSong,仿宋", family: "modern", pitch: "fixed" },
  { name: FONTS.bodyLatin, altName: "仿宋", family: "modern", pitch: "fixed" },
  { name: FONTS.note, altName: "KaiTi,楷体", family: "modern", pitch: "fixed" },
  { name: FONTS.pageNumber, altName: "SimSun", family: "auto", pitch: "variable" },
];

/** The word/fontTable.xml part, declaring each font with its fallbacks and the GB2312 charset. */
export function fontTableXml(): string {
  const entries = FONT_TABLE.map(
    (font) =>
      `<w:font w:name="${font.name}"><w:altName w:val="${font.altName}"/><w:charset w:val="86"/>` +
      `<w:family w:val="${font.family}"/><w:pitch w:val="${font.pitch}"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries.join("") +
    "</w:fonts>"
  );
}

/** A Word document as bytes, with the font table that names each face's fallbacks. */
export async function packDocx(file: Document): Promise<Uint8Array> {
  const bytes = await Packer.toArrayBuffer(file, false, [
    { path: "word/fontTable.xml", data: fontTableXml() },
  ]);
  return new Uint8Array(bytes);
}

// ---- Tables: 修改对照表, 意见汇总表 ----

/** The run fonts of a table document: body text, headers and labels, and the title. */
export const TABLE_FONTS = {
  body: fonts(FONTS.body, FONTS.bodyLatin),
  heading: fonts(FONTS.heading, FONTS.headingLatin),
  title: fonts(FONTS.title),
} as const;

/** 12 pt, in half-points: a table, smaller than the body text of a draft. */
export const TABLE_SIZE = 24;
/** The title of a table document: 18 pt. */
const TABLE_TITLE_SIZE = 36;

/** Landscape A4 (portrait size given; docx swaps it for the orientation). */
export const landscapeA4: ISectionPropertiesOptions = {
  page: { size: { ...PAGE.size, orientation: PageOrientation.LANDSCAPE } },
};

/** A run of table body text (仿宋, 12 pt), with any further run options (strike, underline…). */
export function bodyRun(
  text: string,
  options: { bold?: boolean; strike?: boolean; underline?: object; color?: string } = {},
): TextRun {
  return new TextRun({ text: xmlSafe(text), size: TABLE_SIZE, font: TABLE_FONTS.body, ...options });
}

/** A bold run in 黑体, as headers and provision labels print. */
export function headingRun(text: string): TextRun {
  return new TextRun({
    text: xmlSafe(text),
    bold: true,
    size: TABLE_SIZE,
    font: TABLE_FONTS.heading,
  });
}

/** The centred title of a table document, in 小标宋. */
export function titleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [
      new TextRun({
        text: xmlSafe(text),
        bold: true,
        size: TABLE_TITLE_SIZE,
        font: TABLE_FONTS.title,
      }),
    ],
  });
}

/** A centred line under the title, in body text. */
export function subtitleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [bodyRun(text)],
  });
}

/** A left-aligned line of body text (the lines above a table: sender, state, sources). */
export function bodyParagraph(text: string): Paragraph {
  return new Paragraph({ spacing: { after: 120 }, children: [bodyRun(text)] });
}

/** A table cell of the given share of the width, holding the given paragraphs. */
export function tableCell(widthPercent: number, children: Paragraph[]): TableCell {
  return new TableCell({ width: { size: widthPercent, type: WidthType.PERCENTAGE }, children });
}

/** A header cell: bold, centred, 黑体. */
export function headerCell(text: string, widthPercent: number): TableCell {
  return tableCell(widthPercent, [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [headingRun(text)] }),
  ]);
}

/** A body cell: one paragraph per line of text, 仿宋. */
export function textCell(text: string, widthPercent: number): TableCell {
  return tableCell(
    widthPercent,
    text.split("\n").map((line) => new Paragraph({ children: [bodyRun(line)] })),
  );
}
