import { describe, it } from "vitest";
import { indentToItem, outdent, outdentAtStart } from "./indent.ts";
import { apply, art, doc, item, par, sub } from "./test-support.ts";

describe("indentToItem (Tab)", () => {
  it("turns a paragraph into the last item of the previous paragraph, keeping its pid", () => {
    apply(
      doc(
        art(
          "a1",
          par("p1", "包括：", item("i1", "甲；")),
          par("p2", "乙<a>；"),
          par("p3", "第三款。"),
        ),
      ),
      indentToItem,
      doc(
        art(
          "a1",
          par("p1", "包括：", item("i1", "甲；"), item("p2", "乙<a>；")),
          par("p3", "第三款。"),
        ),
      ),
    );
  });

  it("takes the paragraph's own items along as sub-items", () => {
    apply(
      doc(
        art(
          "a1",
          par("p1", "包括："),
          par("p2", "<a>乙：", item("i1", "子一"), item("i2", "子二")),
        ),
      ),
      indentToItem,
      doc(
        art("a1", par("p1", "包括：", item("p2", "<a>乙：", sub("i1", "子一"), sub("i2", "子二")))),
      ),
    );
  });

  it("turns an item into the last sub-item of the previous item, its sub-items following", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲："), item("i2", "乙<a>", sub("s1", "子"))))),
      indentToItem,
      doc(art("a1", par("p1", "包括：", item("i1", "甲：", sub("i2", "乙<a>"), sub("s1", "子"))))),
    );
  });

  it("declines for the first paragraph, the first item, a sub-item, and items holding sub-items", () => {
    apply(doc(art("a1", par("p1", "甲<a>。"), par("p2", "乙。"))), indentToItem, null);
    apply(doc(art("a1", par("p1", "包括：", item("i1", "甲<a>；")))), indentToItem, null);
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "甲：", sub("s1", "<a>子"))))),
      indentToItem,
      null,
    );
    apply(
      doc(art("a1", par("p1", "甲。"), par("p2", "<a>乙：", item("i1", "子：", sub("s1", "孙"))))),
      indentToItem,
      null,
    );
  });
});

describe("outdent (Shift-Tab)", () => {
  it("turns an item into a paragraph after its own; the items after it follow it", () => {
    apply(
      doc(
        art(
          "a1",
          par(
            "p1",
            "包括：",
            item("i1", "甲；"),
            item("i2", "乙<a>：", sub("s1", "子")),
            item("i3", "丙。"),
          ),
        ),
      ),
      outdent,
      doc(
        art(
          "a1",
          par("p1", "包括：", item("i1", "甲；")),
          par("i2", "乙<a>：", item("s1", "子"), item("i3", "丙。")),
        ),
      ),
    );
  });

  it("turns a sub-item into an item after its own, with the sub-items after it", () => {
    apply(
      doc(
        art(
          "a1",
          par(
            "p1",
            "包括：",
            item("i1", "甲：", sub("s1", "子一"), sub("s2", "<a>子二"), sub("s3", "子三")),
          ),
        ),
      ),
      outdent,
      doc(
        art(
          "a1",
          par(
            "p1",
            "包括：",
            item("i1", "甲：", sub("s1", "子一")),
            item("s2", "<a>子二", sub("s3", "子三")),
          ),
        ),
      ),
    );
  });

  it("is the inverse of Tab", () => {
    const asParagraph = doc(
      art("a1", par("p1", "包括：", item("i1", "甲；")), par("p2", "乙<a>；")),
    );
    const asItem = doc(art("a1", par("p1", "包括：", item("i1", "甲；"), item("p2", "乙<a>；"))));
    apply(asParagraph, indentToItem, asItem);
    apply(asItem, outdent, asParagraph);
  });

  it("declines on a paragraph", () => {
    apply(doc(art("a1", par("p1", "甲<a>。"))), outdent, null);
  });
});

describe("outdentAtStart (Backspace)", () => {
  it("lifts an item when the cursor is at its very start, and declines elsewhere", () => {
    apply(
      doc(art("a1", par("p1", "包括：", item("i1", "<a>甲；")))),
      outdentAtStart,
      doc(art("a1", par("p1", "包括："), par("i1", "<a>甲；"))),
    );
    apply(doc(art("a1", par("p1", "包括：", item("i1", "甲<a>；")))), outdentAtStart, null);
  });
});
