// Constructs the real fixtures do not show: parts (编), titles continued by a bracketed line,
// preambles, labels alone on a line, references wrapped to the start of a line, strays.

import { describe, expect, it } from "vitest";
import { legalSchema } from "../schema.ts";
import { deriveProvisions } from "../provisions.ts";
import { toImportJson } from "./contract.ts";
import { parseLegalText } from "./parse.ts";

function parse(text: string) {
  const result = parseLegalText(text);
  legalSchema.nodeFromJSON(result.doc).check();
  return { ...result, json: toImportJson(result), rows: deriveProvisions(result.doc) };
}

describe("parseLegalText", () => {
  it("reads a title continued by （修订草案）, a title note and a preamble", () => {
    const { title, doc, json } = parse(
      [
        "某某市生猪屠宰管理条例",
        "（修订草案）",
        "（2020年4月26日在某某市第十五届人民代表大会常务委员会第二十次会议上）",
        "根据有关法律、行政法规，结合本市实际，制定本条例。",
        "第一条 本条例适用于本市行政区域。",
      ].join("\n"),
    );
    expect(title).toBe("某某市生猪屠宰管理条例（修订草案）");
    expect(doc.content.map((node) => node.type)).toEqual(["title", "note", "preamble", "article"]);
    expect(json.articles).toHaveLength(1);
    expect(json.unplaced).toEqual([]);
  });

  it("reads parts (编): chapters count again in each part, articles run on", () => {
    const { rows, json } = parse(
      [
        "第一编　总　　则",
        "第一章　基本规定",
        "第一条　甲。",
        "第二章　自然人",
        "第二条　乙。",
        "第二编　物　　权",
        "第一章　一般规定",
        "第三条　丙。",
      ].join("\n"),
    );
    expect(json.chapters.map((c) => [c.number, c.title])).toEqual([
      [1, "基本规定"],
      [2, "自然人"],
      [1, "一般规定"],
    ]);
    expect(json.articles.map((a) => [a.number, a.chapter])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
    const third = rows.find((row) => row.kind === "article" && row.number === 3)!;
    expect(third.headingPath).toEqual(["第二编 物权", "第一章 一般规定"]);
    expect(rows.filter((row) => row.kind === "chapter").map((row) => row.label)).toEqual([
      "第一章",
      "第二章",
      "第一章",
    ]);
  });

  it("gathers articles printed before the first part into one untitled part and chapter", () => {
    const { doc, json } = parse(
      "第一条 甲。\n第二条 乙。\n第一编 总则\n第一章 一般规定\n第三条 丙。",
    );
    expect(doc.content.map((node) => node.type)).toEqual(["title", "part", "part"]);
    expect(json.chapters.map((c) => c.number)).toEqual([1]);
    expect(json.articles.map((a) => a.chapter)).toEqual([null, null, 1]);
  });

  it("takes the line after a bare label as the article's first paragraph", () => {
    const { json } = parse("第一条\n为了规范管理，制定本条例。\n本条例自公布之日起施行。");
    expect(json.articles).toHaveLength(1);
    expect(json.articles[0]!.text).toBe("为了规范管理，制定本条例。\n本条例自公布之日起施行。");
  });

  it("does not start an article at a reference a line break left at the start of a line", () => {
    const { json } = parse("第一条 甲。\n第二条 违反本条例\n第十条规定的，依法处理。\n第三条 丙。");
    expect(json.articles.map((a) => a.number)).toEqual([1, 2, 3]);
    expect(json.articles[1]!.text).toBe("违反本条例\n第十条规定的，依法处理。");
  });

  it("reads items, sub-items written 1、 and a paragraph after the items", () => {
    const { json, rows } = parse(
      [
        "第一条 有下列情形之一的，处罚款：",
        "(一)甲;",
        "（二）乙：",
        "1、子；",
        "2．丑。",
        "有前款情形的，从重处罚。",
      ].join("\n"),
    );
    expect(json.articles[0]!.text).toBe(
      "有下列情形之一的，处罚款：\n（一）甲；\n（二）乙：\n1.子；\n2.丑。\n有前款情形的，从重处罚。",
    );
    expect(rows.map((row) => row.kind)).toEqual([
      "article",
      "paragraph",
      "item",
      "item",
      "subitem",
      "subitem",
      "paragraph",
    ]);
  });

  it("leaves items outside any article and long text after a heading unplaced", () => {
    const { json } = parse(
      [
        "（一）无处安放的一项；",
        "第一章 总则",
        "这是一段不属于任何条文、也不像章名续行的长句子，它应当被报告出来。",
        "第一条 甲。",
      ].join("\n"),
    );
    expect(json.unplaced).toEqual([
      { line: 3, text: "这是一段不属于任何条文、也不像章名续行的长句子，它应当被报告出来。" },
    ]);
    // Before the body, a line is preamble rather than a stray.
    expect(json.articles).toHaveLength(1);
  });

  it("clears YAML front matter and comments, and reports nothing for an empty text", () => {
    const { title, json } = parse("---\ntitle: x\n---\n# 某条例\n<!-- 注释\n跨行 -->\n第一条 甲。");
    expect(title).toBe("某条例");
    expect(json.articles.map((a) => a.text)).toEqual(["甲。"]);
    expect(parse("").json).toEqual({ title: null, chapters: [], articles: [], unplaced: [] });
  });
});
