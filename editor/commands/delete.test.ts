import { describe, it } from "vitest";
import { deleteArticle, deleteProvision, deleteProvisionByPid } from "./delete.ts";
import { apply, art, chapter, doc, item, par, plain, sub } from "./test-support.ts";

describe("deleteProvision", () => {
  it("deletes the article when its only paragraph holds the cursor; the cursor moves on", () => {
    apply(
      doc(plain("a1"), art("a2", par("a2p", "乙<a>。")), plain("a3")),
      deleteProvision,
      doc(plain("a1"), art("a3", par("a3p", "<a>a3。"))),
    );
  });

  it("deletes just the paragraph, item or sub-item holding the cursor", () => {
    apply(
      doc(art("a1", par("p1", "甲。"), par("p2", "乙<a>。"))),
      deleteProvision,
      doc(art("a1", par("p1", "甲。<a>"))),
    );
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "<a>甲；"), item("i2", "乙。")))),
      deleteProvision,
      doc(art("a1", par("p1", "包括：", item("i2", "<a>乙。")))),
    );
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲：", sub("s1", "子<a>"))))),
      deleteProvision,
      doc(art("a1", par("p1", "包括：", item("i1", "甲：<a>")))),
    );
  });

  it("deletes a chapter with its articles from its heading", () => {
    apply(
      doc(chapter("c1", "总<a>则", plain("a1"), plain("a2")), chapter("c2", "附则", plain("a3"))),
      deleteProvision,
      doc(chapter("c2", "<a>附则", plain("a3"))),
    );
  });

  it("refuses to delete the last article, or the chapter holding every article", () => {
    apply(doc(art("a1", par("p1", "甲<a>。"))), deleteProvision, null);
    apply(doc(chapter("c1", "总<a>则", plain("a1")), chapter("c2", "附则")), deleteProvision, null);
  });
});

describe("deleteArticle and deleteProvisionByPid", () => {
  it("deletes the whole article from one of its items", () => {
    apply(
      doc(plain("a1"), art("a2", par("p1", "包括：", item("i1", "甲<a>；")), par("p2", "乙。"))),
      deleteArticle,
      doc(art("a1", par("a1p", "a1。<a>"))),
    );
  });

  it("deletes the provision named by pid, wherever the cursor is", () => {
    apply(
      doc(art("a1", par("a1p", "甲<a>。")), plain("a2")),
      deleteProvisionByPid("a2"),
      doc(art("a1", par("a1p", "甲<a>。"))),
    );
    apply(doc(art("a1", par("a1p", "甲<a>。"))), deleteProvisionByPid("gone"), null);
  });
});
