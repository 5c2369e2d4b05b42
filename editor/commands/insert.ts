// New 条 and new 款. Numbers are computed from position, so inserting is only a matter of
// putting a fresh node in the right place; everything after it renumbers on its own. An
// amendment instead inserts 第十条之一 after 第十条 so that nothing after it renumbers: that
// article carries its suffix (insertSuffixedArticleAfter).

import type { Node as PMNode } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { Command, EditorState } from "prosemirror-state";
import { articleNode, paragraphNode } from "./nodes.ts";
import {
  FRONT_MATTER,
  bodyStart,
  canInsertAt,
  cursorContext,
  endOf,
  findAncestor,
  headingOwner,
} from "./queries.ts";

// Where a new article goes: after the article holding the cursor; first in a chapter or
// section whose heading holds it; first in the body when the cursor is in the title or
// preamble of a document of bare articles. Null when an article cannot go there.
function articleInsertPosition(state: EditorState): number | null {
  const $pos = cursorContext(state);
  const articleType = state.schema.nodes.article!;
  const article = findAncestor($pos, ["article"]);
  let target: number | null = null;
  if (article) {
    target = endOf(article);
  } else {
    const owner = headingOwner($pos);
    if (owner) {
      target = owner.node.type.name === "part" ? null : $pos.after($pos.depth);
    } else if ($pos.depth >= 1 && FRONT_MATTER.has($pos.node(1).type.name)) {
      target = bodyStart(state.doc);
    }
  }
  return target !== null && canInsertAt(state.doc, target, articleType) ? target : null;
}

/**
 * Inserts a new article (条) after the one holding the cursor, or as the first article of the
 * chapter or section whose heading holds it, and puts the cursor in its first paragraph.
 */
export const insertArticleAfter: Command = (state, dispatch) => {
  const target = articleInsertPosition(state);
  if (target === null) return false;
  if (dispatch) {
    const tr = state.tr.insert(target, articleNode(state.schema));
    // article > paragraph > para_text: three openings to the first character.
    tr.setSelection(TextSelection.create(tr.doc, target + 3));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/**
 * Inserts a new paragraph (款) after the paragraph holding the cursor (also from one of its
 * items), in the same article, and puts the cursor in it.
 */
export const insertParagraphAfter: Command = (state, dispatch) => {
  const paragraph = findAncestor(cursorContext(state), ["paragraph"]);
  if (!paragraph) return false;
  if (dispatch) {
    const target = endOf(paragraph);
    const tr = state.tr.insert(target, paragraphNode(state.schema));
    tr.setSelection(TextSelection.create(tr.doc, target + 2));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

// The articles after `from` in document order, up to the first plain one: the run of inserted
// articles (之一, 之二 …) that hang from the same number, whatever division they stand in.
function suffixedRunAfter(doc: PMNode, from: number): { node: PMNode; pos: number }[] {
  const run: { node: PMNode; pos: number }[] = [];
  let ended = false;
  doc.nodesBetween(from, doc.content.size, (node, pos) => {
    if (ended) return false;
    if (node.type.name !== "article") return true;
    if (pos < from) return false;
    if (!((node.attrs.suffix as number) > 0)) ended = true;
    else run.push({ node, pos });
    return false;
  });
  return run;
}

/**
 * Inserts an article as an amendment does, without renumbering what follows: after 第十条 it is
 * 第十条之一, after 第十条之一 it is 第十条之二 (an inserted article already holding that suffix
 * moves on to the next, so labels stay in order and unique). The cursor goes to its first
 * paragraph. Only from inside an article.
 */
export const insertSuffixedArticleAfter: Command = (state, dispatch) => {
  const article = findAncestor(cursorContext(state), ["article"]);
  if (!article) return false;
  const target = endOf(article);
  if (!canInsertAt(state.doc, target, state.schema.nodes.article!)) return false;
  if (dispatch) {
    const suffix = ((article.node.attrs.suffix as number) || 0) + 1;
    const fresh = articleNode(state.schema);
    const tr = state.tr;
    // Later inserted articles of the same run first, while their positions still hold.
    let previous = suffix;
    for (const { node, pos } of suffixedRunAfter(state.doc, target)) {
      const own = node.attrs.suffix as number;
      if (own > previous) break;
      previous += 1;
      tr.setNodeAttribute(pos, "suffix", previous);
    }
    tr.insert(target, fresh.type.create({ ...fresh.attrs, suffix }, fresh.content));
    tr.setSelection(TextSelection.create(tr.doc, target + 3));
    dispatch(tr.scrollIntoView());
  }
  return true;
};
