import { describe, expect, it } from "vitest";
import { closeHistory } from "prosemirror-history";
import type { Command, EditorState, Transaction } from "prosemirror-state";
import { buildKeymap } from "../commands/keymap.ts";
import { art, doc, docTitled, par, pidsOf, stateFor } from "../commands/test-support.ts";
import { editorPlugins, labelsInOrder, numberingKey } from "./index.ts";

function press(state: EditorState, key: string): EditorState | null {
  const command: Command | undefined = buildKeymap()[key];
  if (!command) throw new Error(`${key} is not bound`);
  let next: EditorState | null = null;
  command(state, (tr) => (next = state.apply(tr)));
  return next;
}

function articleLabels(state: EditorState): string[] {
  return labelsInOrder(numberingKey.getState(state)!.labels)
    .filter((spec) => spec.kind === "article")
    .map((spec) => `${spec.label}:${spec.pid}`);
}

describe("editorPlugins and the keymap", () => {
  it("binds every editing key the drafter is promised", () => {
    const keys = Object.keys(buildKeymap());
    for (const key of [
      "Enter",
      "Tab",
      "Shift-Tab",
      "Mod-Enter",
      "Alt-ArrowUp",
      "Alt-ArrowDown",
      "Mod-z",
      "Mod-y",
      "Shift-Mod-z",
      "Backspace",
      "Delete",
    ]) {
      expect(keys).toContain(key);
    }
  });

  it("drafts with keys: Mod-Enter adds an article, Alt-ArrowUp moves it, Mod-z undoes each", () => {
    // closeHistory stands for the pause between two actions of the drafter.
    const pause = (state: EditorState) => state.apply(closeHistory(state.tr));
    const start = stateFor(
      doc(art("a1", par("a1p", "甲<a>。")), art("a2", par("a2p", "乙。"))),
      editorPlugins(),
    );
    const added = pause(press(start, "Mod-Enter")!);
    const [, newPid] = articleLabels(added)[1]!.split(":");
    expect(articleLabels(added)).toEqual(["第一条:a1", `第二条:${newPid}`, "第三条:a2"]);
    const moved = pause(press(added, "Alt-ArrowUp")!);
    expect(articleLabels(moved)).toEqual([`第一条:${newPid}`, "第二条:a1", "第三条:a2"]);
    const undoneMove = press(moved, "Mod-z")!;
    expect(undoneMove.doc.eq(added.doc)).toBe(true);
    const undoneAdd = press(undoneMove, "Mod-z")!;
    expect(undoneAdd.doc.eq(start.doc)).toBe(true);
    expect(articleLabels(undoneAdd)).toEqual(["第一条:a1", "第二条:a2"]);
    expect(press(undoneAdd, "Shift-Mod-z")!.doc.eq(added.doc)).toBe(true);
    expect(press(undoneAdd, "Mod-y")!.doc.eq(added.doc)).toBe(true);
  });

  it("Enter splits a paragraph with a fresh pid, leaving the pid plugin nothing to fix", () => {
    const start = stateFor(doc(art("a1", par("a1p", "前<a>后"))), editorPlugins());
    let made: Transaction | null = null;
    expect(buildKeymap().Enter!(start, (tr) => (made = tr))).toBe(true);
    const { state: split, transactions } = start.applyTransaction(made!);
    expect(transactions).toHaveLength(1);
    expect(pidsOf(split.doc).slice(0, 2)).toEqual(["a1", "a1p"]);
    expect(new Set(pidsOf(split.doc)).size).toBe(3);
  });

  it("lets Tab go (returns false) outside provisions, so focus can leave the editor", () => {
    const state = stateFor(docTitled("某<a>条例", art("a1", par("a1p", "甲。"))), editorPlugins());
    expect(buildKeymap().Tab!(state)).toBe(false);
  });

  it("labels in English with locale en", () => {
    const state = stateFor(doc(art("a1", par("a1p", "甲。"))), editorPlugins({ locale: "en" }));
    expect(articleLabels(state)).toEqual(["Article 1:a1"]);
  });
});
