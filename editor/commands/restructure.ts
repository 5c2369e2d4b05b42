// A command that rebuilds the provision around the cursor's textblock (款 ↔ 项 ↔ 目) and puts
// the cursor back at the same place in the same text, wherever that text now lives.

import type { ResolvedPos } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { Command, Transaction } from "prosemirror-state";

/**
 * Rebuilds structure around the textblock at `$text` (resolved in `tr.doc`) and returns where
 * that text's content now starts, or null when the change does not apply there.
 */
export type Restructure = (tr: Transaction, $text: ResolvedPos) => number | null;

/** Turns a restructuring step into a command that keeps the selection inside the moved text. */
export function restructureCommand(restructure: Restructure): Command {
  return (state, dispatch) => {
    const { selection } = state;
    const { $from, $to } = selection;
    if (!$from.parent.isTextblock || !$from.sameParent($to)) return false;
    // Building the transaction is cheap (one article changes), and asking the same code that
    // would act is the surest way to answer "does this apply here?".
    const tr = state.tr;
    const textStart = restructure(tr, $from);
    if (textStart === null) return false;
    if (dispatch) {
      const start = $from.start();
      tr.setSelection(
        TextSelection.create(
          tr.doc,
          textStart + (selection.anchor - start),
          textStart + (selection.head - start),
        ),
      );
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}
