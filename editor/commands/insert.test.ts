import { describe, it } from "vitest";
import { insertArticleAfter, insertParagraphAfter } from "./insert.ts";
import {
  apply,
  art,
  chapter,
  doc,
  docTitled,
  docWithPreamble,
  item,
  par,
  part,
  section,
} from "./test-support.ts";

describe("insertArticleAfter", () => {
  it("puts a new article after the one holding the cursor, cursor in its first paragraph", () => {
    apply(
      doc(art("a1", par("p1", "第一条的内<a>容。")), art("a2", par("p2", "第二条。"))),
      insertArticleAfter,
      doc(
        art("a1", par("p1", "第一条的内容。")),
        art("*", par("*", "<a>")),
        art("a2", par("p2", "第二条。")),
      ),
    );
  });

  it("works from an item deep inside the article", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲<a>；")))),
      insertArticleAfter,
      doc(art("a1", par("p1", "包括：", item("i1", "甲；"))), art("*", par("*", "<a>"))),
    );
  });

  it("from a chapter heading, inserts the chapter's first article", () => {
    apply(
      doc(chapter("c1", "总<a>则", art("a1", par("p1", "甲。")))),
      insertArticleAfter,
      doc(chapter("c1", "总则", art("*", par("*", "<a>")), art("a1", par("p1", "甲。")))),
    );
  });

  it("from a section heading, inserts the section's first article", () => {
    apply(
      doc(chapter("c1", "总则", section("s1", "一般规定<a>"))),
      insertArticleAfter,
      doc(chapter("c1", "总则", section("s1", "一般规定", art("*", par("*", "<a>"))))),
    );
  });

  it("from the preamble of a document of bare articles, inserts the first article", () => {
    apply(
      docWithPreamble("为了<a>……", art("a1", par("p1", "甲。"))),
      insertArticleAfter,
      docWithPreamble("为了……", art("*", par("*", "<a>")), art("a1", par("p1", "甲。"))),
    );
  });

  it("declines where no article can stand: a part heading, the title of a chaptered text", () => {
    apply(
      doc(part("b1", "总<a>则", chapter("c1", "一般规定", art("a1", par("p1", "甲。"))))),
      insertArticleAfter,
      null,
    );
    apply(
      docTitled("某<a>条例", chapter("c1", "总则", art("a1", par("p1", "甲。")))),
      insertArticleAfter,
      null,
    );
  });
});

describe("insertParagraphAfter", () => {
  it("adds a paragraph after the current one, also from one of its items", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲<a>；")), par("p2", "第二款。"))),
      insertParagraphAfter,
      doc(
        art("a1", par("p1", "包括：", item("i1", "甲；")), par("*", "<a>"), par("p2", "第二款。")),
      ),
    );
  });

  it("declines in a heading", () => {
    apply(doc(chapter("c1", "总<a>则", art("a1", par("p1", "甲。")))), insertParagraphAfter, null);
  });
});
