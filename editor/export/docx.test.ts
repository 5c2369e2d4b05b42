// The DOCX export is read back the way a drafter's Word file is (mammoth, then the project's
// importer) and must give the same articles; its XML is opened to check the official layout:
// fonts, sizes, bold labels, A4 page and the "— 1 —" footer.

import { inflateRawSync } from "node:zlib";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { importFile } from "../import/index.ts";
import { deriveProvisions } from "../provisions.ts";
import { exportDocx } from "./docx.node.ts";
import {
  comparableImport,
  comparableRows,
  frontMatter,
  lawBytes,
  lawFiles,
  sampleRegulation,
} from "./test-support.ts";

/** The files of a zip archive by name (stored or deflated entries, as .docx files use). */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip archive");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map<string, string>();
  for (let entry = 0; entry < count; entry++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("bad central directory");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    files.set(name, new TextDecoder().decode(data));
    at += 46 + skip;
  }
  return files;
}

async function rawText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

describe("exportDocx read back through mammoth and the importer", () => {
  for (const file of lawFiles()) {
    it(`${file}: the Word file imports to the same articles, chapters and front matter`, async () => {
      const original = await importFile(lawBytes(file), file);
      const back = await importFile(await exportDocx(original.doc), "export.docx");
      expect(back.unplaced).toEqual([]);
      expect(comparableImport(back)).toEqual(comparableImport(original));
      expect(comparableRows(back.doc)).toEqual(comparableRows(original.doc));
      expect(frontMatter(back.doc)).toEqual(frontMatter(original.doc));
    });
  }
});

describe("exportDocx layout", async () => {
  const { doc } = sampleRegulation();
  const bytes = await exportDocx(doc, { subtitle: "（征求意见稿）" });
  const files = unzip(bytes);
  const document = files.get("word/document.xml")!;
  const styles = files.get("word/styles.xml")!;
  const paragraphs = [...document.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => m[1]!);
  const styleOf = (xml: string) => /<w:pStyle w:val="([^"]+)"\/>/.exec(xml)?.[1];
  const textOfXml = (xml: string) =>
    [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
  const styleXml = (id: string) =>
    new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? "";

  it("is a Word file whose text reads as the official layout", async () => {
    expect(bytes.subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const lines = (await rawText(bytes)).split("\n").filter((line) => line !== "");
    expect(lines.slice(0, 5)).toEqual([
      "示例市公众参与立法条例",
      "（征求意见稿）",
      "（2024年12月1日示例市第十六届人民代表大会常务委员会第五次会议通过）",
      "第一章　总　　则",
      "第一条　为了规范示例活动，保障公众参与立法，制定本条例。",
    ]);
    expect(lines).toContain(
      "第四条　违反本条例第三条、第二条第二款或者第三条第二项规定的，依法处理。",
    );
    expect(lines).toContain("1.设立申请；");
  });

  it("sets the title in 方正小标宋简体 22 pt centred, falling back to SimHei", () => {
    expect(styleOf(paragraphs[0]!)).toBe("KaimenTitle");
    const title = styleXml("KaimenTitle");
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(files.get("word/fontTable.xml")).toMatch(
      /<w:font w:name="方正小标宋简体"><w:altName w:val="SimHei[^"]*"\/>/,
    );
  });

  it("sets headings in 黑体 16 pt centred and the body in 仿宋 16 pt, 28 pt lines, 2-character indent", () => {
    const heading = styleXml("KaimenHeading");
    expect(heading).toContain('w:eastAsia="黑体"');
    expect(heading).toContain('<w:sz w:val="32"/>');
    expect(heading).toContain('<w:jc w:val="center"/>');
    expect(paragraphs.filter((p) => styleOf(p) === "KaimenHeading").map(textOfXml)).toEqual([
      "第一章　总　　则",
      "第二章　管理与监督",
      "第三章　附　　则",
    ]);
    expect(styles).toMatch(
      /<w:rPrDefault><w:rPr><w:rFonts w:ascii="FangSong"[^>]*w:eastAsia="仿宋_GB2312"/,
    );
    expect(styles).toMatch(/<w:rPrDefault>[\s\S]*<w:sz w:val="32"\/>/);
    expect(styles).toMatch(
      /<w:pPrDefault><w:pPr><w:spacing [^>]*w:line="560" w:lineRule="exact"\/>/,
    );
    expect(styleXml("KaimenBody")).toMatch(/<w:ind [^>]*w:firstLineChars="200"/);
    expect(files.get("word/fontTable.xml")).toMatch(
      /<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong/,
    );
  });

  it("sets every article label, and only the labels, in a bold run", () => {
    const boldRuns = [
      ...document.matchAll(/<w:r><w:rPr>(?:(?!<\/w:r>)[\s\S])*?<w:b\/>[\s\S]*?<\/w:r>/g),
    ];
    const articles = deriveProvisions(doc).filter((row) => row.kind === "article");
    expect(boldRuns.map((m) => textOfXml(m[0]))).toEqual(articles.map((row) => row.label));
  });

  it("lays out an A4 page with a centred — 1 — page number in the footer", () => {
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const footer = [...files.entries()].find(([name]) => /^word\/footer\d+\.xml$/.test(name))?.[1];
    expect(footer).toMatch(/— <\/w:t>[\s\S]*<w:instrText[^>]*>PAGE<\/w:instrText>[\s\S]* —<\/w:t>/);
    expect(styleXml("KaimenPageNumber")).toContain('<w:jc w:val="center"/>');
  });
});
