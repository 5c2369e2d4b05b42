import { Document, Paragraph, TextRun } from "docx";
import { PAGE, STYLE, STYLES, packDocx } from "../../editor/export/docx-style.ts";
import { xmlSafe } from "../../editor/export/xml.ts";

// The amendment decision (关于修改《…》的决定) laid out as an official document, like a reading
// (editor/export/docx.node.ts, GB/T 9704): the title centred in 小标宋, every other line a body
// paragraph in 仿宋 with a two-character indent — the preamble, each item 一、二、…, the quoted
// articles' further paragraphs, and the closing lines. The text is the drafter's own (edited
// after generation), so its lines are taken as they are; the first non-empty line is the title.

/** Writes a decision's text as a .docx. */
export async function decisionDocx(text: string): Promise<Uint8Array> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((line) => line !== "");
  const [title = "", ...body] = lines;
  const document = new Document({
    styles: STYLES,
    sections: [
      {
        properties: { page: { size: PAGE.size, margin: PAGE.margin } },
        children: [
          new Paragraph({ style: STYLE.title, children: [new TextRun(xmlSafe(title))] }),
          ...body.map(
            (line) => new Paragraph({ style: STYLE.body, children: [new TextRun(xmlSafe(line))] }),
          ),
        ],
      },
    ],
  });
  return packDocx(document);
}
