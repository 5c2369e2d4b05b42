// A Word file laid out like an official draft (docx-style.ts has the measurements). Each block
// of the layout becomes one Word paragraph, so Word, mammoth and the importer all see one line
// per article, paragraph, item and sub-item, and the file imports back to the same articles.
// Node-only by convention: it is loaded on demand, like the importer's mammoth reader. Every
// text goes through xmlSafe: docx escapes markup but keeps characters XML cannot hold.

import { Document, Footer, PageNumber, Paragraph, TextRun } from "docx";
import type { LegalDocJSON } from "../document-json.ts";
import type { Locale } from "../numbering.ts";
import { documentTitle } from "../provisions.ts";
import { LABEL_RUN, PAGE, STYLE, STYLES, packDocx } from "./docx-style.ts";
import { labelSeparator, labelledLine, layoutDocument } from "./layout.ts";
import type { LayoutBlock } from "./layout.ts";
import { xmlSafe } from "./xml.ts";

/** DOCX options: label language, and a line under the title such as （征求意见稿）. */
export interface DocxOptions {
  locale?: Locale;
  subtitle?: string;
}

/** Official texts space out two-character headings (总\u3000\u3000则) so they sit centred like longer ones. */
function spacedTitle(title: string, locale: Locale): string {
  return locale === "zh" && /^[\u4e00-\u9fff]{2}$/.test(title)
    ? `${title[0]}\u3000\u3000${title[1]}`
    : title;
}

/** A paragraph of one line of text in a style. */
function line(style: string, text: string): Paragraph {
  return new Paragraph({ style, text: xmlSafe(text) });
}

function paragraphOf(block: LayoutBlock, locale: Locale): Paragraph {
  switch (block.kind) {
    case "title":
      return line(STYLE.title, block.text);
    case "note":
      return line(STYLE.note, block.text);
    case "preamble":
      return line(STYLE.body, block.text);
    case "heading":
      return line(
        block.level === "section" ? STYLE.section : STYLE.heading,
        labelledLine({ ...block, title: spacedTitle(block.title, locale) }, locale),
      );
    case "paragraph":
      if (block.label !== "") {
        return new Paragraph({
          style: STYLE.body,
          children: [
            new TextRun({ text: xmlSafe(block.label), ...LABEL_RUN }),
            new TextRun({ text: xmlSafe(labelSeparator(block.kind, locale) + block.text) }),
          ],
        });
      }
      return line(STYLE.body, block.text);
    case "item":
    case "subitem":
      return line(STYLE.body, labelledLine(block, locale));
  }
}

function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.pageNumber,
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"] })],
      }),
    ],
  });
}

/** The document as a .docx file laid out like an official draft. */
export async function exportDocx(
  doc: LegalDocJSON,
  options: DocxOptions = {},
): Promise<Uint8Array> {
  const locale = options.locale ?? "zh";
  const blocks = layoutDocument(doc, locale);
  const children: Paragraph[] = [];
  for (const block of blocks) {
    children.push(paragraphOf(block, locale));
    if (block.kind === "title" && options.subtitle)
      children.push(line(STYLE.subtitle, options.subtitle));
  }
  const file = new Document({
    creator: "Kaimen",
    title: xmlSafe(documentTitle(doc) ?? ""),
    styles: STYLES,
    sections: [
      {
        properties: { page: { size: PAGE.size, margin: PAGE.margin } },
        footers: { default: pageNumberFooter() },
        children,
      },
    ],
  });
  return packDocx(file);
}
