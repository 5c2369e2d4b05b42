// The look of an official Chinese draft, after the national standard for official documents
// (GB/T 9704): A4 with 37/35/28/26 mm margins, the title in 2号 小标宋 (22 pt), headings in
// 3号 黑体, the body in 3号 仿宋 (16 pt) on a fixed 28 pt line with a two-character first-line
// indent, and page numbers "— 1 —" in 4号 宋体. Kept as plain data so the layout can be read
// (and changed) in one place.

import { AlignmentType, LineRuleType } from "docx";
import type { IParagraphStyleOptions, IRunStylePropertiesOptions, IStylesOptions } from "docx";

/** Font names as Word stores them; each East Asian face falls back through the font table. */
export const FONTS = {
  title: "方正小标宋简体",
  heading: "黑体",
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
export const LABEL_RUN = { bold: true, font: fonts(FONTS.heading, "SimHei") } as const;

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
      { font: fonts(FONTS.heading, "SimHei"), size: SIZE.body },
    ),
    style(
      STYLE.section,
      "Kaimen Section",
      { alignment: AlignmentType.CENTER, spacing: exact(0, 0), keepNext: true, outlineLevel: 2 },
      { font: fonts(FONTS.heading, "SimHei"), size: SIZE.body },
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
