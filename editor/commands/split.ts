// Enter inside a provision's text. A plain textblock split would copy the provision's pid into
// both halves; here the part before the cursor keeps the pid and the new part gets a fresh
// one, and the cases drafters meet get the result they expect:
//
//   - in the middle or at the end of a text: split into two provisions of the same kind;
//   - at the start of a non-empty text: a new empty provision before it, so the text (and the
//     pid opinions point to) stays where it was;
//   - at the end of a 款's lead-in that has items (…包括：), or of a 项 that has sub-items: a
//     new first item or sub-item;
//   - in an empty 项 or 目: lift it one level (as in a list);
//   - in the empty last 款 of an article: it leaves as a new 条, so Enter, Enter starts the
//     next article;
//   - in a chapter or section heading: a new first article of it.

import type { ResolvedPos } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { Command, Transaction } from "prosemirror-state";
import { newPid } from "../pid.ts";
import { outdentItem, outdentSubitem } from "./indent.ts";
import { insertArticleAfter } from "./insert.ts";
import { articleNode, itemNode, paragraphNode, subitemNode } from "./nodes.ts";

// Splits the provision around the cursor into two of the same kind; the second gets a new pid.
function splitInTwo(tr: Transaction, $cursor: ResolvedPos): number {
  const provisionType = $cursor.node($cursor.depth - 1).type;
  tr.split($cursor.pos, 2, [{ type: provisionType, attrs: { pid: newPid() } }]);
  // Closing text and provision, opening provision and text.
  return $cursor.pos + 4;
}

function splitParagraph(tr: Transaction, $cursor: ResolvedPos): number {
  const schema = tr.doc.type.schema;
  const depth = $cursor.depth;
  const text = $cursor.parent;
  const paragraph = $cursor.node(depth - 1);
  const article = $cursor.node(depth - 2);
  const hasItems = paragraph.childCount > 1;
  const isLast = $cursor.index(depth - 2) === article.childCount - 1;
  if (text.content.size === 0 && !hasItems && isLast && article.childCount > 1) {
    tr.delete($cursor.before(depth - 1), $cursor.after(depth - 1));
    const insertAt = tr.mapping.map($cursor.after(depth - 2));
    tr.insert(insertAt, articleNode(schema, [paragraph]));
    return insertAt + 3;
  }
  if ($cursor.parentOffset === 0 && text.content.size > 0) {
    const empty = paragraphNode(schema);
    tr.insert($cursor.before(depth - 1), empty);
    return $cursor.pos + empty.nodeSize;
  }
  if ($cursor.parentOffset === text.content.size && hasItems) {
    const insertAt = $cursor.after(depth);
    tr.insert(insertAt, itemNode(schema));
    return insertAt + 2;
  }
  return splitInTwo(tr, $cursor);
}

function splitItem(tr: Transaction, $cursor: ResolvedPos): number {
  const schema = tr.doc.type.schema;
  const depth = $cursor.depth;
  const text = $cursor.parent;
  const item = $cursor.node(depth - 1);
  if (text.content.size === 0 && item.childCount === 1) {
    return outdentItem(tr, $cursor) ?? $cursor.pos;
  }
  if ($cursor.parentOffset === 0 && text.content.size > 0) {
    const empty = itemNode(schema);
    tr.insert($cursor.before(depth - 1), empty);
    return $cursor.pos + empty.nodeSize;
  }
  if ($cursor.parentOffset === text.content.size && item.childCount > 1) {
    const insertAt = $cursor.after(depth);
    tr.insert(insertAt, subitemNode(schema));
    return insertAt + 2;
  }
  return splitInTwo(tr, $cursor);
}

function splitSubitem(tr: Transaction, $cursor: ResolvedPos): number {
  const depth = $cursor.depth;
  const text = $cursor.parent;
  if (text.content.size === 0) return outdentSubitem(tr, $cursor) ?? $cursor.pos;
  if ($cursor.parentOffset === 0) {
    const empty = subitemNode(tr.doc.type.schema);
    tr.insert($cursor.before(depth - 1), empty);
    return $cursor.pos + empty.nodeSize;
  }
  return splitInTwo(tr, $cursor);
}

const SPLITTERS: Record<string, (tr: Transaction, $cursor: ResolvedPos) => number> = {
  para_text: splitParagraph,
  item_text: splitItem,
  subitem_text: splitSubitem,
};

/** Enter: splits a paragraph, item or sub-item at the cursor (see the rules above). */
export const splitProvision: Command = (state, dispatch, view) => {
  const { $from, $to } = state.selection;
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return false;
  if ($from.parent.type.name === "heading") return insertArticleAfter(state, dispatch, view);
  const splitter = SPLITTERS[$from.parent.type.name];
  if (!splitter) return false;
  if (dispatch) {
    const tr = state.tr;
    if (!state.selection.empty) tr.deleteSelection();
    const cursor = splitter(tr, tr.selection.$from);
    tr.setSelection(TextSelection.create(tr.doc, cursor));
    dispatch(tr.scrollIntoView());
  }
  return true;
};
