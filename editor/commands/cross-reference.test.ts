import { describe, it } from "vitest";
import { insertCrossReference, refreshCrossReferences } from "./cross-reference.ts";
import { apply, art, chapter, doc, par, plain, ref } from "./test-support.ts";

describe("insertCrossReference", () => {
  it("inserts the target's current citation as a reference, the cursor after it", () => {
    apply(
      doc(plain("a1"), plain("a2"), art("a3", par("a3p", "依照本条例<a>的规定。"))),
      insertCrossReference("a2"),
      doc(
        plain("a1"),
        plain("a2"),
        art("a3", par("a3p", ["依照本条例", ref("a2", "第二条"), "<a>的规定。"])),
      ),
    );
  });

  it("cites a paragraph with its article: 第一条第二款", () => {
    apply(
      doc(art("a1", par("p1", "甲。"), par("p2", "乙。")), art("a2", par("a2p", "依照<a>"))),
      insertCrossReference("p2"),
      doc(
        art("a1", par("p1", "甲。"), par("p2", "乙。")),
        art("a2", par("a2p", ["依照", ref("p2", "第一条第二款"), "<a>"])),
      ),
    );
  });

  it("declines for a missing target and in a heading", () => {
    apply(doc(art("a1", par("a1p", "依照<a>"))), insertCrossReference("gone"), null);
    apply(doc(chapter("c1", "总<a>则", plain("a1"))), insertCrossReference("a1"), null);
  });
});

describe("refreshCrossReferences", () => {
  it("writes the current citation into a reference made stale by renumbering", () => {
    // 第一条 was cited, then an article was inserted before it.
    apply(
      doc(
        plain("a0"),
        art("a1", par("a1p", "<a>甲。")),
        art("a2", par("a2p", ["依照", ref("a1", "第一条")])),
      ),
      refreshCrossReferences,
      doc(
        plain("a0"),
        art("a1", par("a1p", "<a>甲。")),
        art("a2", par("a2p", ["依照", ref("a1", "第二条")])),
      ),
    );
  });

  it("declines when every reference already reads current, and leaves broken ones alone", () => {
    apply(
      doc(
        art("a1", par("a1p", "<a>甲。")),
        art("a2", par("a2p", ["依照", ref("a1", "第一条"), ref("gone", "第九条")])),
      ),
      refreshCrossReferences,
      null,
    );
  });
});
