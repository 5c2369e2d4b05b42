import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { deriveProvisions } from "../provisions.ts";
import { toImportJson } from "./contract.ts";
import { importFile, ImportError } from "./index.ts";

async function makeDocx(
  lines: { text: string; heading?: boolean; bold?: string }[],
): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: lines.map(
          (line) =>
            new Paragraph({
              ...(line.heading ? { heading: HeadingLevel.HEADING_1 } : {}),
              // A bold label in its own run, as drafters type it, must read as one line.
              children: line.bold
                ? [new TextRun({ text: line.bold, bold: true }), new TextRun(line.text)]
                : [new TextRun(line.text)],
            }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

describe("importing a .docx", () => {
  it("reads title, chapter, articles and items from a Word file", async () => {
    const bytes = await makeDocx([
      { text: "某某市养犬管理条例", heading: true },
      { text: "第一章　总　　则", heading: true },
      { bold: "第一条　", text: "为了规范养犬行为，保障公民健康和人身安全，制定本条例。" },
      { bold: "第二条　", text: "养犬人应当遵守下列规定：" },
      { text: "（一）携犬出户时，束犬链并由成年人牵领；" },
      { text: "（二）携犬乘坐电梯的，避开高峰时间。" },
      { text: "违反前款规定的，由公安机关给予警告。" },
    ]);
    const result = await importFile(bytes, "养犬管理条例.DOCX");
    const json = toImportJson(result);

    expect(json.title).toBe("某某市养犬管理条例");
    expect(json.chapters).toEqual([{ number: 1, title: "总则", sections: [] }]);
    expect(json.articles.map((a) => [a.number, a.label, a.chapter])).toEqual([
      [1, "第一条", 1],
      [2, "第二条", 1],
    ]);
    expect(json.articles[1]!.text).toBe(
      "养犬人应当遵守下列规定：\n（一）携犬出户时，束犬链并由成年人牵领；\n（二）携犬乘坐电梯的，避开高峰时间。\n违反前款规定的，由公安机关给予警告。",
    );
    expect(json.unplaced).toEqual([]);
    const kinds = deriveProvisions(result.doc).map((row) => `${row.kind}:${row.label}`);
    expect(kinds).toEqual([
      "chapter:第一章",
      "article:第一条",
      "paragraph:",
      "article:第二条",
      "paragraph:",
      "item:（一）",
      "item:（二）",
      "paragraph:",
    ]);
  });

  it("refuses a PDF and an old .doc with a message saying what to do", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n...");
    await expect(importFile(pdf, "draft.pdf")).rejects.toThrow(ImportError);
    await expect(importFile(pdf, "draft.pdf")).rejects.toThrow(/copy its text/);
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(importFile(doc, "draft.doc")).rejects.toThrow(/save it as \.docx/);
  });
});
