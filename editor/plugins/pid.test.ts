import { describe, expect, it } from "vitest";
import type { EditorState } from "prosemirror-state";
import { art, doc, item, par, pidsOf, plain, stateFor } from "../commands/test-support.ts";
import { legalSchema } from "../schema.ts";
import { pidPlugin, repairPids } from "./pid.ts";

function withPlugin(): EditorState {
  return stateFor(doc(art("a1", par("a1p", "甲<a>。")), plain("a2")), [pidPlugin()]);
}

function expectUnique(state: EditorState): string[] {
  const pids = pidsOf(state.doc);
  expect(pids).not.toContain("");
  expect(new Set(pids).size).toBe(pids.length);
  return pids;
}

describe("pidPlugin", () => {
  it("gives a pasted copy of an article new pids; the original keeps its own", () => {
    const state = withPlugin();
    const original = state.doc.child(1);
    const pasted = state.apply(state.tr.insert(state.doc.content.size, original));
    const pids = expectUnique(pasted);
    expect(pids.slice(0, 4)).toEqual(["a1", "a1p", "a2", "a2p"]);
  });

  it("keeps the pid with the original even when the copy is pasted above it", () => {
    const state = withPlugin();
    const second = state.doc.child(2);
    const pasted = state.apply(state.tr.insert(state.doc.child(0).nodeSize, second));
    const pids = expectUnique(pasted);
    expect(pids.slice(2)).toEqual(["a1", "a1p", "a2", "a2p"]);
    expect(pids[0]).not.toBe("a2");
  });

  it("gives the second half of a plain split a new pid", () => {
    const state = withPlugin();
    const split = state.apply(state.tr.split(state.selection.from, 2));
    const pids = expectUnique(split);
    expect(pids.slice(0, 2)).toEqual(["a1", "a1p"]);
    expect(split.doc.child(1).childCount).toBe(2);
  });

  it("gives provisions created without a pid a fresh one", () => {
    const state = withPlugin();
    const blank = legalSchema.nodes.article!.createAndFill()!;
    const inserted = state.apply(state.tr.insert(state.doc.content.size, blank));
    expect(expectUnique(inserted)).toHaveLength(6);
  });

  it("adds no transaction of its own while the drafter types", () => {
    const state = withPlugin();
    const { transactions } = state.applyTransaction(state.tr.insertText("字"));
    expect(transactions).toHaveLength(1);
  });

  it("leaves steps received from the collaboration server alone", () => {
    const state = withPlugin();
    const blank = legalSchema.nodes.article!.createAndFill()!;
    const tr = state.tr.insert(state.doc.content.size, blank).setMeta("rebased", 0);
    expect(state.applyTransaction(tr).transactions).toHaveLength(1);
  });
});

describe("repairPids", () => {
  it("repairs a loaded document: first holder keeps a duplicated pid, blanks get one", () => {
    const state = stateFor(
      doc(art("a1", par("p", "甲<a>", item("", "子"))), art("a1", par("p", "乙"))),
    );
    const repaired = state.apply(repairPids(state)!);
    const pids = expectUnique(repaired);
    expect(pids.slice(0, 2)).toEqual(["a1", "p"]);
    expect(repairPids(repaired)).toBeNull();
  });
});
