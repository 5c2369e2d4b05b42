// Where the cross-references of a document are, and what each should read now. Shared by the
// xref plugin (which draws them) and the command that writes current labels into the text.

import type { Node as PMNode } from "prosemirror-model";
import type { ProvisionNumber } from "../numbering.ts";
import { countParagraphs, referenceText } from "../xref.ts";

/** One cross-reference in the document: its marked range, target and stored text. */
export interface CrossReferenceRange {
  from: number;
  to: number;
  /** The pid of the provision referred to. */
  pid: string;
  /** The text stored in the document: the last rendering of the target's number. */
  text: string;
}

/** A cross-reference with what it should read from the current numbers (null: target gone). */
export interface RenderedCrossReference extends CrossReferenceRange {
  current: string | null;
}

/** The cross-references of one textblock whose content starts at `contentStart`. */
export function crossReferencesIn(textblock: PMNode, contentStart: number): CrossReferenceRange[] {
  const ranges: CrossReferenceRange[] = [];
  textblock.forEach((child, offset) => {
    const mark = child.marks.find((candidate) => candidate.type.name === "xref");
    if (!mark || !child.isText) return;
    const from = contentStart + offset;
    const pid = mark.attrs.pid as string;
    const text = child.text ?? "";
    const previous = ranges[ranges.length - 1];
    // Runs of one reference split by other marks are one reference.
    if (previous && previous.to === from && previous.pid === pid) {
      previous.to = from + child.nodeSize;
      previous.text += text;
    } else {
      ranges.push({ from, to: from + child.nodeSize, pid, text });
    }
  });
  return ranges;
}

/** Every cross-reference of a document, in document order. */
export function findCrossReferences(doc: PMNode): CrossReferenceRange[] {
  const ranges: CrossReferenceRange[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (node.type.allowsMarkType(node.type.schema.marks.xref!)) {
      ranges.push(...crossReferencesIn(node, pos + 1));
    }
    return false;
  });
  return ranges;
}

/** The citation of a provision by pid from one set of numbers; null when it no longer exists. */
export type CitationOf = (pid: string) => string | null;

/** A citation function over one set of numbers (paragraph counts computed once). */
export function citationsFrom(numbers: ReadonlyMap<string, ProvisionNumber>): CitationOf {
  const paragraphCounts = countParagraphs(numbers);
  // References are part of the Chinese legal text, so they render in Chinese whatever the UI
  // language, as the derived provision rows do.
  return (pid) => referenceText(pid, numbers, paragraphCounts);
}

/** A reference with what it should read now. */
export function renderReference(
  range: CrossReferenceRange,
  citationOf: CitationOf,
): RenderedCrossReference {
  return { ...range, current: citationOf(range.pid) };
}

/**
 * The text of a node as a reader sees it, each cross-reference read from current numbers (a
 * reference whose target is gone keeps its stored text); textblocks are joined without a
 * separator. Stops once `limit` characters are gathered, so a snippet of a long article is
 * cheap.
 */
export function renderedText(node: PMNode, citationOf: CitationOf, limit = Infinity): string {
  let out = "";
  node.descendants((child) => {
    if (out.length >= limit) return false;
    if (!child.isTextblock) return true;
    let previousPid: string | null = null;
    child.forEach((run) => {
      const mark = run.marks.find((candidate) => candidate.type.name === "xref");
      const pid = mark ? (mark.attrs.pid as string) : null;
      if (pid === null) out += run.text ?? "";
      // Adjacent runs of one reference (split by other marks) read once.
      else if (pid !== previousPid) out += citationOf(pid) ?? run.text ?? "";
      else if (citationOf(pid) === null) out += run.text ?? "";
      previousPid = pid;
    });
    return false;
  });
  return out.slice(0, limit);
}
