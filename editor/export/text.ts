// The official plain-text layout of a regulation: title, notes and preamble, then each heading
// on a line of its own between blank lines, each article as 第一条\u3000text, each further
// paragraph (款) on its own line, items as （一）… and sub-items as 1.…. It is also the
// importer's native input, so text → document → text loses nothing.

import type { LegalDocJSON } from "../document-json.ts";
import type { Locale } from "../numbering.ts";
import { labelledLine, layoutDocument } from "./layout.ts";
import type { LayoutBlock } from "./layout.ts";

/** The document as plain text in the official layout, labels in `locale` (default Chinese). */
export function exportText(doc: LegalDocJSON, locale: Locale = "zh"): string {
  const lines: string[] = [];
  let previous: LayoutBlock["kind"] | null = null;
  for (const block of layoutDocument(doc, locale)) {
    // A blank line closes the front matter's groups and stands around every heading; the
    // lines of the body follow one another as in the published texts.
    const grouped =
      previous === block.kind ||
      (previous !== null && isBodyLine(previous) && isBodyLine(block.kind));
    if (previous !== null && (!grouped || block.kind === "heading")) lines.push("");
    lines.push(labelledLine(block, locale));
    previous = block.kind;
  }
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

function isBodyLine(kind: LayoutBlock["kind"]): boolean {
  return kind === "paragraph" || kind === "item" || kind === "subitem";
}
