// Markdown in the shape LawRefBook publishes Chinese laws: `#` title, notes and preamble as
// paragraphs, `##` chapters and `###` sections (one level deeper under 编), and every article,
// paragraph, item and sub-item a paragraph of its own, so any renderer keeps the lines apart.
// Article labels are bold by default; the importer reads them back only once its markup
// stripping drops `**`, so `boldLabels: false` gives markdown it reads today. Law text is not
// escaped: the importer does not unescape, so a backslash would end up in the law.

import type { LegalDocJSON } from "../document-json.ts";
import type { Locale } from "../numbering.ts";
import { labelSeparator, labelledLine, layoutDocument } from "./layout.ts";

/** Markdown options: label language, and whether article labels are bold (`**第一条**`). */
export interface MarkdownOptions {
  locale?: Locale;
  boldLabels?: boolean;
}

/** The document as Markdown: `# title`, `## 第一章 总则`, `**第一条**\u3000text`. */
export function exportMarkdown(doc: LegalDocJSON, options: MarkdownOptions = {}): string {
  const locale = options.locale ?? "zh";
  const bold = options.boldLabels ?? true;
  const paragraphs: string[] = [];
  for (const block of layoutDocument(doc, locale)) {
    switch (block.kind) {
      case "title":
        paragraphs.push(`# ${block.text}`);
        break;
      case "heading": {
        // Under parts (编) chapters move one level down; markdown has six, laws need four.
        const marks = "#".repeat(Math.min(6, 2 + block.depth));
        paragraphs.push(
          `${marks} ${block.title === "" ? block.label : `${block.label} ${block.title}`}`,
        );
        break;
      }
      case "paragraph":
        paragraphs.push(
          bold && block.label !== ""
            ? `**${block.label}**${labelSeparator(block.kind, locale)}${block.text}`
            : labelledLine(block, locale),
        );
        break;
      default:
        paragraphs.push(labelledLine(block, locale));
    }
  }
  return paragraphs.length === 0 ? "" : paragraphs.join("\n\n") + "\n";
}
