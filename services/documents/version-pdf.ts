import fs from "node:fs";
import PDFDocument from "pdfkit";
import { versionLabelNames } from "../../db/codes.ts";
import type { VersionForExport } from "../../db/queries/versions.ts";
import type { LegalDocJSON } from "../../editor/document-json.ts";
import type { ExportedFile } from "../../editor/export/index.ts";
import { labelSeparator, labelledLine, layoutDocument } from "../../editor/export/layout.ts";
import { documentTitle } from "../../editor/provisions.ts";
import { cjkFont } from "./comparison-pdf.ts";

// A reading as a PDF in the official layout (issue 16): the same blocks as the Word file
// (editor/export/layout.ts, so labels, 之一 articles and references cannot differ), dressed
// after GB/T 9704 as docx-style.ts measures it — A4 with 37/35/28/26 mm margins, the title in
// 22 pt, 章 and 节 headings centred, the body in 16 pt on a 28 pt line with a two-character
// first-line indent, 条 labels bold, page numbers "— 1 —" — and a 目录 of the chapters when the
// text has any, as printed laws carry one. The faces are the Noto CJK fonts, embedded (subset)
// in the file, found as the comparison PDF finds them: KAIMEN_PDF_FONT first, then the system's.
// Serif stands in for 仿宋 and 小标宋, Sans Bold for 黑体.

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const SIZE = { title: 22, body: 16, pageNumber: 14 };
/** The body's fixed line pitch. */
const LINE = 28;

interface Faces {
  body: string;
  title: string;
  heading: string;
  /** Whether the heading face is a real bold one; else labels are drawn with a stroke. */
  headingBold: boolean;
}

/**
 * The faces beside the Chinese font found: its bold cut for the title, the sans bold for
 * headings and labels; a lone font (KAIMEN_PDF_FONT set to one file) serves for all.
 */
function registerFaces(doc: PDFKit.PDFDocument, preferred: string | undefined): Faces {
  const regular = cjkFont(preferred);
  doc.registerFont("body", regular.path, regular.family);
  const existing = (path: string) => (path !== regular.path && fs.existsSync(path) ? path : null);
  // Only the Noto collections (a family named) have known siblings; a lone file has none.
  const serifBold = regular.family?.includes("Serif")
    ? existing(regular.path.replace("Regular", "Bold"))
    : null;
  const sansBold = regular.family
    ? existing(regular.path.replace("Serif", "Sans").replace("Regular", "Bold"))
    : null;
  if (serifBold) doc.registerFont("title", serifBold, "NotoSerifCJKsc-Bold");
  if (sansBold) doc.registerFont("heading", sansBold, "NotoSansCJKsc-Bold");
  return {
    body: "body",
    title: serifBold ? "title" : "body",
    heading: sansBold ? "heading" : serifBold ? "title" : "body",
    headingBold: !!(sansBold || serifBold),
  };
}

/** Official texts space out two-character headings (总　　则) so they sit centred like longer ones. */
function spaced(title: string): string {
  return /^[\u4e00-\u9fff]{2}$/.test(title) ? `${title[0]}\u3000\u3000${title[1]}` : title;
}

