// Cross-references (依照本条例第十条): text marked with the target's pid. The inserted text is the
// target's current citation; afterwards the xref plugin keeps what the drafter sees current,
// and refreshCrossReferences can write the current citations back into the stored text.

import { TextSelection } from "prosemirror-state";
import type { Command } from "prosemirror-state";
import { provisionNumbers } from "../plugins/numbering.ts";
import { citationsFrom, findCrossReferences, renderReference } from "../plugins/xref-ranges.ts";

/**
 * Inserts a reference to the provision `targetPid` at the cursor (replacing a selection within
 * one text), reading as its current citation such as 第十条 or 第十条第二款; false when the
 * target does not exist or the cursor is in text that cannot hold references (a heading).
 */
export function insertCrossReference(targetPid: string): Command {
  return (state, dispatch) => {
    const { $from, $to, from, to } = state.selection;
    const xref = state.schema.marks.xref;
    const textblock = $from.parent;
    if (!xref || !textblock.isTextblock || !$from.sameParent($to)) return false;
    if (!textblock.type.allowsMarkType(xref)) return false;
    const citation = citationsFrom(provisionNumbers(state))(targetPid);
    if (citation === null) return false;
    if (dispatch) {
      const text = state.schema.text(citation, [xref.create({ pid: targetPid })]);
      const tr = state.tr.replaceWith(from, to, text);
      // The mark is not inclusive, so what the drafter types next is plain text again.
      tr.setSelection(TextSelection.create(tr.doc, from + citation.length));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

// For a publish or an export that reads the stored text; references to deleted provisions
// keep their last rendering, which is all that is left to show.
/** Rewrites every reference made stale by renumbering to its current citation; false if none. */
export const refreshCrossReferences: Command = (state, dispatch) => {
  const citationOf = citationsFrom(provisionNumbers(state));
  const stale = findCrossReferences(state.doc)
    .map((range) => renderReference(range, citationOf))
    .filter((reference) => reference.current !== null && reference.current !== reference.text);
  if (stale.length === 0) return false;
  if (dispatch) {
    const tr = state.tr;
    const xref = state.schema.marks.xref!;
    // From the last to the first, so earlier positions stay valid as texts change length.
    for (const reference of stale.reverse()) {
      const marks = state.doc.resolve(reference.from + 1).marks();
      const withReference = xref.create({ pid: reference.pid }).addToSet(marks);
      tr.replaceWith(
        reference.from,
        reference.to,
        state.schema.text(reference.current!, withReference),
      );
    }
    dispatch(tr);
  }
  return true;
};
