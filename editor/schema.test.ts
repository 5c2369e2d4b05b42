import { describe, expect, it } from "vitest";
import type { LegalDocJSON } from "./document-json.ts";
import { makeArticle, makeChapter, makeItem, textblock } from "./document-json.ts";
import { legalSchema } from "./schema.ts";

function check(doc: unknown): void {
  legalSchema.nodeFromJSON(doc as LegalDocJSON).check();
}

describe("legalSchema", () => {
  it("accepts a titled document of chapters, and one of bare articles", () => {
    const chapter = makeChapter("总则", 1);
    const article = makeArticle("为了规范管理，制定本条例。", 1);
    article.content[0]!.content.push(makeItem("甲；"));
    chapter.content.push(article);
    check({
      type: "doc",
      content: [textblock("title", "某条例"), textblock("note", "（2020年通过）"), chapter],
    });
    check({
      type: "doc",
      content: [textblock("title", ""), makeArticle("甲。"), makeArticle("乙。")],
    });
  });

  it("refuses bare articles beside chapters, an article without paragraphs and a missing title", () => {
    const chapter = makeChapter("总则");
    chapter.content.push(makeArticle("甲。"));
    expect(() =>
      check({ type: "doc", content: [textblock("title", "某条例"), makeArticle("乙。"), chapter] }),
    ).toThrow();
    expect(() =>
      check({
        type: "doc",
        content: [textblock("title", "某条例"), { ...makeArticle(""), content: [] }],
      }),
    ).toThrow();
    expect(() => check({ type: "doc", content: [makeArticle("甲。")] })).toThrow();
  });

  it("fills a new article with an empty paragraph and a pid to be assigned", () => {
    const article = legalSchema.nodes.article!.createAndFill()!;
    expect(article.toJSON()).toEqual({
      type: "article",
      attrs: { pid: "", printedNumber: null, suffix: 0 },
      content: [{ type: "paragraph", attrs: { pid: "" }, content: [{ type: "para_text" }] }],
    });
  });

  it("allows cross-references in provision text but not in headings", () => {
    const xref = legalSchema.marks.xref!.create({ pid: "p-1" });
    expect(legalSchema.nodes.para_text!.allowsMarkType(xref.type)).toBe(true);
    expect(legalSchema.nodes.heading!.allowsMarkType(xref.type)).toBe(false);
  });
});
