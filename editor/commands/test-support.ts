// Builders and the one `apply(before, command, after)` helper for command tests. Documents are
// written with prosemirror-test-builder over legalSchema; <a> (and <b>) mark the selection.
// Provisions a command creates cannot have known pids, so an expected document writes "*"
// for them: apply checks each such pid is fresh and unique, then compares the rest exactly.

import type { Node as PMNode } from "prosemirror-model";
import { EditorState, Selection, TextSelection } from "prosemirror-state";
import type { Command, Plugin, Transaction } from "prosemirror-state";
import { builders } from "prosemirror-test-builder";
import type { MarkBuilder, NodeBuilder } from "prosemirror-test-builder";
import { expect } from "vitest";
import { isProvisionType } from "../document-json.ts";
import { legalSchema } from "../schema.ts";

/** A node built by the test builder, with its <a>/<b> tags. */
export type TaggedNode = ReturnType<NodeBuilder>;
/** A child of a builder: text (with tags), a node, or a marked run. */
export type Child = ReturnType<MarkBuilder>;

const built = builders(legalSchema) as unknown as Record<string, NodeBuilder> & {
  xref: MarkBuilder;
};

function builder(name: string): NodeBuilder {
  const found = built[name];
  if (!found) throw new Error(`No builder for ${name}`);
  return found;
}

const asList = (content: Child | Child[]): Child[] =>
  Array.isArray(content) ? content : [content];

/** A document titled 某条例 holding `body` (articles, chapters or parts). */
export const doc = (...body: Child[]): TaggedNode =>
  builder("doc")(builder("title")("某条例"), ...body);
/** A document with the given title (which may hold the <a> tag). */
export const docTitled = (title: Child, ...body: Child[]): TaggedNode =>
  builder("doc")(builder("title")(title), ...body);
/** A document with a preamble before its body. */
export const docWithPreamble = (preamble: Child, ...body: Child[]): TaggedNode =>
  builder("doc")(builder("title")("某条例"), builder("preamble")(preamble), ...body);
/** 编 with a heading and chapters. */
export const part = (pid: string, heading: Child, ...chapters: Child[]): TaggedNode =>
  builder("part")({ pid }, builder("heading")(heading), ...chapters);
/** 章 with a heading, then articles and sections. */
export const chapter = (pid: string, heading: Child, ...children: Child[]): TaggedNode =>
  builder("chapter")({ pid }, builder("heading")(heading), ...children);
/** 节 with a heading, then articles. */
export const section = (pid: string, heading: Child, ...articles: Child[]): TaggedNode =>
  builder("section")({ pid }, builder("heading")(heading), ...articles);
/** 条 with its paragraphs. */
export const art = (pid: string, ...paragraphs: Child[]): TaggedNode =>
  builder("article")({ pid }, ...paragraphs);
/** 条 with one paragraph (pid `${pid}p`) reading `text`: the filler of most tests. */
export const plain = (pid: string, text: string = `${pid}。`): TaggedNode =>
  builder("article")({ pid }, builder("paragraph")({ pid: `${pid}p` }, builder("para_text")(text)));
/** 款 with its text, then its items. */
export const par = (pid: string, text: Child | Child[], ...items: Child[]): TaggedNode =>
  builder("paragraph")({ pid }, builder("para_text")(...asList(text)), ...items);
/** 项 with its text, then its sub-items. */
export const item = (pid: string, text: Child | Child[], ...subitems: Child[]): TaggedNode =>
  builder("item")({ pid }, builder("item_text")(...asList(text)), ...subitems);
/** 目 with its text. */
export const sub = (pid: string, text: Child | Child[]): TaggedNode =>
  builder("subitem")({ pid }, builder("subitem_text")(...asList(text)));
/** A cross-reference to `pid` reading `text`. */
export const ref = (pid: string, text: string): Child => built.xref({ pid }, text);

/** An editor state on `docNode` with the selection at its <a> (to <b>) tag, else at the start. */
export function stateFor(docNode: TaggedNode, plugins: Plugin[] = []): EditorState {
  const anchor = docNode.tag.a;
  const selection =
    anchor === undefined
      ? Selection.atStart(docNode)
      : TextSelection.create(docNode, anchor, docNode.tag.b ?? anchor);
  return EditorState.create({ doc: docNode, selection, plugins });
}

/** Every provision pid of a document in document order. */
export function pidsOf(node: PMNode): string[] {
  const pids: string[] = [];
  node.descendants((child) => {
    if (isProvisionType(child.type.name)) pids.push(child.attrs.pid as string);
    return !child.isTextblock;
  });
  return pids;
}

// The result's JSON with each pid the `before` document did not have written as "*".
function withNewPidsStarred(result: PMNode, knownPids: ReadonlySet<string>): unknown {
  const json = result.toJSON() as { attrs?: { pid?: string }; type: string; content?: unknown[] };
  const star = (node: typeof json): void => {
    if (isProvisionType(node.type) && node.attrs?.pid && !knownPids.has(node.attrs.pid)) {
      node.attrs.pid = "*";
    }
    (node.content as (typeof json)[] | undefined)?.forEach(star);
  };
  star(json);
  return json;
}

// Besides the document, apply checks what every command owes: the dry run without dispatch
// gives the same answer, the result is valid, every pid is present and unique, and the
// selection sits at `after`'s <a> (to <b>) when it has one.
/** Runs `command` on `before` and checks the result is `after` (null: it must decline). */
export function apply(before: TaggedNode, command: Command, after: TaggedNode | null): EditorState {
  const state = stateFor(before);
  let dispatched: Transaction | null = null;
  const answer = command(state, (tr) => (dispatched = tr));
  expect(command(state), "the dry run answers as the real run").toBe(answer);
  if (after === null) {
    expect(answer, "the command declines").toBe(false);
    expect(dispatched).toBeNull();
    return state;
  }
  expect(answer, "the command applies").toBe(true);
  const tr = dispatched as Transaction | null;
  if (!tr) throw new Error("The command applied but dispatched nothing");
  const result = state.apply(tr);
  result.doc.check();
  const pids = pidsOf(result.doc);
  expect(
    pids.filter((pid) => pid === ""),
    "every provision has a pid",
  ).toEqual([]);
  expect(new Set(pids).size, "no pid is held twice").toBe(pids.length);
  expect(withNewPidsStarred(result.doc, new Set(pidsOf(before)))).toEqual(after.toJSON());
  if (after.tag.a !== undefined) {
    expect(result.selection.from, "the cursor lands where expected").toBe(after.tag.a);
    expect(result.selection.to).toBe(after.tag.b ?? after.tag.a);
  }
  return result;
}
