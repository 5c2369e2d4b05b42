// The Markdown export: LawRefBook's shape with bold article labels, and a round trip through
// the importer on every real law.

import { describe, expect, it } from "vitest";
import { importFile } from "../import/index.ts";
import { parseLegalText } from "../import/parse.ts";
import { exportMarkdown } from "./markdown.ts";
import {
  comparableImport,
  comparableRows,
  frontMatter,
  lawBytes,
  lawFiles,
  partedRegulation,
  sampleRegulation,
} from "./test-support.ts";

// The importer does not yet drop emphasis marks, so bold labels are unwrapped here the way
// its stripMarkup would have to; exporting without bold needs no help at all.
function withoutBoldLabels(markdown: string): string {
  return markdown.replace(/^\*\*([^*\n]+)\*\*/gm, "$1");
}

describe("exportMarkdown round trip on every real law", () => {
  for (const file of lawFiles()) {
    it(`${file}: markdown → document keeps articles, chapters and front matter`, async () => {
      const original = await importFile(lawBytes(file), file);
      const expected = {
        json: comparableImport(original),
        rows: comparableRows(original.doc),
        front: frontMatter(original.doc),
      };
      for (const markdown of [
        exportMarkdown(original.doc, { boldLabels: false }),
        withoutBoldLabels(exportMarkdown(original.doc)),
      ]) {
        const back = parseLegalText(markdown);
        expect(back.unplaced).toEqual([]);
        expect({
          json: comparableImport(back),
          rows: comparableRows(back.doc),
          front: frontMatter(back.doc),
        }).toEqual(expected);
      }
    });
  }

  it("is read with bold labels by parseLegalText itself", () => {
    const { doc } = sampleRegulation();
    const back = parseLegalText(exportMarkdown(doc));
    expect(back.unplaced).toEqual([]);
    expect(comparableRows(back.doc)).toEqual(comparableRows(doc));
  });
});

describe("exportMarkdown layout", () => {
  it("writes # title, ## chapters, ### sections and a paragraph per line with bold labels", () => {
    const markdown = exportMarkdown(sampleRegulation().doc);
    expect(markdown.split("\n\n")).toEqual([
      "# 示例市公众参与立法条例",
      "（2024年12月1日示例市第十六届人民代表大会常务委员会第五次会议通过）",
      "## 第一章 总则",
      "**第一条**　为了规范示例活动，保障公众参与立法，制定本条例。",
      "**第二条**　本条例适用于本市行政区域内的示例活动。",
      "法律、行政法规另有规定的，从其规定。",
      "## 第二章 管理与监督",
      "### 第一节 一般规定",
      "**第三条**　有关部门应当履行下列职责：",
      "（一）编制规划；",
      "（二）审查下列事项：",
      "1.设立申请；",
      "2.变更申请。",
      "（三）其他职责。",
      "**第四条**　违反本条例第三条、第二条第二款或者第三条第二项规定的，依法处理。",
      "## 第三章 附则",
      "**第五条**　本条例自2025年1月1日起施行。\n",
    ]);
  });

  it("puts chapters one level below parts and round-trips them", () => {
    const doc = partedRegulation();
    const markdown = exportMarkdown(doc, { boldLabels: false });
    expect(markdown).toContain(
      "## 第二编 分则\n\n### 第一章 权利\n\n第三条　公民享有参与立法的权利。",
    );
    expect(comparableRows(parseLegalText(markdown).doc)).toEqual(comparableRows(doc));
  });

  it("renders English labels on request", () => {
    const markdown = exportMarkdown(sampleRegulation().doc, { locale: "en" });
    expect(markdown).toContain("## Chapter 1 总则\n\n**Article 1** 为了规范示例活动");
  });
});
