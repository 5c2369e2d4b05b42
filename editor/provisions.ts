// The flat list of provisions derived from a document (DESIGN.md decision 1). Opinions, search,
// statistics and comparison work on these rows, so their text is the plain text a reader sees:
// labels of items and sub-items included, references rendered from current numbers.

import type {
  ItemJSON,
  LegalDocJSON,
  ParagraphJSON,
  ProvisionKind,
  ProvisionNodeJSON,
  SubitemJSON,
} from "./document-json.ts";
import { isProvisionType, storedText } from "./document-json.ts";
import { numberProvisions, provisionLabel, walkProvisions } from "./numbering.ts";
import type { Locale, ProvisionNumber, ProvisionVisit } from "./numbering.ts";
import { newPid } from "./pid.ts";
import { countParagraphs, renderInlineText } from "./xref.ts";

/** One derived provision row, in the shape stored per version. */
export interface ProvisionRow {
  pid: string;
  kind: ProvisionKind;
  /** Position in the whole list, from 0. */
  ordinal: number;
  /** The number within its numbering scope (article 12 → 12). */
  number: number;
  /** The printed label, e.g. 第十二条; "" for a paragraph. */
  label: string;
  /** Labels and titles of the enclosing parts, chapters and sections, outermost first. */
  headingPath: string[];
  /** Plain text without the provision's own label; descendants each on their own line. */
  text: string;
  /** The nearest enclosing provision row, or null at the top. */
  parentPid: string | null;
}

// Rows are stored in Chinese (labels and rendered references alike); the UI translates labels
// from kind and number when it needs English.
interface TextContext {
  numbers: ReadonlyMap<string, ProvisionNumber>;
  paragraphCounts: ReadonlyMap<string, number>;
}

function inlineText(runs: Parameters<typeof renderInlineText>[0], context: TextContext): string {
  return renderInlineText(runs, context.numbers, context.paragraphCounts);
}

function subitemLines(subitem: SubitemJSON, n: number, context: TextContext): string {
  const text = inlineText(subitem.content[0].content, context);
  return provisionLabel("subitem", n) + text;
}

function itemLines(item: ItemJSON, context: TextContext): string[] {
  const [itemText, ...subitems] = item.content;
  const own = inlineText(itemText.content, context);
  return [own, ...subitems.map((subitem, index) => subitemLines(subitem, index + 1, context))];
}

function paragraphLines(paragraph: ParagraphJSON, context: TextContext): string[] {
  const [paraText, ...items] = paragraph.content;
  const own = inlineText(paraText.content, context);
  const lines = [own];
  items.forEach((item, index) => {
    const [first = "", ...rest] = itemLines(item, context);
    // The computed number, so a list that continues across a paragraph reads （四）, not （一）.
    const number = context.numbers.get(item.attrs.pid)?.number ?? index + 1;
    lines.push(provisionLabel("item", number) + first, ...rest);
  });
  return lines;
}

function provisionText(node: ProvisionNodeJSON, context: TextContext): string {
  switch (node.type) {
    case "part":
    case "chapter":
    case "section":
      return headingTitle(node);
    case "article":
      return node.content.flatMap((paragraph) => paragraphLines(paragraph, context)).join("\n");
    case "paragraph":
      return paragraphLines(node, context).join("\n");
    case "item":
      return itemLines(node, context).join("\n");
    case "subitem":
      return inlineText(node.content[0].content, context);
  }
}

function headingTitle(node: ProvisionNodeJSON): string {
  const isHeaded = node.type === "part" || node.type === "chapter" || node.type === "section";
  return isHeaded ? storedText(node.content[0]) : "";
}

/** A heading as it reads in a heading path: 第二章 动物疫病的预防 (the label alone if untitled). */
export function headingLine(visit: ProvisionVisit, locale: Locale = "zh"): string {
  const label = provisionLabel(visit.kind, visit.number, locale, visit.suffix);
  const title = headingTitle(visit.node);
  return title === "" ? label : `${label} ${title}`;
}

/** The flat list of provision rows of a document, in document order. */
export function deriveProvisions(doc: LegalDocJSON): ProvisionRow[] {
  const numbers = numberProvisions(doc);
  const context: TextContext = { numbers, paragraphCounts: countParagraphs(numbers) };
  const rows: ProvisionRow[] = [];
  walkProvisions(doc, (visit) => {
    // Parts group chapters but are not rows (CONTRACTS.md lists no such kind); they still
    // appear in the heading path of what they contain.
    if (visit.kind === "part") return;
    const headings = visit.ancestors.filter(
      (a) => a.kind === "part" || a.kind === "chapter" || a.kind === "section",
    );
    const parent = [...visit.ancestors].reverse().find((a) => a.kind !== "part");
    rows.push({
      pid: visit.node.attrs.pid,
      kind: visit.kind,
      ordinal: rows.length,
      number: visit.number,
      label: provisionLabel(visit.kind, visit.number, "zh", visit.suffix),
      headingPath: headings.map((heading) => headingLine(heading)),
      text: provisionText(visit.node, context),
      parentPid: parent ? parent.node.attrs.pid : null,
    });
  });
  return rows;
}

/** The document's title, or null when it has none. */
export function documentTitle(doc: LegalDocJSON): string | null {
  const title = doc.content.find((child) => child.type === "title");
  const text = title ? storedText(title).trim() : "";
  return text === "" ? null : text;
}

interface AnyNodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AnyNodeJSON[];
}

function visitProvisionAttrs(
  nodes: AnyNodeJSON[] | undefined,
  visit: (attrs: { pid: string }) => void,
): void {
  for (const node of nodes ?? []) {
    if (isProvisionType(node.type) && node.attrs) visit(node.attrs as { pid: string });
    visitProvisionAttrs(node.content, visit);
  }
}

/** A copy of the document in which every provision has a pid no other provision shares. */
export function ensureUniquePids(doc: LegalDocJSON): LegalDocJSON {
  // The first holder of a pid keeps it, so opinions anchored to the original stay put when a
  // pasted copy of the provision arrives later in the document.
  const copy = structuredClone(doc);
  const seen = new Set<string>();
  visitProvisionAttrs(copy.content as AnyNodeJSON[], (attrs) => {
    if (typeof attrs.pid !== "string" || attrs.pid === "" || seen.has(attrs.pid)) {
      attrs.pid = newPid();
    }
    seen.add(attrs.pid);
  });
  return copy;
}
