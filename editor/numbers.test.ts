// Numbers a law carries itself: articles inserted as 第N条之一 (which do not renumber what
// follows) and item lists that go on counting across a paragraph (（三） … a paragraph … （四）).
// From the source text through import, numbering, references, document JSON and every export
// and back, both come out exactly as printed.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ArticleJSON, ItemJSON, LegalDocJSON, TextJSON } from "./document-json.ts";
import { exportAkomaNtoso } from "./export/akoma-ntoso.ts";
import { exportDocument } from "./export/index.ts";
import { exportMarkdown } from "./export/markdown.ts";
import { exportText } from "./export/text.ts";
import { toImportJson } from "./import/contract.ts";
import { importFile } from "./import/index.ts";
import { parseLegalText } from "./import/parse.ts";
import { numberProvisions, walkProvisions } from "./numbering.ts";
import { deriveProvisions } from "./provisions.ts";
import { toReadingTree } from "./reading.ts";
import { legalSchema } from "./schema.ts";

const fixture = (path: string) =>
  readFileSync(new URL(`../tests/fixtures/${path}`, import.meta.url), "utf8");
const constructed = fixture("numbers/shengzhu-tuzai-zhiyi.txt");

const encode = (text: string) => new TextEncoder().encode(text);

/** The import contract's articles without pids, which a round trip makes afresh. */
function articlesOf(doc: LegalDocJSON) {
  return toImportJson({ doc, title: null, unplaced: [] }).articles.map(
    ({ pid: _pid, ...article }) => article,
  );
}

function articleByLabel(doc: LegalDocJSON, label: string): ArticleJSON {
  const row = deriveProvisions(doc).find((r) => r.kind === "article" && r.label === label);
  let found: ArticleJSON | undefined;
  walkProvisions(doc, ({ node }) => {
    if (node.attrs.pid === row?.pid) found = node as ArticleJSON;
  });
  if (!found) throw new Error(`No ${label}`);
  return found;
}

