// LawRefBook's markdown wraps the law in a little markup: `#` marks on the title and headings,
// a metadata block closed by <!-- INFO END -->, sometimes YAML front matter. The marks are not
// text of the law, so they are cleared here; line numbers stay as they were.

import type { SourceLine } from "./lines.ts";

/**
 * Blanks out YAML front matter and HTML comments and strips leading `#` marks. With
 * `comments: false` (plain text) "<!--" is text; even in markdown, a "<!--" that no "-->"
 * closes is text, not the start of a comment that would swallow the rest of the law.
 */
export function stripMarkup(
  lines: readonly SourceLine[],
  options: { comments?: boolean } = {},
): SourceLine[] {
  const comments = options.comments ?? true;
  // Where the last "-->" stands: an opening after it cannot be closed.
  let lastClose = -1;
  if (comments)
    lines.forEach((source, index) => {
      if (source.text.includes("-->")) lastClose = index;
    });
  const out: SourceLine[] = [];
  const firstFilled = lines.findIndex((line) => line.text.trim() !== "");
  let inFrontMatter = firstFilled !== -1 && lines[firstFilled]!.text.trim() === "---";
  let inComment = false;
  lines.forEach((source, index) => {
    let text = source.text;
    if (inFrontMatter) {
      if (index > firstFilled && text.trim() === "---") inFrontMatter = false;
      out.push({ line: source.line, text: "" });
      return;
    }
    // Comments may span lines; what stands outside them on a line is kept.
    let kept = "";
    while (text !== "") {
      if (inComment) {
        const close = text.indexOf("-->");
        if (close === -1) text = "";
        else {
          text = text.slice(close + 3);
          inComment = false;
        }
      } else {
        const open = comments ? text.indexOf("<!--") : -1;
        const closes = open !== -1 && (index < lastClose || text.indexOf("-->", open + 4) !== -1);
        if (!closes) {
          kept += text;
          text = "";
        } else {
          kept += text.slice(0, open);
          text = text.slice(open + 4);
          inComment = true;
        }
      }
    }
    // Heading marks go; so does bold around a label at the start of a line (**第一条**), the
    // way Markdown exports, Kaimen's own included, set article labels.
    const unmarked = kept
      .replace(/^\s*#{1,6}(?=\s|$)\s*/, "")
      .replace(/^(\s*)\*\*([^*\n]+)\*\*/, "$1$2");
    out.push({ line: source.line, text: unmarked });
  });
  return out;
}
