import { describe, expect, it } from "vitest";
import type { Command, EditorState } from "prosemirror-state";
import type { Node as PMNode } from "prosemirror-model";
import type { Decoration, DecorationSource } from "prosemirror-view";
import { deleteProvision } from "../commands/delete.ts";
import { insertChapter, insertSection } from "../commands/divisions.ts";
import { indentToItem, outdent } from "../commands/indent.ts";
import { insertArticleAfter, insertParagraphAfter } from "../commands/insert.ts";
import { moveProvisionDown, moveProvisionUp } from "../commands/move.ts";
import { splitProvision } from "../commands/split.ts";
import {
  art,
  chapter,
  doc,
  item,
  par,
  plain,
  section,
  stateFor,
  sub,
} from "../commands/test-support.ts";
import type { TaggedNode } from "../commands/test-support.ts";
import { buildNumbering, labelsInOrder } from "./labels.ts";
import { numberingKey, numberingPlugin } from "./numbering.ts";

function numbered(docNode: TaggedNode, locale: "zh" | "en" = "zh"): EditorState {
  return stateFor(docNode, [numberingPlugin({ locale })]);
}

function labels(state: EditorState): string[] {
  return labelsInOrder(numberingKey.getState(state)!.labels).map((spec) => spec.label);
}

function labelOf(state: EditorState, pid: string): string | undefined {
  return labelsInOrder(numberingKey.getState(state)!.labels).find((spec) => spec.pid === pid)
    ?.label;
}

// The labels the view draws: it reaches decorations through forChild as it walks the tree and
// draws each node's own (locals), so a decoration filed under a range that is no longer a node
// is in find() but never on screen. `locals` is internal to prosemirror-view, hence the cast.
function drawnLabels(state: EditorState): string[] {
  interface Drawable extends DecorationSource {
    locals(node: PMNode): readonly Decoration[];
  }
  const drawn: string[] = [];
  const walk = (source: DecorationSource, node: PMNode) => {
    for (const decoration of (source as Drawable).locals(node)) {
      drawn.push((decoration.spec as { label: string }).label);
    }
    node.forEach((child, offset) => {
      if (!child.isText) walk(source.forChild(offset, child), child);
    });
  };
  walk(numberingKey.getState(state)!.labels, state.doc);
  return drawn;
}

function run(state: EditorState, command: Command): EditorState {
  let next = state;
  expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true);
  return next;
}