describe("articles inserted as 第N条之一 and item lists that go on across a paragraph", () => {
  const { doc } = parseLegalText(constructed);

  it("are imported as printed, without renumbering the articles that follow", () => {
    const articles = toImportJson(parseLegalText(constructed)).articles;
    expect(articles.map((a) => [a.number, a.label])).toEqual([
      [1, "第一条"],
      [2, "第二条"],
      [2, "第二条之一"],
      [3, "第三条"],
      [4, "第四条"],
      [5, "第五条"],
      [6, "第六条"],
      [6, "第六条之一"],
      [6, "第六条之二"],
      [7, "第七条"],
      [8, "第八条"],
      [9, "第九条"],
      [10, "第十条"],
    ]);
    expect(articles[2]!.text).toBe("生猪定点屠宰厂（场）应当建立生猪屠宰质量安全追溯制度。");
    const eighth = articles.find((a) => a.label === "第八条")!.text.split("\n");
    expect(eighth.map((line) => line.slice(0, 3))).toEqual([
      "生猪定",
      "（一）",
      "（二）",
      "（三）",
      "屠宰技",
      "（四）",
      "（五）",
      "（六）",
      "（七）",
    ]);
    expect(parseLegalText(constructed).unplaced).toEqual([]);
  });

  it("keep the suffix and the continuation as attributes of the document", () => {
    expect(articleByLabel(doc, "第六条之二").attrs.suffix).toBe(2);
    expect(articleByLabel(doc, "第七条").attrs.suffix).toBe(0);
    const eighth = articleByLabel(doc, "第八条");
    const secondList = eighth.content[1]!.content.slice(1) as ItemJSON[];
    expect(secondList.map((item) => item.attrs.continues)).toEqual([true, false, false, false]);
  });

  it("start a later list at （一） again when the source does (行政复议法 2023, 第六十五条)", () => {
    const law = parseLegalText(fixture("laws/xingzheng-fuyi-fa-2023.md"));
    const text = toImportJson(law).articles.find((a) => a.label === "第六十五条")!.text;
    expect(text.split("\n").map((line) => line.slice(0, 3))).toEqual([
      "行政行",
      "（一）",
      "（二）",
      "行政行",
      "（一）",
      "（二）",
      "（三）",
    ]);
  });

  it("number and label every provision, in rows and on a reading page", () => {
    const rows = deriveProvisions(doc);
    const inserted = rows.find((r) => r.label === "第六条之一")!;
    expect(inserted).toMatchObject({ kind: "article", number: 6 });
    expect(rows.find((r) => r.label === "第七条")!.number).toBe(7);
    const items = rows.filter((r) => r.kind === "item" && r.headingPath[0]?.startsWith("第二章"));
    expect(items.map((r) => r.label)).toEqual([
      "（一）",
      "（二）",
      "（三）",
      "（四）",
      "（五）",
      "（六）",
      "（七）",
    ]);
    const reading = JSON.stringify(toReadingTree(doc));
    expect(reading).toContain('"label":"第六条之二"');
    expect(reading).toContain('"label":"（四）"');
    expect(JSON.stringify(toReadingTree(doc, "en"))).toContain('"label":"Article 6B"');
  });

  it("are cited by their own numbers: 第六条之一, 第八条第二款第四项", () => {
    const copy = structuredClone(doc);
    const inserted = articleByLabel(copy, "第六条之一");
    const eighth = articleByLabel(copy, "第八条");
    const fourth = eighth.content[1]!.content[1] as ItemJSON;
    const citing = articleByLabel(copy, "第十条");
    const cite = (text: string, pid: string): TextJSON => ({
      type: "text",
      text,
      marks: [{ type: "xref", attrs: { pid } }],
    });
    citing.content[0]!.content[0].content = [
      { type: "text", text: "依照" },
      cite("第六条", inserted.attrs.pid),
      { type: "text", text: "和" },
      cite("第八条第一项", fourth.attrs.pid),
    ];
    const row = deriveProvisions(copy).find((r) => r.label === "第十条")!;
    expect(row.text).toBe("依照第六条之一和第八条第二款第四项");
    const numbers = numberProvisions(copy);
    expect(numbers.get(inserted.attrs.pid)).toMatchObject({ number: 6, suffix: 1 });
    expect(numbers.get(fourth.attrs.pid)).toMatchObject({ kind: "item", number: 4 });
  });

  it("survive the document JSON through the editor's schema unchanged", () => {
    const node = legalSchema.nodeFromJSON(doc);
    expect(node.toJSON()).toEqual(doc);
    // Documents stored before these attributes existed read as plain articles and lists.
    const old = JSON.parse(
      JSON.stringify(doc)
        .replace(/,"suffix":\d+/g, "")
        .replace(/,"continues":(true|false)/g, ""),
    ) as LegalDocJSON;
    expect(deriveProvisions(legalSchema.nodeFromJSON(old).toJSON() as LegalDocJSON).length).toBe(
      deriveProvisions(doc).length,
    );
  });

  it("come back unchanged from text, Markdown and Word exports", async () => {
    const expected = articlesOf(doc);
    const text = exportText(doc);
    expect(text).toContain("第六条之一　生猪定点屠宰厂（场）变更生产地址的");
    expect(articlesOf(parseLegalText(text).doc)).toEqual(expected);
    const markdown = exportMarkdown(doc);
    expect(markdown).toContain("**第二条之一**");
    expect(articlesOf((await importFile(encode(markdown), "back.md")).doc)).toEqual(expected);
    const docx = await exportDocument(doc, "docx");
    expect(articlesOf((await importFile(docx.bytes, "back.docx")).doc)).toEqual(expected);
  });

  it("are told apart in Akoma Ntoso and the JSON export", async () => {
    const xml = exportAkomaNtoso(doc);
    expect(xml).toContain("<num>第六条之一</num>");
    expect(xml).toMatch(/<article eId="art_6-2"[^>]*>\s*<num>第六条之二<\/num>/);
    expect(xml).toMatch(/<point eId="art_8__para_2__point_4"[^>]*>\s*<num>（四）<\/num>/);
    const eIds = [...xml.matchAll(/eId="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(eIds).size).toBe(eIds.length);
    const json = new TextDecoder().decode((await exportDocument(doc, "json")).bytes);
    expect(json).toContain("第六条之二");
  });
});
