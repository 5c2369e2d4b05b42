// A document as a reader sees it: every provision with its computed label and its text with
// references rendered from current numbers. The server renders reading pages from this tree,
// so they need no editor code in the browser.

import type { LegalDocJSON, NumberedKind, ProvisionNodeJSON, TextJSON } from "./document-json.ts";
import { storedText } from "./document-json.ts";
import { numberProvisions, provisionLabel, walkProvisions, type Locale } from "./numbering.ts";
import { countParagraphs, renderInlineText } from "./xref.ts";

/** One block of a reading page. */
export interface ReadingNode {
  kind: NumberedKind | "title" | "note" | "preamble";
  pid: string | null;
  /** The computed label (第十二条, （一）); "" for paragraphs and unnumbered blocks. */
  label: string;
  /** The block's own text (a heading's title, a paragraph's sentence, without its items). */
  text: string;
  children: ReadingNode[];
}

type AnyNode = { type: string; attrs?: { pid?: string }; content?: AnyNode[]; text?: string };

/** Builds the reading tree of a document in the given locale. */
export function toReadingTree(doc: LegalDocJSON, locale: Locale = "zh"): ReadingNode[] {
  const numbers = numberProvisions(doc);
  const paragraphCounts = countParagraphs(numbers);
  const numberOf = new Map<object, { number: number; suffix: number }>();
  walkProvisions(doc, (visit) => numberOf.set(visit.node, visit));
  const inline = (block: AnyNode | undefined) =>
    renderInlineText(block?.content as TextJSON[] | undefined, numbers, paragraphCounts, locale);

  const build = (node: AnyNode): ReadingNode | null => {
    const kind = node.type;
    if (kind === "title" || kind === "note" || kind === "preamble") {
      return {
        kind,
        pid: null,
        label: "",
        text: kind === "preamble" ? inline(node) : storedText(node as never),
        children: [],
      };
    }
    const numbered = numberOf.get(node);
    if (numbered === undefined) return null;
    const provisionKind = kind as NumberedKind;
    const [first, ...rest] = node.content ?? [];
    const headed = kind === "part" || kind === "chapter" || kind === "section";
    const ownBlock = headed || kind === "paragraph" || kind === "item" || kind === "subitem";
    const children = (ownBlock ? rest : (node.content ?? []))
      .map(build)
      .filter((n): n is ReadingNode => n !== null);
    return {
      kind: provisionKind,
      pid: (node as ProvisionNodeJSON).attrs.pid,
      label: provisionLabel(provisionKind, numbered.number, locale, numbered.suffix),
      text: headed ? storedText(first as never) : ownBlock ? inline(first) : "",
      children,
    };
  };
  return (doc.content as AnyNode[]).map(build).filter((n): n is ReadingNode => n !== null);
}