describe("numberingPlugin", () => {
  const structured = doc(
    chapter("c1", "总则", plain("a1")),
    chapter(
      "c2",
      "管理",
      section(
        "s1",
        "一般规定",
        art(
          "a2",
          par(
            "p1",
            "包括<a>：",
            item("i1", "甲：", sub("s1a", "子一"), sub("s1b", "子二")),
            item("i2", "乙。"),
          ),
        ),
      ),
    ),
  );

  it("labels chapters, sections, articles, items and sub-items as drafters number them", () => {
    expect(labels(numbered(structured))).toEqual([
      "第一章",
      "第一条",
      "第二章",
      "第一节",
      "第二条",
      "（一）",
      "1.",
      "2.",
      "（二）",
    ]);
  });

  it("renders English labels when asked", () => {
    expect(labels(numbered(structured, "en"))).toEqual([
      "Chapter 1",
      "Article 1",
      "Chapter 2",
      "Section 1",
      "Article 2",
      "(a)",
      "1.",
      "2.",
      "(b)",
    ]);
  });

  it("puts each label where its text begins", () => {
    const state = numbered(doc(plain("a1"), plain("a2")));
    const decorations = numberingKey.getState(state)!.labels.find();
    for (const decoration of decorations) {
      const $label = state.doc.resolve(decoration.from);
      expect($label.parent.type.name).toBe("para_text");
      expect($label.parentOffset).toBe(0);
    }
  });

  it("renumbers at once when an article is inserted in the middle", () => {
    const state = numbered(doc(art("a1", par("a1p", "甲<a>。")), plain("a2"), plain("a3")));
    const after = run(state, insertArticleAfter);
    expect(labels(after)).toEqual(["第一条", "第二条", "第三条", "第四条"]);
    expect(labelOf(after, "a2")).toBe("第三条");
    expect(labelOf(after, "a3")).toBe("第四条");
    expect(numberingKey.getState(after)!.numbers.get("a3")?.number).toBe(4);
  });

  it("follows a moved article", () => {
    const state = numbered(doc(art("a1", par("a1p", "甲<a>。")), plain("a2")));
    const after = run(state, moveProvisionDown);
    expect(labelOf(after, "a1")).toBe("第二条");
    expect(labelOf(after, "a2")).toBe("第一条");
  });

  it("keeps its numbers while the drafter types, only moving the labels along", () => {
    const state = numbered(doc(plain("a1"), art("a2", par("a2p", "<a>乙。"))));
    const typed = state.apply(state.tr.insertText("新增文字"));
    expect(numberingKey.getState(typed)!.numbers).toBe(numberingKey.getState(state)!.numbers);
    const second = numberingKey
      .getState(typed)!
      .labels.find()
      .find((decoration) => decoration.spec.pid === "a2")!;
    // The label stays before the text typed at the start of the article.
    expect(second.from).toBe(state.selection.from);
    expect(typed.doc.textBetween(second.from, second.from + 4)).toBe("新增文字");
  });

  it("after any edit shows exactly the labels a fresh numbering would", () => {
    // Twelve articles, so small edits take the incremental path rather than a rebuild.
    const articles = Array.from({ length: 12 }, (_, index) => plain(`a${index}`));
    const start = numbered(
      doc(
        chapter("c1", "总则", ...articles.slice(0, 6)),
        chapter(
          "c2",
          "管理",
          art("x", par("xp", "包括：", item("x1", "甲<a>", sub("x1a", "子")), item("x2", "乙"))),
          ...articles.slice(6),
        ),
      ),
    );
    const edits: Command[] = [
      splitProvision, // a new first sub-item of 甲
      outdent, // …lifted to an item, taking 子 along
      indentToItem, // …and sunk back
      insertParagraphAfter,
      deleteProvision, // the new paragraph; the cursor moves to the next article
      moveProvisionUp, // that article moves above the one with items
      insertArticleAfter,
    ];
    let state = start;
    for (const edit of edits) {
      state = run(state, edit);
      const shownLabels = numberingKey
        .getState(state)!
        .labels.find()
        .map((decoration) => [decoration.from, decoration.spec.key, decoration.spec.pid]);
      const fresh = buildNumbering(state.doc, "zh")
        .labels.find()
        .map((decoration) => [decoration.from, decoration.spec.key, decoration.spec.pid]);
      const byPosition = (left: unknown[], right: unknown[]) =>
        (left[0] as number) - (right[0] as number);
      expect(shownLabels.sort(byPosition)).toEqual(fresh.sort(byPosition));
    }
  });

  it("draws the label of every article after 插入章 or 插入节 in the middle of a draft", () => {
    const five = () => [
      plain("a1"),
      plain("a2"),
      art("a3", par("p3", "第三<a>条")),
      plain("a4"),
      plain("a5"),
    ];
    const cases: [TaggedNode, Command][] = [
      [doc(...five()), insertChapter],
      [doc(chapter("c1", "总则", ...five())), insertChapter],
      [doc(chapter("c1", "总则", ...five())), insertSection],
    ];
    for (const [start, command] of cases) {
      const after = run(numbered(start), command);
      const fresh = labelsInOrder(buildNumbering(after.doc, "zh").labels).map((l) => l.label);
      expect(labels(after)).toEqual(fresh);
      expect(drawnLabels(after).sort()).toEqual([...fresh].sort());
    }
  });

  it("draws a label as a non-editable span the app can style", () => {
    // Just enough of a DOM for a widget: the plugin uses the view's own document.
    const element = { className: "", textContent: "", attributes: {} as Record<string, string> };
    const fakeView = {
      dom: {
        ownerDocument: {
          createElement: () => ({
            ...element,
            setAttribute(name: string, value: string) {
              this.attributes[name] = value;
            },
          }),
        },
      },
    };
    const [first] = numberingKey.getState(numbered(doc(plain("a1"))))!.labels.find();
    const widget = first as unknown as { type: { toDOM: (view: unknown) => typeof element } };
    const drawn = widget.type.toDOM(fakeView);
    expect(drawn.textContent).toBe("第一条");
    expect(drawn.className).toBe("kaimen-label kaimen-label-article");
    expect(drawn.attributes.contenteditable).toBe("false");
  });
});
