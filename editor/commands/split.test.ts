import { describe, expect, it } from "vitest";
import { splitProvision } from "./split.ts";
import { apply, art, chapter, doc, docTitled, item, par, pidsOf, sub } from "./test-support.ts";

describe("splitProvision (Enter)", () => {
  it("at the end of a paragraph, starts a new paragraph with a new pid", () => {
    apply(
      doc(art("a1", par("p1", "第一款。<a>"))),
      splitProvision,
      doc(art("a1", par("p1", "第一款。"), par("*", "<a>"))),
    );
  });

  it("in the middle, the first half keeps the pid and the second half gets a new one", () => {
    const result = apply(
      doc(art("a1", par("p1", "前半句。<a>后半句。"))),
      splitProvision,
      doc(art("a1", par("p1", "前半句。"), par("*", "<a>后半句。"))),
    );
    const [, first, second] = pidsOf(result.doc);
    expect(first).toBe("p1");
    expect(second).not.toBe("p1");
  });

  it("replaces a selection within the text before splitting", () => {
    apply(
      doc(art("a1", par("p1", "甲<a>删掉<b>乙"))),
      splitProvision,
      doc(art("a1", par("p1", "甲"), par("*", "<a>乙"))),
    );
  });

  it("at the start of a text, inserts an empty paragraph before it so the text keeps its pid", () => {
    apply(
      doc(art("a1", par("p1", "<a>原有文字。"))),
      splitProvision,
      doc(art("a1", par("*", ""), par("p1", "<a>原有文字。"))),
    );
  });

  it("at the end of a lead-in with items, starts a new first item", () => {
    apply(
      doc(art("a1", par("p1", "包括：<a>", item("i1", "甲；")))),
      splitProvision,
      doc(art("a1", par("p1", "包括：", item("*", "<a>"), item("i1", "甲；")))),
    );
  });

  it("in the empty last paragraph, turns it into the next article", () => {
    apply(
      doc(art("a1", par("p1", "第一款。"), par("p2", "<a>")), art("a2", par("p3", "乙。"))),
      splitProvision,
      doc(
        art("a1", par("p1", "第一款。")),
        art("*", par("p2", "<a>")),
        art("a2", par("p3", "乙。")),
      ),
    );
  });

  it("splits an item into two items", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲；<a>乙；")))),
      splitProvision,
      doc(art("a1", par("p1", "包括：", item("i1", "甲；"), item("*", "<a>乙；")))),
    );
  });

  it("in an empty item, lifts it to a paragraph, as leaving a list", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲；"), item("i2", "<a>")))),
      splitProvision,
      doc(art("a1", par("p1", "包括：", item("i1", "甲；")), par("i2", "<a>"))),
    );
  });

  it("splits a sub-item, and lifts an empty one to an item", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲：", sub("s1", "子一<a>子二"))))),
      splitProvision,
      doc(
        art("a1", par("p1", "包括：", item("i1", "甲：", sub("s1", "子一"), sub("*", "<a>子二")))),
      ),
    );
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲：", sub("s1", "子一"), sub("s2", "<a>"))))),
      splitProvision,
      doc(art("a1", par("p1", "包括：", item("i1", "甲：", sub("s1", "子一")), item("s2", "<a>")))),
    );
  });

  it("in a chapter heading, adds the chapter's first article", () => {
    apply(
      doc(chapter("c1", "总则<a>", art("a1", par("p1", "甲。")))),
      splitProvision,
      doc(chapter("c1", "总则", art("*", par("*", "<a>")), art("a1", par("p1", "甲。")))),
    );
  });

  it("declines in the title, leaving Enter to the base keymap", () => {
    apply(docTitled("某<a>条例", art("a1", par("p1", "甲。"))), splitProvision, null);
  });
});
