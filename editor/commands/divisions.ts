// Inserting a chapter (章) or section (节). A document holds either chapters or bare articles,
// and a chapter holds its own articles before its sections, so a new division usually has to
// take articles with it. The rule a drafter can predict: a new division starts at the article
// holding the cursor and takes it and what follows in the enclosing unit.
//
// insertChapter
//   - document of bare articles: the articles from the cursor's article to the end go into a
//     new chapter; any articles before it go into a first chapter with an empty heading for
//     the drafter to name (from the title or preamble, all articles go into one chapter);
//   - in a chapter, from an article (or section) that is not its first: that article and the
//     rest of the chapter move into a new chapter right after it;
//   - from a chapter's heading or its first article: a new, empty chapter after it;
//   - from a part's (编) heading: a new, empty first chapter of the part.
// insertSection
//   - from an article standing directly in a chapter (or from the chapter's heading): that
//     article and the chapter's following direct articles (all of them, from the heading) go
//     into a new section; with none to take, a new empty section before the others;
//   - in a section, from an article that is not its first: split the section there;
//   - from a section's heading or first article: a new, empty section after it;
//   - outside any chapter: not applicable.
// New divisions hold only a heading, with the cursor in it; Enter there adds the first article.
// Wrapping uses ReplaceAroundStep, so the articles moved into a division are not rewritten.

import { Fragment, Slice } from "prosemirror-model";
import type { ResolvedPos } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";
import type { Command, EditorState, Transaction } from "prosemirror-state";
import { ReplaceAroundStep, ReplaceStep } from "prosemirror-transform";
import { newPid } from "../pid.ts";
import { divisionNode } from "./nodes.ts";
import { bodyStart, cursorContext, endOf, findAncestor, headingOwner } from "./queries.ts";

type DivisionName = "chapter" | "section";
/** Changes a transaction and returns where the cursor goes. */
type Plan = (tr: Transaction) => number;

// Puts [from, to) inside a new division, after its empty heading.
function wrapInDivision(tr: Transaction, from: number, to: number, name: DivisionName): number {
  const shell = divisionNode(tr.doc.type.schema, name);
  const slice = new Slice(Fragment.from(shell), 0, 0);
  tr.step(new ReplaceAroundStep(from, to, from, to, slice, shell.nodeSize - 1, true));
  return from + 2;
}

// Closes the division around `pos` there and opens a new one with an empty heading, so what
// followed `pos` in the old division continues in the new one.
function splitDivisionAt(tr: Transaction, pos: number, name: DivisionName): number {
  const schema = tr.doc.type.schema;
  const type = schema.nodes[name]!;
  // The closing half is open at its start, so it merges into the division being split.
  const closing = type.create();
  const opening = type.create(
    { pid: newPid(), printedNumber: null },
    schema.nodes.heading!.create(),
  );
  tr.step(new ReplaceStep(pos, pos, new Slice(Fragment.from([closing, opening]), 1, 1)));
  return pos + 3;
}

function insertEmpty(tr: Transaction, pos: number, name: DivisionName): number {
  tr.insert(pos, divisionNode(tr.doc.type.schema, name));
  return pos + 2;
}

function planChapterless(state: EditorState, $pos: ResolvedPos): Plan {
  const start = bodyStart(state.doc);
  const end = state.doc.content.size;
  if (start === end) return (tr) => insertEmpty(tr, end, "chapter");
  const article = findAncestor($pos, ["article"]);
  const splitAt = article ? article.pos : start;
  return (tr) => {
    // All into one chapter first, then split it: wrapping only some of the articles would
    // leave chapters beside bare articles, which the schema refuses even for a step.
    const cursor = wrapInDivision(tr, start, end, "chapter");
    return splitAt === start ? cursor : splitDivisionAt(tr, tr.mapping.map(splitAt), "chapter");
  };
}

function planChapter(state: EditorState): Plan | null {
  const $pos = cursorContext(state);
  const body = state.doc.child(state.doc.childCount - 1).type.name;
  if (body !== "chapter" && body !== "part") return planChapterless(state, $pos);
  const owner = headingOwner($pos);
  if (owner?.node.type.name === "part") {
    return (tr) => insertEmpty(tr, $pos.after($pos.depth), "chapter");
  }
  const chapter = findAncestor($pos, ["chapter"]);
  if (!chapter) return null;
  const childIndex = $pos.index(chapter.depth);
  if (owner?.node.type.name === "chapter" || childIndex < 2) {
    return (tr) => insertEmpty(tr, endOf(chapter), "chapter");
  }
  return (tr) => splitDivisionAt(tr, $pos.posAtIndex(childIndex, chapter.depth), "chapter");
}

function planSection(state: EditorState): Plan | null {
  const $pos = cursorContext(state);
  const chapter = findAncestor($pos, ["chapter"]);
  if (!chapter) return null;
  const owner = headingOwner($pos);
  const section = findAncestor($pos, ["section"]);
  if (section) {
    const childIndex = $pos.index(section.depth);
    if (owner?.node.type.name === "section" || childIndex < 2) {
      return (tr) => insertEmpty(tr, endOf(section), "section");
    }
    return (tr) => splitDivisionAt(tr, $pos.posAtIndex(childIndex, section.depth), "section");
  }
  let firstSection = 1;
  while (firstSection < chapter.node.childCount) {
    if (chapter.node.child(firstSection).type.name === "section") break;
    firstSection++;
  }
  const fromIndex = owner ? 1 : $pos.index(chapter.depth);
  const wrapFrom = $pos.posAtIndex(fromIndex, chapter.depth);
  const wrapTo = $pos.posAtIndex(firstSection, chapter.depth);
  if (wrapFrom === wrapTo) return (tr) => insertEmpty(tr, wrapTo, "section");
  return (tr) => wrapInDivision(tr, wrapFrom, wrapTo, "section");
}

function runPlan(plan: Plan | null): Command {
  return (state, dispatch) => {
    if (!plan) return false;
    if (dispatch) {
      const tr = state.tr;
      const cursor = plan(tr);
      tr.setSelection(TextSelection.create(tr.doc, cursor));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Inserts a chapter (章) at the cursor, moving articles into it as drafters expect (above). */
export const insertChapter: Command = (state, dispatch, view) =>
  runPlan(planChapter(state))(state, dispatch, view);

/** Inserts a section (节) in the cursor's chapter, moving articles into it (above). */
export const insertSection: Command = (state, dispatch, view) =>
  runPlan(planSection(state))(state, dispatch, view);
