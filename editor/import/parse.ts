// Reads a legal text into a document. The text is split into lines, cleared of markdown and
// repaired (repair.ts); a table of contents is recognised by its chapter headings repeating
// before the first article; what stands before the body becomes title, notes (题注) and
// preamble; the body is read line by line (body.ts). Every non-empty line lands in the
// document or in `unplaced`, never nowhere.

import type { LegalDocJSON } from "../document-json.ts";
import { textblock } from "../document-json.ts";
import { createBodyReader } from "./body.ts";
import { readFrontMatter } from "./front-matter.ts";
import { classifyLine, trimLine } from "./lines.ts";
import type { LineShape, SourceLine } from "./lines.ts";
import { stripMarkup } from "./markup.ts";
import { repairLines, splitLines } from "./repair.ts";
import type { RepairOptions } from "./repair.ts";

/** A non-empty line the importer could not put in the structure, with its 1-based line number. */
export interface UnplacedLine {
  line: number;
  text: string;
}

/** What an import yields: the document, its title if any, and what could not be placed. */
export interface ParseResult {
  doc: LegalDocJSON;
  title: string | null;
  unplaced: UnplacedLine[];
}

/** The index range [start, end) of a table of contents, found by its first heading repeating. */
function findTableOfContents(shapes: readonly LineShape[]): { start: number; end: number } | null {
  const firstArticle = shapes.findIndex((shape) => shape.kind === "article");
  const limit = firstArticle === -1 ? shapes.length : firstArticle;
  const marker = shapes.slice(0, limit).findIndex((shape) => shape.kind === "toc");
  const firstHeading = shapes.findIndex(
    (shape, at) => at > marker && at < limit && shape.kind === "heading",
  );
  const first = shapes[firstHeading];
  if (first?.kind === "heading") {
    for (let at = firstHeading + 1; at < limit; at++) {
      const shape = shapes[at]!;
      if (
        shape.kind === "heading" &&
        shape.level === first.level &&
        shape.number === first.number
      ) {
        return { start: marker === -1 ? firstHeading : marker, end: at };
      }
    }
  }
  return marker === -1 ? null : { start: marker, end: marker + 1 };
}

/** How to read a text: repair's options, and whether HTML comments are markup. */
export interface ParseOptions extends RepairOptions {
  /**
   * Whether `<!-- … -->` is a comment to drop (markdown, the default) or text of the law (a
   * .txt or Word file, where "<!--" is just characters someone typed).
   */
  markupComments?: boolean;
}

/** Parses a legal text (plain text or LawRefBook-style markdown) into a document. */
export function parseLegalText(text: string, options: ParseOptions = {}): ParseResult {
  const original = splitLines(text);
  const { markupComments = true, ...repair } = options;
  const lines = repairLines(stripMarkup(original, { comments: markupComments }), repair);
  const shapes = lines.map((line) => classifyLine(line.text));
  const unplaced: UnplacedLine[] = [];
  // A line is reported as the file has it, so it can be found there; joined lines as repaired.
  const leaveUnplaced = (source: SourceLine) => {
    const text = source.joined
      ? source.text
      : trimLine(original[source.line - 1]?.text ?? source.text);
    unplaced.push({ line: source.line, text });
  };
  const toc = findTableOfContents(shapes);
  const afterToc = toc ? toc.end : 0;
  let bodyStart = shapes.findIndex(
    (shape, at) => at >= afterToc && (shape.kind === "heading" || shape.kind === "article"),
  );
  if (bodyStart === -1) bodyStart = lines.length;

  const front: SourceLine[] = [];
  lines.slice(0, bodyStart).forEach((line, at) => {
    if (line.text === "") return;
    if (toc && at >= toc.start && at < toc.end) leaveUnplaced(line);
    else front.push(line);
  });
  const { title, notes, preamble } = readFrontMatter(front.map((line) => line.text));

  const reader = createBodyReader(leaveUnplaced);
  for (let at = bodyStart; at < lines.length; at++) reader.read(lines[at]!, shapes[at]!);

  const doc: LegalDocJSON = {
    type: "doc",
    content: [
      textblock("title", title ?? ""),
      ...notes.map((note) => textblock("note", note)),
      ...preamble.map((line) => textblock("preamble", line)),
      ...reader.finish(),
    ],
  };
  unplaced.sort((a, b) => a.line - b.line);
  return { doc, title, unplaced };
}
