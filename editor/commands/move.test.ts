import { describe, expect, it } from "vitest";
import { NodeSelection } from "prosemirror-state";
import { numberProvisionsInNode, provisionLabel } from "../numbering.ts";
import { moveProvision, moveProvisionDown, moveProvisionUp } from "./move.ts";
import { apply, art, chapter, doc, par, plain, section, stateFor } from "./test-support.ts";

const here = (pid: string) => art(pid, par(`${pid}p`, `${pid}<a>。`));

describe("moveProvisionUp / moveProvisionDown", () => {
  it("swaps an article with the one above; pids travel, numbers follow the position", () => {
    const result = apply(
      doc(plain("a1"), plain("a2"), here("a3")),
      moveProvisionUp,
      doc(plain("a1"), here("a3"), plain("a2")),
    );
    const numbers = numberProvisionsInNode(result.doc);
    expect(provisionLabel("article", numbers.get("a3")!.number)).toBe("第二条");
    expect(provisionLabel("article", numbers.get("a2")!.number)).toBe("第三条");
  });

  it("swaps an article with the one below", () => {
    apply(doc(here("a1"), plain("a2")), moveProvisionDown, doc(plain("a2"), here("a1")));
  });

  it("moves a whole chapter when the cursor is in its heading", () => {
    apply(
      doc(chapter("c1", "总则", plain("a1")), chapter("c2", "附<a>则", plain("a2"))),
      moveProvisionUp,
      doc(chapter("c2", "附<a>则", plain("a2")), chapter("c1", "总则", plain("a1"))),
    );
  });

  it("carries an article across a chapter boundary, in document order", () => {
    apply(
      doc(chapter("c1", "总则", plain("a1")), chapter("c2", "附则", here("a2"), plain("a3"))),
      moveProvisionUp,
      doc(chapter("c1", "总则", plain("a1"), here("a2")), chapter("c2", "附则", plain("a3"))),
    );
    apply(
      doc(chapter("c1", "总则", plain("a1"), here("a2")), chapter("c2", "附则", plain("a3"))),
      moveProvisionDown,
      doc(chapter("c1", "总则", plain("a1")), chapter("c2", "附则", here("a2"), plain("a3"))),
    );
  });

  it("moves into and out of sections", () => {
    const direct = doc(
      chapter("c1", "总则", plain("a1"), here("a2"), section("s1", "一", plain("a3"))),
    );
    const inSection = doc(
      chapter("c1", "总则", plain("a1"), section("s1", "一", here("a2"), plain("a3"))),
    );
    apply(direct, moveProvisionDown, inSection);
    apply(inSection, moveProvisionUp, direct);
    apply(
      doc(chapter("c1", "总则", section("s1", "一", here("a1"))), chapter("c2", "二", plain("a2"))),
      moveProvisionDown,
      doc(chapter("c1", "总则", section("s1", "一")), chapter("c2", "二", here("a1"), plain("a2"))),
    );
  });

  it("declines at the ends of the document and for a division with no sibling of its kind", () => {
    apply(doc(here("a1"), plain("a2")), moveProvisionUp, null);
    apply(doc(plain("a1"), here("a2")), moveProvisionDown, null);
    apply(doc(chapter("c1", "总<a>则", plain("a1"))), moveProvisionDown, null);
    apply(doc(chapter("c1", "总则", section("s1", "一<a>", plain("a1")))), moveProvisionUp, null);
  });

  it("moves a provision by pid for the outline, keeping it selected", () => {
    const initial = stateFor(doc(plain("a1"), here("a2")));
    const afterTitle = initial.doc.child(0).nodeSize;
    const state = initial.apply(
      initial.tr.setSelection(NodeSelection.create(initial.doc, afterTitle)),
    );
    let moved = state;
    expect(moveProvision("down", "a1")(state, (tr) => (moved = state.apply(tr)))).toBe(true);
    expect([moved.doc.child(1).attrs.pid, moved.doc.child(2).attrs.pid]).toEqual(["a2", "a1"]);
    const selection = moved.selection as NodeSelection;
    expect(selection.node.attrs.pid).toBe("a1");
    expect(moveProvision("down", "missing")(state)).toBe(false);
  });
});