/** Lays a document out as an official-looking PDF; `subtitle` goes under the title. */
export async function readingPdf(
  document: LegalDocJSON,
  options: {
    subtitle?: string;
    font?: string;
    /** The file's metadata title. */
    title?: string;
    /** The title to print when the document has none of its own. */
    heading?: string;
  } = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGINS,
    bufferPages: true,
    info: { Title: options.title ?? documentTitle(document) ?? "", Creator: "Kaimen" },
  });
  const faces = registerFaces(doc, options.font);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const indent = 2 * SIZE.body;
  // pdfkit adds lineGap to the face's own line height: the gap that makes a 28 pt pitch.
  doc.font(faces.body).fontSize(SIZE.body);
  const lineGap = Math.max(0, LINE - doc.currentLineHeight(true));
  // A blank line, except at the top of a page, where it would only push the heading down.
  const blank = () => {
    if (doc.y > MARGINS.top + 1) doc.moveDown(LINE / (doc.currentLineHeight(true) + lineGap));
  };

  const centred = (face: string, size: number, text: string) => {
    doc.font(face).fontSize(size).text(text, MARGINS.left, doc.y, {
      width,
      align: "center",
      lineGap,
    });
  };
  const body = (text: string, label = "", separator = "") => {
    doc.fontSize(SIZE.body);
    if (label === "") {
      doc.font(faces.body).text(text, MARGINS.left, doc.y, {
        width,
        indent,
        align: "justify",
        lineGap,
      });
      return;
    }
    // The label bold (黑体), the text after it on the same line and wrapping under it. The
    // separator (a full-width space) goes with the label: pdfkit drops a run's leading space.
    doc.font(faces.heading).text(label + separator, MARGINS.left, doc.y, {
      width,
      indent,
      lineGap,
      continued: true,
      ...(faces.headingBold ? {} : { stroke: true, fill: true }),
    });
    doc.font(faces.body).text(text, { width, align: "justify", lineGap, stroke: false });
  };

  const blocks = layoutDocument(document, "zh");
  // A text imported without its title line still prints under the reading's title.
  if (!blocks.some((b) => b.kind === "title") && options.heading)
    blocks.unshift({ kind: "title", text: options.heading });
  const headings = blocks.filter(
    (b): b is Extract<typeof b, { kind: "heading" }> => b.kind === "heading",
  );
  let tocWritten = false;
  const writeToc = () => {
    tocWritten = true;
    if (!headings.some((h) => h.level === "chapter")) return;
    blank();
    centred(faces.heading, SIZE.body, "目\u3000\u3000录");
    for (const heading of headings) {
      const depth = heading.level === "section" ? 2 : 1;
      doc
        .font(faces.body)
        .fontSize(SIZE.body)
        .text(
          labelledLine({ ...heading, title: spaced(heading.title) }, "zh"),
          MARGINS.left + depth * indent,
          doc.y,
          { width: width - depth * indent, lineGap },
        );
    }
    blank();
  };

  for (const block of blocks) {
    switch (block.kind) {
      case "title":
        centred(faces.title, SIZE.title, block.text);
        if (options.subtitle) centred(faces.body, SIZE.body, options.subtitle);
        break;
      case "note":
        centred(faces.body, SIZE.body, block.text);
        break;
      case "preamble":
        if (!tocWritten) writeToc();
        body(block.text);
        break;
      case "heading":
        if (!tocWritten) writeToc();
        // A chapter starts after a blank line; a section follows its chapter closely.
        if (block.level !== "section") blank();
        centred(
          faces.heading,
          SIZE.body,
          labelledLine({ ...block, title: spaced(block.title) }, "zh"),
        );
        if (block.level !== "section") blank();
        break;
      case "paragraph":
        if (!tocWritten) writeToc();
        if (block.label === "") body(block.text);
        else body(block.text, block.label, labelSeparator(block.kind, "zh"));
        break;
      case "item":
      case "subitem":
        body(labelledLine(block, "zh"));
        break;
    }
  }

  // Page numbers last, on every page: "— N —" centred 7 mm under the text block (GB/T 9704).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(faces.body)
      .fontSize(SIZE.pageNumber)
      .text(`— ${i + 1} —`, MARGINS.left, doc.page.height - bottom + 7 * MM, {
        width,
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A stored version as a PDF, with the name to save it under (like versionFile's other
 * formats). Without a Chinese font the PDF cannot be made: a ServiceError (503) that says to
 * install fonts-noto-cjk or set KAIMEN_PDF_FONT.
 */
export async function versionPdf(
  version: VersionForExport,
  options: { font?: string } = {},
): Promise<ExportedFile & { filename: string }> {
  const labelName = versionLabelNames[version.label];
  const bytes = await readingPdf(version.document, {
    font: options.font,
    title: `${version.title}（${labelName}）`,
    heading: version.title,
    subtitle:
      version.label === "promulgated" || version.label === "current_law"
        ? undefined
        : `（${labelName}）`,
  });
  return {
    bytes,
    mediaType: "application/pdf",
    extension: "pdf",
    filename: `${version.title}-${labelName}.pdf`,
  };
}
