import { describe, it } from "vitest";
import { insertChapter, insertSection } from "./divisions.ts";
import { apply, art, chapter, doc, docTitled, par, part, plain, section } from "./test-support.ts";

describe("insertChapter", () => {
  it("in a document of bare articles, starts a chapter at the cursor's article and gives the earlier ones a chapter too", () => {
    apply(
      doc(plain("a1"), art("a2", par("a2p", "乙<a>。")), plain("a3")),
      insertChapter,
      doc(
        chapter("*", "", plain("a1")),
        chapter("*", "<a>", art("a2", par("a2p", "乙。")), plain("a3")),
      ),
    );
  });

  it("from the title of a document of bare articles, puts them all in one chapter", () => {
    apply(
      docTitled("某条例<a>", plain("a1"), plain("a2")),
      insertChapter,
      doc(chapter("*", "<a>", plain("a1"), plain("a2"))),
    );
  });

  it("in an empty document, adds an empty chapter", () => {
    apply(docTitled("某条例<a>"), insertChapter, doc(chapter("*", "<a>")));
  });

  it("in a chapter, moves the cursor's article and the rest of the chapter into a new chapter after it", () => {
    apply(
      doc(
        chapter("c1", "总则", plain("a1"), art("a2", par("a2p", "<a>乙。")), plain("a3")),
        chapter("c2", "附则", plain("a4")),
      ),
      insertChapter,
      doc(
        chapter("c1", "总则", plain("a1")),
        chapter("*", "<a>", art("a2", par("a2p", "乙。")), plain("a3")),
        chapter("c2", "附则", plain("a4")),
      ),
    );
  });

  it("splits at a section boundary when the cursor is in a section", () => {
    apply(
      doc(
        chapter(
          "c1",
          "总则",
          section("s1", "一", plain("a1")),
          section("s2", "二", art("a2", par("a2p", "乙<a>。"))),
        ),
      ),
      insertChapter,
      doc(
        chapter("c1", "总则", section("s1", "一", plain("a1"))),
        chapter("*", "<a>", section("s2", "二", plain("a2", "乙。"))),
      ),
    );
  });

  it("from a chapter heading or its first article, adds an empty chapter after it", () => {
    const expected = doc(chapter("c1", "总则", plain("a1"), plain("a2")), chapter("*", "<a>"));
    apply(doc(chapter("c1", "总<a>则", plain("a1"), plain("a2"))), insertChapter, expected);
    apply(
      doc(chapter("c1", "总则", art("a1", par("a1p", "a1<a>。")), plain("a2"))),
      insertChapter,
      expected,
    );
  });

  it("from a part heading, adds the part's first chapter", () => {
    apply(
      doc(part("b1", "总<a>则", chapter("c1", "一般规定", plain("a1")))),
      insertChapter,
      doc(part("b1", "总则", chapter("*", "<a>"), chapter("c1", "一般规定", plain("a1")))),
    );
  });
});

describe("insertSection", () => {
  it("wraps the cursor's article and the chapter's following direct articles in a new section", () => {
    apply(
      doc(chapter("c1", "总则", plain("a1"), art("a2", par("a2p", "乙<a>。")), plain("a3"))),
      insertSection,
      doc(
        chapter("c1", "总则", plain("a1"), section("*", "<a>", plain("a2", "乙。"), plain("a3"))),
      ),
    );
  });

  it("from the chapter heading, divides all its direct articles into a first section before existing ones", () => {
    apply(
      doc(chapter("c1", "总<a>则", plain("a1"), section("s1", "二", plain("a2")))),
      insertSection,
      doc(
        chapter("c1", "总则", section("*", "<a>", plain("a1")), section("s1", "二", plain("a2"))),
      ),
    );
  });

  it("splits a section at the cursor's article", () => {
    apply(
      doc(
        chapter("c1", "总则", section("s1", "一", plain("a1"), art("a2", par("a2p", "<a>乙。")))),
      ),
      insertSection,
      doc(
        chapter(
          "c1",
          "总则",
          section("s1", "一", plain("a1")),
          section("*", "<a>", plain("a2", "乙。")),
        ),
      ),
    );
  });

  it("from a section heading, adds an empty section after it", () => {
    apply(
      doc(chapter("c1", "总则", section("s1", "一<a>", plain("a1")))),
      insertSection,
      doc(chapter("c1", "总则", section("s1", "一", plain("a1")), section("*", "<a>"))),
    );
  });

  it("declines outside any chapter", () => {
    apply(doc(art("a1", par("a1p", "甲<a>。"))), insertSection, null);
  });
});
