// Most transactions are typing: they change text inside one textblock and leave every
// provision where it was. Plugins that derive something from the document's structure
// (numbers, labels, references) ask these questions so typing costs a mapping, not a rebuild
// of a 1,260-article document.

import type { Transaction } from "prosemirror-state";
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep } from "prosemirror-transform";

/** A range of textblock content, from its first to its last position, in the new document. */
export interface TextblockRange {
  from: number;
  to: number;
}

/**
 * Whether a transaction changed only text (and its marks) inside textblocks, so no provision
 * was added, removed, moved or given another pid.
 */
export function changesOnlyText(tr: Transaction): boolean {
  return tr.steps.every((step, index) => {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return true;
    if (!(step instanceof ReplaceStep)) return false;
    const { slice } = step;
    if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
    for (let child = 0; child < slice.content.childCount; child++) {
      if (!slice.content.child(child).isInline) return false;
    }
    const before = tr.docs[index];
    if (!before) return false;
    const $from = before.resolve(step.from);
    return $from.parent.isTextblock && $from.sameParent(before.resolve(step.to));
  });
}

/**
 * Whether a transaction wrapped or unwrapped content in a new parent (插入章 and 插入节 put the
 * following articles into a new division with a ReplaceAroundStep; setNodeMarkup does the
 * same). DecorationSet.map keeps such decorations in find() but files some of them under
 * child ranges that are no longer nodes, so the view never draws them (the labels of the
 * articles after the cursor vanished after 插入章): decorations must be built afresh.
 */
export function rewrapsContent(tr: Transaction): boolean {
  return tr.steps.some((step) => step instanceof ReplaceAroundStep);
}

// Content that was only deleted leaves no range: decorations on it vanish when mapped.
/** The content ranges (in the new document) of textblocks whose content a transaction changed. */
export function changedTextblocks(tr: Transaction): TextblockRange[] {
  const blocks = new Map<number, number>();
  const collect = (from: number, to: number) =>
    tr.doc.nodesBetween(from, to, (node, pos) => {
      if (!node.isTextblock) return true;
      blocks.set(pos + 1, pos + 1 + node.content.size);
      return false;
    });
  tr.steps.forEach((step, index) => {
    const later = tr.mapping.slice(index + 1);
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      collect(later.map(step.from, -1), later.map(step.to, 1));
      return;
    }
    step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      collect(later.map(newStart, -1), later.map(newEnd, 1));
    });
  });
  return [...blocks].map(([from, to]) => ({ from, to }));
}
