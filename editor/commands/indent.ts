// Tab and Shift-Tab: a paragraph (款) becomes an item (项) of the paragraph before it, an item
// becomes a sub-item (目) of the item before it, and back. The provision keeps its pid when it
// changes kind, so opinions on its text stay with the text. Each change inserts the rebuilt
// node first and deletes the old one second, touching no text outside the moved provision.

import type { ResolvedPos } from "prosemirror-model";
import type { Command, Transaction } from "prosemirror-state";
import { childrenFrom, itemNode, leadingText, paragraphNode, subitemNode } from "./nodes.ts";
import { restructureCommand } from "./restructure.ts";

// Paragraph → last item of the previous paragraph; its own items become sub-items.
function indentParagraph(tr: Transaction, $text: ResolvedPos): number | null {
  const textDepth = $text.depth;
  const paragraph = $text.node(textDepth - 1);
  if (paragraph.type.name !== "paragraph" || $text.index(textDepth - 2) === 0) return null;
  const items = childrenFrom(paragraph, 1);
  // A 目 has no level below it, so items that already hold sub-items cannot sink one level.
  if (items.some((item) => item.childCount > 1)) return null;
  const schema = tr.doc.type.schema;
  const subitems = items.map((item) => subitemNode(schema, leadingText(item), item.attrs.pid));
  const newItem = itemNode(schema, leadingText(paragraph), subitems, paragraph.attrs.pid);
  const paragraphStart = $text.before(textDepth - 1);
  const insertAt = paragraphStart - 1; // inside the previous paragraph, after its last child
  tr.insert(insertAt, newItem);
  const shift = newItem.nodeSize;
  tr.delete(paragraphStart + shift, paragraphStart + shift + paragraph.nodeSize);
  return insertAt + 2;
}

// Item → last sub-item of the previous item; its own sub-items follow it there.
function indentItem(tr: Transaction, $text: ResolvedPos): number | null {
  const textDepth = $text.depth;
  const item = $text.node(textDepth - 1);
  // Index 0 of a paragraph is its text, so the first item stands at index 1.
  if (item.type.name !== "item" || $text.index(textDepth - 2) <= 1) return null;
  const schema = tr.doc.type.schema;
  const moved = [subitemNode(schema, leadingText(item), item.attrs.pid), ...childrenFrom(item, 1)];
  const itemStart = $text.before(textDepth - 1);
  const insertAt = itemStart - 1; // inside the previous item, after its last sub-item
  tr.insert(insertAt, moved);
  const shift = moved.reduce((size, node) => size + node.nodeSize, 0);
  tr.delete(itemStart + shift, itemStart + shift + item.nodeSize);
  return insertAt + 2;
}

/**
 * Item → paragraph after its own; its sub-items become that paragraph's first items and the
 * items after it follow as the rest, so reading order is unchanged.
 */
export function outdentItem(tr: Transaction, $text: ResolvedPos): number | null {
  const textDepth = $text.depth;
  const item = $text.node(textDepth - 1);
  if (item.type.name !== "item") return null;
  const paragraph = $text.node(textDepth - 2);
  const schema = tr.doc.type.schema;
  const promoted = childrenFrom(item, 1).map((subitem) =>
    itemNode(schema, leadingText(subitem), [], subitem.attrs.pid),
  );
  const following = childrenFrom(paragraph, $text.index(textDepth - 2) + 1);
  const newParagraph = paragraphNode(
    schema,
    leadingText(item),
    [...promoted, ...following],
    item.attrs.pid,
  );
  tr.delete($text.before(textDepth - 1), $text.end(textDepth - 2));
  const insertAt = tr.mapping.map($text.after(textDepth - 2));
  tr.insert(insertAt, newParagraph);
  return insertAt + 2;
}

/** Sub-item → item after its own; the sub-items after it become its sub-items. */
export function outdentSubitem(tr: Transaction, $text: ResolvedPos): number | null {
  const textDepth = $text.depth;
  const subitem = $text.node(textDepth - 1);
  if (subitem.type.name !== "subitem") return null;
  const item = $text.node(textDepth - 2);
  const following = childrenFrom(item, $text.index(textDepth - 2) + 1);
  const newItem = itemNode(tr.doc.type.schema, leadingText(subitem), following, subitem.attrs.pid);
  tr.delete($text.before(textDepth - 1), $text.end(textDepth - 2));
  const insertAt = tr.mapping.map($text.after(textDepth - 2));
  tr.insert(insertAt, newItem);
  return insertAt + 2;
}

/** Tab: paragraph → item of the previous paragraph; item → sub-item of the previous item. */
export const indentToItem: Command = restructureCommand((tr, $text) => {
  const kind = $text.parent.type.name;
  if (kind === "para_text") return indentParagraph(tr, $text);
  if (kind === "item_text") return indentItem(tr, $text);
  return null;
});

/** Shift-Tab: sub-item → item; item → paragraph (the inverse of indentToItem). */
export const outdent: Command = restructureCommand((tr, $text) => {
  const kind = $text.parent.type.name;
  if (kind === "subitem_text") return outdentSubitem(tr, $text);
  if (kind === "item_text") return outdentItem(tr, $text);
  return null;
});

/** Backspace at the very start of an item or sub-item lifts it one level, as in a list. */
export const outdentAtStart: Command = (state, dispatch, view) => {
  const { selection } = state;
  if (!selection.empty || selection.$from.parentOffset !== 0) return false;
  return outdent(state, dispatch, view);
};
