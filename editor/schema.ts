// The ProseMirror schema of a Chinese regulation. Structure is explicit in the tree (章 > 节 > 条
// > 款 > 项 > 目) so numbering can be computed from position and every provision can carry a
// stable pid. Labels such as 第十二条 are never stored in the text: they are rendered.

import { Schema } from "prosemirror-model";
import type { DOMOutputSpec, MarkSpec, NodeSpec, TagParseRule } from "prosemirror-model";

export type * from "./document-json.ts";
export { PROVISION_NODE_TYPES, isProvisionType } from "./document-json.ts";

// An empty pid is allowed so commands can createAndFill new provisions; ensureUniquePids (or
// the editor's pid plugin) gives them an identity before they are saved.
const pidAttrs = { pid: { default: "", validate: "string" } };
const numberedAttrs = {
  ...pidAttrs,
  printedNumber: { default: null, validate: "number|null" },
};

// An article inserted by an amendment without renumbering what follows (第十条之一) keeps its
// suffix here: numbering does not advance for it and prints 之一 after the number.
const articleAttrs = {
  ...numberedAttrs,
  suffix: { default: 0, validate: "number" },
};
// An item list interrupted by a paragraph can go on counting: （三） … a paragraph … （四）. The
// first item of the later list carries `continues`, and numbering resumes from the previous
// list of the same article.
const itemAttrs = {
  ...pidAttrs,
  continues: { default: false, validate: "boolean" },
};

function readPid(dom: HTMLElement): { pid: string } {
  return { pid: dom.getAttribute("data-pid") ?? "" };
}

function readArticle(dom: HTMLElement) {
  const suffix = Number.parseInt(dom.getAttribute("data-suffix") ?? "", 10);
  return { ...readNumbered(dom), suffix: Number.isFinite(suffix) && suffix > 0 ? suffix : 0 };
}

function readItem(dom: HTMLElement) {
  return { ...readPid(dom), continues: dom.getAttribute("data-continues") === "true" };
}

function readNumbered(dom: HTMLElement): { pid: string; printedNumber: number | null } {
  const printed = Number.parseInt(dom.getAttribute("data-printed-number") ?? "", 10);
  return { ...readPid(dom), printedNumber: Number.isFinite(printed) ? printed : null };
}

// Provisions render as elements carrying their pid, so pasted HTML keeps identity and the
// app's CSS or node views can draw the computed labels.
function provisionSpec(
  tag: string,
  className: string,
  content: string,
  numbered: boolean,
  own?: { attrs: NodeSpec["attrs"]; read: (dom: HTMLElement) => Record<string, unknown> },
): NodeSpec {
  const parseRule: TagParseRule = {
    tag: `${tag}.${className}`,
    getAttrs: (dom) => (own ? own.read(dom) : numbered ? readNumbered(dom) : readPid(dom)),
  };
  return {
    content,
    attrs: own ? own.attrs : numbered ? numberedAttrs : pidAttrs,
    defining: true,
    parseDOM: [parseRule],
    toDOM(node): DOMOutputSpec {
      const attrs: Record<string, string> = { class: className, "data-pid": node.attrs.pid };
      if (numbered && node.attrs.printedNumber !== null) {
        attrs["data-printed-number"] = String(node.attrs.printedNumber);
      }
      if (node.attrs.suffix) attrs["data-suffix"] = String(node.attrs.suffix);
      if (node.attrs.continues) attrs["data-continues"] = "true";
      return [tag, attrs, 0];
    },
  };
}

function textblockSpec(tag: string, className: string, allowMarks: boolean): NodeSpec {
  return {
    content: "text*",
    marks: allowMarks ? "_" : "",
    parseDOM: [{ tag: `${tag}.${className}` }],
    toDOM: (): DOMOutputSpec => [tag, { class: className }, 0],
  };
}

const nodes: Record<string, NodeSpec> = {
  // A document holds parts, chapters or bare articles, never a mix: a source whose first
  // articles stand outside any chapter is imported with those articles in a chapter without
  // a heading, so chapter numbers still match the printed ones.
  doc: { content: "title note* preamble* (part+ | chapter+ | article*)" },
  title: textblockSpec("h1", "kaimen-title", false),
  note: textblockSpec("p", "kaimen-note", false),
  preamble: textblockSpec("p", "kaimen-preamble", true),
  heading: textblockSpec("h2", "kaimen-heading", false),
  part: provisionSpec("section", "kaimen-part", "heading chapter*", true),
  // Articles before sections covers both plain chapters and chapters divided into sections.
  chapter: provisionSpec("section", "kaimen-chapter", "heading article* section*", true),
  section: provisionSpec("section", "kaimen-section", "heading article*", true),
  article: provisionSpec("section", "kaimen-article", "paragraph+", true, {
    attrs: articleAttrs,
    read: readArticle,
  }),
  paragraph: provisionSpec("div", "kaimen-paragraph", "para_text item*", false),
  para_text: textblockSpec("p", "kaimen-para-text", true),
  item: provisionSpec("div", "kaimen-item", "item_text subitem*", false, {
    attrs: itemAttrs,
    read: readItem,
  }),
  item_text: textblockSpec("p", "kaimen-item-text", true),
  subitem: provisionSpec("div", "kaimen-subitem", "subitem_text", false),
  subitem_text: textblockSpec("p", "kaimen-subitem-text", true),
  text: {},
};

const marks: Record<string, MarkSpec> = {
  // Not inclusive: typing at the end of 第十条 must not extend the reference.
  xref: {
    attrs: { pid: { validate: "string" } },
    inclusive: false,
    parseDOM: [
      {
        tag: "a[data-xref]",
        getAttrs: (dom) => ({ pid: dom.getAttribute("data-xref") ?? "" }),
      },
    ],
    toDOM: (mark): DOMOutputSpec => ["a", { class: "kaimen-xref", "data-xref": mark.attrs.pid }, 0],
  },
};

/** The schema of a legal document: title, notes, preamble, then 编/章/节/条/款/项/目. */
export const legalSchema = new Schema({ nodes, marks });
