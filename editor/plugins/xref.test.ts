import { describe, expect, it } from "vitest";
import { EditorState } from "prosemirror-state";
import type { Command } from "prosemirror-state";
import type { Decoration } from "prosemirror-view";
import { insertCrossReference } from "../commands/cross-reference.ts";
import { deleteProvisionByPid } from "../commands/delete.ts";
import { insertArticleAfter, insertParagraphAfter } from "../commands/insert.ts";
import { moveProvision, moveProvisionDown, moveProvisionUp } from "../commands/move.ts";
import { splitProvision } from "../commands/split.ts";
import { art, doc, par, ref, stateFor } from "../commands/test-support.ts";
import type { TaggedNode } from "../commands/test-support.ts";
import { numberingPlugin } from "./numbering.ts";
import { xrefKey, xrefPlugin } from "./xref.ts";

function withReferences(docNode: TaggedNode): EditorState {
  return stateFor(docNode, [numberingPlugin(), xrefPlugin()]);
}

function run(state: EditorState, command: Command): EditorState {
  let next = state;
  expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true);
  return next;
}

function decorations(state: EditorState): Decoration[] {
  return xrefKey.getState(state)!.decorations.find();
}

// What the drafter sees for each reference: the drawn label, "broken", or nothing (as stored).
function shown(state: EditorState): string[] {
  return decorations(state)
    .filter((decoration) => decoration.spec.label !== undefined || decoration.spec.broken)
    .map((decoration) => (decoration.spec.broken ? "broken" : (decoration.spec.label as string)));
}

const citing = (pid: string, text: string) =>
  art("c", par("cp", ["依照", ref(pid, text), "的规定。"]));

describe("xrefPlugin", () => {
  it("draws nothing over a reference that already reads current", () => {
    const state = withReferences(doc(art("a1", par("a1p", "甲<a>。")), citing("a1", "第一条")));
    expect(decorations(state)).toEqual([]);
  });

  it("shows the target's new number after an article is inserted before it", () => {
    const state = withReferences(
      doc(art("a0", par("a0p", "<a>零。")), art("a1", par("a1p", "甲。")), citing("a1", "第二条")),
    );
    const after = run(state, insertArticleAfter);
    expect(shown(after)).toEqual(["第三条"]);
    const hidden = decorations(after).find((decoration) => decoration.spec.label === undefined)!;
    expect(after.doc.textBetween(hidden.from, hidden.to)).toBe("第二条");
  });

  it("flags a reference whose target was deleted, with a title", () => {
    const state = withReferences(
      doc(art("a1", par("a1p", "甲<a>。")), art("a2", par("a2p", "乙。")), citing("a2", "第二条")),
    );
    const after = run(state, deleteProvisionByPid("a2"));
    expect(shown(after)).toEqual(["broken"]);
    const flag = decorations(after)[0]!;
    expect(after.doc.textBetween(flag.from, flag.to)).toBe("第二条");
    const attrs = (flag as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
    expect(attrs.class).toBe("kaimen-xref-broken");
    expect(attrs.title).toBe("所引用的条款已被删除");
  });

  it("picks up a reference typed in, and follows it when its target is later deleted", () => {
    const state = withReferences(
      doc(
        art("a1", par("a1p", "甲。")),
        art("a2", par("a2p", "乙。")),
        art("a3", par("a3p", "依照<a>")),
      ),
    );
    const cited = run(state, insertCrossReference("a2"));
    expect(decorations(cited)).toEqual([]);
    const typed = cited.apply(cited.tr.insertText("的规定"));
    const gone = run(typed, deleteProvisionByPid("a2"));
    expect(shown(gone)).toEqual(["broken"]);
  });

  it("redraws a stale reference when its own text is edited", () => {
    const state = withReferences(
      doc(art("a1", par("a1p", "甲。")), art("a2", par("a2p", ["依照<a>", ref("a1", "第九条")]))),
    );
    expect(shown(state)).toEqual(["第一条"]);
    const edited = state.apply(state.tr.insertText("前"));
    expect(shown(edited)).toEqual(["第一条"]);
    const widget = decorations(edited).find((decoration) => decoration.spec.label)!;
    expect(edited.doc.textBetween(widget.from, widget.from + 3)).toBe("第九条");
  });

  it("after any edit draws exactly what a fresh rendering would", () => {
    const fillers = Array.from({ length: 6 }, (_, index) =>
      art(`f${index}`, par(`f${index}p`, index === 0 ? ["见", ref("f5", "第一条")] : "条文。")),
    );
    let state = withReferences(
      doc(
        art("a1", par("a1p", "甲。"), par("a1q", "第二款。")),
        art(
          "a2",
          par("a2p", ["依照", ref("a1q", "第一条第二款"), "<a>和", ref("a3", "第三条"), "。"]),
        ),
        art("a3", par("a3p", ["参照", ref("a2", "第九条")])),
        ...fillers,
      ),
    );
    const edits: Command[] = [
      moveProvision("down", "f0"), // an article holding a stale reference moves; nothing renumbers in use
      splitProvision, // the reference after the cursor moves to a new paragraph
      moveProvisionDown, // article 2 goes below article 3: both citations change
      insertParagraphAfter,
      deleteProvisionByPid("a1q"), // the cited paragraph goes: its reference breaks
      insertCrossReference("f0"),
      moveProvisionUp,
    ];
    const drawn = (current: EditorState) =>
      xrefKey
        .getState(current)!
        .decorations.find()
        .map(
          ({ from, to, spec }) =>
            `${from}-${to}:${spec.label ?? (spec.broken ? "broken" : "hidden")}`,
        )
        .sort();
    for (const edit of edits) {
      state = run(state, edit);
      const fresh = EditorState.create({
        doc: state.doc,
        plugins: [numberingPlugin(), xrefPlugin()],
      });
      expect(drawn(state)).toEqual(drawn(fresh));
    }
    expect(drawn(state).some((entry) => entry.endsWith("broken"))).toBe(true);
  });
});
