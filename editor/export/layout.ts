// A document in reading order as a flat list of labelled blocks: title, notes, preamble, then
// headings and the lines of each article. Plain text, Markdown and Word differ only in how
// they dress these blocks, so they cannot disagree about labels, references or which headings
// are printed.

import type {
  ArticleJSON,
  ChapterJSON,
  LegalDocJSON,
  ParagraphJSON,
  PartJSON,
  SectionJSON,
} from "../document-json.ts";
import { storedText } from "../document-json.ts";
import { numberProvisions, provisionLabel, walkProvisions } from "../numbering.ts";
import type { Locale } from "../numbering.ts";
import { countParagraphs } from "../xref.ts";
import { inlinePlainText } from "./inline.ts";
import type { ReferenceContext } from "./inline.ts";

/** One block of a document as read, with its label rendered from position. */
export type LayoutBlock =
  | { kind: "title"; text: string }
  | { kind: "note"; text: string }
  | { kind: "preamble"; text: string }
  | {
      kind: "heading";
      level: "part" | "chapter" | "section";
      /** Nesting below the document: 0 for the outermost headings. */
      depth: number;
      label: string;
      title: string;
    }
  | {
      kind: "paragraph";
      /** The article's label on its first paragraph (第一条), "" on the others (款 carry none). */
      label: string;
      text: string;
    }
  | { kind: "item" | "subitem"; label: string; text: string };

type Headed = PartJSON | ChapterJSON | SectionJSON;

/** What stands between a label and its text: the ideographic space in Chinese, a space in English. */
export function labelSeparator(kind: LayoutBlock["kind"], locale: Locale): string {
  if (locale === "en") return " ";
  // （一） and 1. close themselves; 第一条 and 第一章 are followed by a full-width space.
  return kind === "item" || kind === "subitem" ? "" : "\u3000";
}

/** A block's line: its label, the separator and its text (the label alone when there is no text). */
export function labelledLine(block: LayoutBlock, locale: Locale): string {
  switch (block.kind) {
    case "title":
    case "note":
    case "preamble":
      return block.text;
    case "heading":
      return block.title === ""
        ? block.label
        : block.label + labelSeparator(block.kind, locale) + block.title;
    case "paragraph":
    case "item":
    case "subitem":
      if (block.label === "" || block.text === "") return block.label + block.text;
      return block.label + labelSeparator(block.kind, locale) + block.text;
  }
}

/**
 * Whether a heading stands in the source. The importer gathers articles printed before any
 * chapter into a first chapter with no title and no printed number; printing 第一章 for it
 * would invent a heading, and reading the text back would recreate the chapter anyway.
 */
function isPrinted(node: Headed, indexAmongSiblings: number): boolean {
  return (
    storedText(node.content[0]) !== "" ||
    node.attrs.printedNumber !== null ||
    indexAmongSiblings > 0
  );
}

/** Lays a document out as blocks in reading order; labels in `locale` (default Chinese). */
export function layoutDocument(doc: LegalDocJSON, locale: Locale = "zh"): LayoutBlock[] {
  const numbers = numberProvisions(doc);
  const context: ReferenceContext = { numbers, paragraphCounts: countParagraphs(numbers), locale };
  const blocks: LayoutBlock[] = [];
  // Articles and items print the numbers the walk computed: 第十条之一 and a list that
  // continues across a paragraph are not counts of position.
  const numbered = new Map<object, { number: number; suffix: number }>();
  walkProvisions(doc, (visit) => numbered.set(visit.node, visit));

  const paragraph = (node: ParagraphJSON, label: string) => {
    const [paraText, ...items] = node.content;
    blocks.push({ kind: "paragraph", label, text: inlinePlainText(paraText.content, context) });
    items.forEach((item, itemIndex) => {
      const [itemText, ...subitems] = item.content;
      const itemNumber = numbered.get(item)?.number ?? itemIndex + 1;
      const itemLabel = provisionLabel("item", itemNumber, locale);
      blocks.push({
        kind: "item",
        label: itemLabel,
        text: inlinePlainText(itemText.content, context),
      });
      subitems.forEach((subitem, subIndex) => {
        const subLabel = provisionLabel("subitem", subIndex + 1, locale);
        const runs = subitem.content[0].content;
        blocks.push({ kind: "subitem", label: subLabel, text: inlinePlainText(runs, context) });
      });
    });
  };

  const article = (node: ArticleJSON) => {
    const own = numbered.get(node);
    const label = own ? provisionLabel("article", own.number, locale, own.suffix) : "";
    node.content.forEach((child, index) => paragraph(child, index === 0 ? label : ""));
  };

  const headed = (node: Headed, number: number, index: number, depth: number) => {
    const title = storedText(node.content[0]);
    if (isPrinted(node, index)) {
      const label = provisionLabel(node.type, number, locale);
      blocks.push({ kind: "heading", level: node.type, depth, label, title });
    }
    // Sibling counters restart in every container, as numbering.ts counts them.
    const counts = { chapter: 0, section: 0 };
    for (const child of node.content.slice(1) as (ChapterJSON | SectionJSON | ArticleJSON)[]) {
      if (child.type === "article") article(child);
      else {
        const n = ++counts[child.type];
        headed(child, n, n - 1, depth + 1);
      }
    }
  };

  const counts = { part: 0, chapter: 0 };
  for (const child of doc.content) {
    switch (child.type) {
      case "title":
        if (storedText(child).trim() !== "")
          blocks.push({ kind: "title", text: storedText(child) });
        break;
      // An empty note or preamble line prints as nothing, so it is left out of the layout too.
      case "note":
        if (storedText(child) !== "") blocks.push({ kind: "note", text: storedText(child) });
        break;
      case "preamble":
        if (storedText(child) !== "")
          blocks.push({ kind: "preamble", text: inlinePlainText(child.content, context) });
        break;
      case "article":
        article(child);
        break;
      case "part":
      case "chapter": {
        const n = ++counts[child.type];
        headed(child, n, n - 1, 0);
        break;
      }
    }
  }
  return blocks;
}
