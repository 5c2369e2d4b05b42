// Deleting a provision with everything in it. The provision is the innermost one around the
// cursor (目, 项, 款, or the 条 when its only 款 would go), or the division whose heading holds
// the cursor; a chapter goes with its sections and articles, since moving them elsewhere is
// what moveProvision is for. A document must keep at least one article, so a deletion that
// would remove the last one is refused.

import { Fragment } from "prosemirror-model";
import { NodeSelection, Selection } from "prosemirror-state";
import type { Command, EditorState } from "prosemirror-state";
import type { FoundNode } from "./queries.ts";
import {
  countArticles,
  cursorContext,
  endOf,
  findAncestor,
  findByPid,
  headingOwner,
} from "./queries.ts";

const TEXT_PROVISIONS = ["subitem", "item", "paragraph", "article"];

function provisionAtCursor(state: EditorState): FoundNode | null {
  const { selection } = state;
  if (selection instanceof NodeSelection && selection.node.attrs.pid !== undefined) {
    return { node: selection.node, pos: selection.from, depth: selection.$from.depth + 1 };
  }
  const $pos = cursorContext(state);
  const owner = headingOwner($pos);
  if (owner) return owner;
  const innermost = findAncestor($pos, TEXT_PROVISIONS);
  if (
    innermost?.node.type.name === "paragraph" &&
    $pos.node(innermost.depth - 1).childCount === 1
  ) {
    return findAncestor($pos, ["article"]);
  }
  return innermost;
}

function deleteFound(found: FoundNode | null): Command {
  return (state, dispatch) => {
    if (!found) return false;
    const articlesInside = countArticles(found.node);
    if (articlesInside > 0 && articlesInside === countArticles(state.doc)) return false;
    const $pos = state.doc.resolve(found.pos);
    const index = $pos.index();
    if (!$pos.parent.canReplace(index, index + 1, Fragment.empty)) return false;
    if (dispatch) {
      const { from, to } = state.selection;
      const tr = state.tr.delete(found.pos, endOf(found));
      // A cursor inside the deleted provision lands on what followed it (or what preceded
      // it); one elsewhere (deleting from the outline) stays where it was.
      if (from >= found.pos && to <= endOf(found)) {
        tr.setSelection(Selection.near(tr.doc.resolve(found.pos), 1));
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Deletes the provision at the cursor with its contents; false if it is the last article. */
export const deleteProvision: Command = (state, dispatch, view) =>
  deleteFound(provisionAtCursor(state))(state, dispatch, view);

/** Deletes the article (条) holding the cursor, whichever of its parts the cursor is in. */
export const deleteArticle: Command = (state, dispatch, view) =>
  deleteFound(findAncestor(cursorContext(state), ["article"]))(state, dispatch, view);

/** Deletes the provision with the given pid (for the outline); false when it cannot go. */
export function deleteProvisionByPid(pid: string): Command {
  return (state, dispatch, view) => deleteFound(findByPid(state.doc, pid))(state, dispatch, view);
}
