// The plain-text export reads as the published texts do and goes back through the importer
// unchanged: every real law, a regulation with sections, sub-items and references, and one
// divided into parts.

import { describe, expect, it } from "vitest";
import { importFile } from "../import/index.ts";
import { parseLegalText } from "../import/parse.ts";
import { legalSchema } from "../schema.ts";
import {
  comparableImport,
  comparableRows,
  frontMatter,
  lawBytes,
  lawFiles,
  partedRegulation,
  sampleRegulation,
} from "./test-support.ts";
import { exportText } from "./text.ts";

describe("exportText round trip on every real law", () => {
  for (const file of lawFiles()) {
    it(`${file}: text → document → text keeps articles, chapters and front matter`, async () => {
      const original = await importFile(lawBytes(file), file);
      const text = exportText(original.doc);
      const back = parseLegalText(text);
      expect(back.unplaced).toEqual([]);
      expect(comparableImport(back)).toEqual(comparableImport(original));
      expect(comparableRows(back.doc)).toEqual(comparableRows(original.doc));
      expect(frontMatter(back.doc)).toEqual(frontMatter(original.doc));
      // A second pass is byte-identical: the layout is a fixed point of import and export.
      expect(exportText(back.doc)).toBe(text);
      legalSchema.nodeFromJSON(back.doc).check();
    });
  }
});

describe("exportText layout", () => {
  it("prints title, note, headings, articles, items and sub-items in the official layout", () => {
    const { doc } = sampleRegulation();
    expect(exportText(doc)).toBe(
      [
        "示例市公众参与立法条例",
        "",
        "（2024年12月1日示例市第十六届人民代表大会常务委员会第五次会议通过）",
        "",
        "第一章　总则",
        "",
        "第一条　为了规范示例活动，保障公众参与立法，制定本条例。",
        "第二条　本条例适用于本市行政区域内的示例活动。",
        "法律、行政法规另有规定的，从其规定。",
        "",
        "第二章　管理与监督",
        "",
        "第一节　一般规定",
        "",
        "第三条　有关部门应当履行下列职责：",
        "（一）编制规划；",
        "（二）审查下列事项：",
        "1.设立申请；",
        "2.变更申请。",
        "（三）其他职责。",
        "第四条　违反本条例第三条、第二条第二款或者第三条第二项规定的，依法处理。",
        "",
        "第三章　附则",
        "",
        "第五条　本条例自2025年1月1日起施行。",
        "",
      ].join("\n"),
    );
  });

  it("round-trips the regulation with sections, sub-items and references", () => {
    const { doc } = sampleRegulation();
    const back = parseLegalText(exportText(doc));
    expect(back.unplaced).toEqual([]);
    expect(comparableRows(back.doc)).toEqual(comparableRows(doc));
    expect(frontMatter(back.doc)).toEqual(frontMatter(doc));
  });

  it("prints parts (编) and numbers their chapters afresh, and round-trips them", () => {
    const doc = partedRegulation();
    const text = exportText(doc);
    expect(text).toContain("第一编　总则\n\n第一章　基本规定\n");
    expect(text).toContain("第二编　分则\n\n第一章　权利\n");
    expect(text).toContain("第二章　义务\n\n第四条　公民应当遵守本法。");
    expect(comparableRows(parseLegalText(text).doc)).toEqual(comparableRows(doc));
  });

  it("prints no 第一章 for articles the source printed before any chapter heading", async () => {
    const file = "dongwu-fangyi-fa-2021.txt";
    const text = exportText((await importFile(lawBytes(file), file)).doc);
    expect(text.startsWith("第一条　为了加强对动物防疫活动的管理")).toBe(true);
    expect(text).not.toContain("第一章");
    expect(text).toContain("\n第二章　动物疫病的预防\n");
  });

  it("renders labels in English on request", () => {
    const text = exportText(sampleRegulation().doc, "en");
    expect(text).toContain("Chapter 2 管理与监督\n\nSection 1 一般规定\n");
    expect(text).toContain(
      "Article 3 有关部门应当履行下列职责：\n(a) 编制规划；\n(b) 审查下列事项：\n1. 设立申请；",
    );
    expect(text).toContain(
      "Article 4 违反本条例Article 3、Article 2, Paragraph 2或者Article 3, Item (b)规定的",
    );
  });

  it("prints an empty document as nothing and a bare label when an article has no text yet", () => {
    expect(exportText({ type: "doc", content: [{ type: "title" }] })).toBe("");
    const { doc } = sampleRegulation();
    const closing = doc.content[4];
    if (closing?.type !== "chapter") throw new Error("fixture changed");
    const article = closing.content[1];
    if (article?.type !== "article") throw new Error("fixture changed");
    article.content[0]!.content[0] = { type: "para_text" };
    expect(exportText(doc).endsWith("\n第五条\n")).toBe(true);
  });
});
