// Moving a provision up or down. The provision is the article holding the cursor, or the
// chapter, section or part whose heading holds it (or, from the outline, any provision by
// pid). It trades places with its neighbour of the same kind; its pid travels with it and the
// numbers, being computed, follow at once.
//
// An article at the edge of its chapter or section keeps going in document order instead of
// stopping: up, it becomes the last article of the previous chapter or section (or a direct
// article of its chapter when it leaves the chapter's first section); down, it becomes the
// first article of the next section or chapter. Divisions and smaller provisions only swap
// with a sibling, since crossing a boundary would change their kind or their parent's shape.

import type { Node as PMNode, ResolvedPos } from "prosemirror-model";
import { NodeSelection, Selection, TextSelection } from "prosemirror-state";
import type { Command, EditorState } from "prosemirror-state";
import type { FoundNode } from "./queries.ts";
import {
  canInsertAt,
  cursorContext,
  endOf,
  findAncestor,
  findByPid,
  headingOwner,
} from "./queries.ts";

/** Which way a provision moves in document order. */
export type MoveDirection = "up" | "down";

// The first place an article may stand in a division: right after its heading.
function firstArticleSlot(divisionPos: number, division: PMNode): number {
  return divisionPos + 1 + division.child(0).nodeSize;
}

function articleSlotAbove($article: ResolvedPos): number | null {
  const depth = $article.depth;
  if (depth === 0) return null;
  const container = $article.node(depth);
  const containerPos = $article.before(depth);
  const previous = $article.node(depth - 1).maybeChild($article.index(depth - 1) - 1);
  if (previous && previous.type === container.type) {
    // Into the previous division, after its last article (inside its last section if any).
    return previous.lastChild?.type.name === "section" ? containerPos - 2 : containerPos - 1;
  }
  // Out of a chapter's first section, the article stands directly in the chapter.
  const articleType = container.type.schema.nodes.article!;
  return canInsertAt($article.doc, containerPos, articleType) ? containerPos : null;
}

function articleSlotBelow($article: ResolvedPos): number | null {
  for (let depth = $article.depth; depth > 0; depth--) {
    const container = $article.node(depth);
    const next = $article.node(depth - 1).maybeChild($article.index(depth - 1) + 1);
    if (next && next.type === container.type) {
      return firstArticleSlot($article.after(depth), next);
    }
    // The last section of a chapter hands the article on to the chapter around it.
    if (container.type.name !== "section" || next) return null;
  }
  return null;
}

// Where the provision goes, as a position in the current document; null when it cannot move.
function moveTarget(doc: PMNode, found: FoundNode, direction: MoveDirection): number | null {
  const $node = doc.resolve(found.pos);
  const index = $node.index();
  const isArticle = found.node.type.name === "article";
  if (direction === "up") {
    const previous = $node.parent.maybeChild(index - 1);
    if (previous?.type === found.node.type) return found.pos - previous.nodeSize;
    if (!isArticle || previous?.type.name !== "heading") return null;
    return articleSlotAbove($node);
  }
  const next = $node.parent.maybeChild(index + 1);
  if (next?.type === found.node.type) return endOf(found) + next.nodeSize;
  if (isArticle && next?.type.name === "section") return firstArticleSlot(endOf(found), next);
  if (next || !isArticle) return null;
  return articleSlotBelow($node);
}

function provisionToMove(state: EditorState, pid: string | undefined): FoundNode | null {
  if (pid !== undefined) return findByPid(state.doc, pid);
  const { selection } = state;
  // A provision selected as a whole (clicked in the outline) is the one to move.
  if (selection instanceof NodeSelection && selection.node.attrs.pid !== undefined) {
    return { node: selection.node, pos: selection.from, depth: selection.$from.depth + 1 };
  }
  const $pos = cursorContext(state);
  return headingOwner($pos) ?? findAncestor($pos, ["article"]);
}

/**
 * Moves a provision one place up or down: the one with `pid` when given (for the outline),
 * otherwise the article or division at the cursor (see the rules above).
 */
export function moveProvision(direction: MoveDirection, pid?: string): Command {
  return (state, dispatch) => {
    const found = provisionToMove(state, pid);
    if (!found) return false;
    const target = moveTarget(state.doc, found, direction);
    if (target === null) return false;
    if (dispatch) {
      const { node, pos: from } = found;
      const to = endOf(found);
      const tr = state.tr;
      let newStart: number;
      if (target < from) {
        tr.delete(from, to).insert(target, node);
        newStart = target;
      } else {
        tr.insert(target, node).delete(from, to);
        newStart = target - node.nodeSize;
      }
      // The selection travels with the provision it was in.
      const { selection } = state;
      if (selection.from >= from && selection.to <= to) {
        const shift = newStart - from;
        if (selection instanceof NodeSelection) {
          tr.setSelection(NodeSelection.create(tr.doc, selection.from + shift));
        } else if (selection instanceof TextSelection) {
          tr.setSelection(
            TextSelection.create(tr.doc, selection.anchor + shift, selection.head + shift),
          );
        } else {
          tr.setSelection(Selection.near(tr.doc.resolve(selection.head + shift)));
        }
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Alt-ArrowUp: moves the article (or the division whose heading holds the cursor) up. */
export const moveProvisionUp: Command = moveProvision("up");

/** Alt-ArrowDown: moves the article (or the division whose heading holds the cursor) down. */
export const moveProvisionDown: Command = moveProvision("down");
