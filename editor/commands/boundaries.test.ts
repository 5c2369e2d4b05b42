import { describe, expect, it } from "vitest";
import type { Command, EditorState } from "prosemirror-state";
import { stopJoinBackward, stopJoinForward } from "./boundaries.ts";
import { buildKeymap } from "./keymap.ts";
import { apply, art, chapter, doc, docWithPreamble, par, stateFor } from "./test-support.ts";
import type { TaggedNode } from "./test-support.ts";

// A guard that applies swallows the key: it answers true and changes nothing.
function expectSwallowed(before: TaggedNode, command: Command): void {
  let dispatched = false;
  expect(command(stateFor(before), () => (dispatched = true))).toBe(true);
  expect(dispatched).toBe(false);
}

function press(before: TaggedNode, key: string): EditorState {
  const state = stateFor(before);
  let next = state;
  expect(buildKeymap()[key]!(state, (tr) => (next = state.apply(tr)))).toBe(true);
  return next;
}

describe("stopJoinBackward / stopJoinForward", () => {
  it("keep Backspace from pouring a chapter's first article into its heading", () => {
    const before = doc(chapter("c1", "总则", art("a1", par("a1p", "<a>甲。"))));
    expectSwallowed(before, stopJoinBackward);
    expect(press(before, "Backspace").doc.eq(before)).toBe(true);
  });

  it("keep Backspace from pouring the first article into the preamble", () => {
    expectSwallowed(docWithPreamble("序言", art("a1", par("a1p", "<a>甲。"))), stopJoinBackward);
  });

  it("keep Delete from pulling an article's text into a heading, or a heading into an article", () => {
    expectSwallowed(doc(chapter("c1", "总则<a>", art("a1", par("a1p", "甲。")))), stopJoinForward);
    expectSwallowed(
      doc(chapter("c1", "一", art("a1", par("a1p", "甲。<a>"))), chapter("c2", "二")),
      stopJoinForward,
    );
  });

  it("let provision texts join as usual: two paragraphs become one", () => {
    apply(doc(art("a1", par("p1", "甲。"), par("p2", "<a>乙。"))), stopJoinBackward, null);
    const joined = press(doc(art("a1", par("p1", "甲。"), par("p2", "<a>乙。"))), "Backspace");
    expect(joined.doc.eq(doc(art("a1", par("p1", "甲。乙。"))))).toBe(true);
  });

  it("decline away from the edge of a text", () => {
    apply(doc(chapter("c1", "总则", art("a1", par("a1p", "甲<a>。")))), stopJoinBackward, null);
  });
});
