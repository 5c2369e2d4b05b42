// Questions commands ask about where the cursor is: which article, paragraph or heading holds
// it, and whether a node may stand at a position. Kept apart so every command answers them the
// same way.

import type { Node as PMNode, NodeType, ResolvedPos } from "prosemirror-model";
import { NodeSelection } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";

/** A node found in the document, with the position just before it. */
export interface FoundNode {
  node: PMNode;
  pos: number;
  /** Its depth in the document (the doc itself is 0). */
  depth: number;
}

/** The end of a found node: the position just after it. */
export function endOf(found: FoundNode): number {
  return found.pos + found.node.nodeSize;
}

/**
 * Where a command looks from: the start of the selection, or just inside a selected node, so
 * a provision selected as a whole (from the outline) counts as the one the cursor is in.
 */
export function cursorContext(state: EditorState): ResolvedPos {
  const { selection } = state;
  if (selection instanceof NodeSelection && !selection.node.isLeaf) {
    return state.doc.resolve(selection.from + 1);
  }
  return selection.$from;
}

/** The innermost ancestor of a position whose type is one of `typeNames`, or null. */
export function findAncestor($pos: ResolvedPos, typeNames: readonly string[]): FoundNode | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (typeNames.includes(node.type.name)) return { node, pos: $pos.before(depth), depth };
  }
  return null;
}

/** The part, chapter or section whose heading holds the position, or null. */
export function headingOwner($pos: ResolvedPos): FoundNode | null {
  if ($pos.parent.type.name !== "heading" || $pos.depth < 2) return null;
  const depth = $pos.depth - 1;
  return { node: $pos.node(depth), pos: $pos.before(depth), depth };
}

/** The node types that stand before a document's body. */
export const FRONT_MATTER: ReadonlySet<string> = new Set(["title", "note", "preamble"]);

/** The position after the title, notes and preamble: where the body begins. */
export function bodyStart(doc: PMNode): number {
  let pos = 0;
  for (let index = 0; index < doc.childCount; index++) {
    const child = doc.child(index);
    if (!FRONT_MATTER.has(child.type.name)) break;
    pos += child.nodeSize;
  }
  return pos;
}

/** Whether a node of `type` may be inserted at `pos` without breaking the schema. */
export function canInsertAt(doc: PMNode, pos: number, type: NodeType): boolean {
  const $pos = doc.resolve(pos);
  const index = $pos.index();
  return $pos.parent.canReplaceWith(index, index, type);
}

/** The provision with the given pid, or null when the document has none. */
export function findByPid(doc: PMNode, pid: string): FoundNode | null {
  let found: FoundNode | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.isTextblock) return false;
    if (node.attrs.pid === pid) {
      found = { node, pos, depth: doc.resolve(pos).depth + 1 };
      return false;
    }
    return true;
  });
  return found;
}

/** How many articles a node holds (itself included when it is one). */
export function countArticles(node: PMNode): number {
  if (node.type.name === "article") return 1;
  let count = 0;
  node.descendants((child) => {
    if (child.type.name === "article") {
      count++;
      return false;
    }
    return !child.isTextblock;
  });
  return count;
}
