// The `kaimen import FILE --json` object of CONTRACTS.md. Numbers there are the ones printed in
// the source (a text that lacks 第一章 still reports 第二章 as 2), so they come from the
// printedNumber attrs the parser kept; text comes from the derived provision rows, so the
// command line and the stored rows can never disagree about an article's text.

import type { ArticleJSON, ChapterJSON, LegalDocJSON, SectionJSON } from "../document-json.ts";
import { storedText } from "../document-json.ts";
import { provisionLabel, walkProvisions } from "../numbering.ts";
import { deriveProvisions } from "../provisions.ts";
import type { ParseResult, UnplacedLine } from "./parse.ts";

/** One chapter heading of the body, as printed. */
export interface ImportChapterJson {
  number: number;
  title: string;
  sections: { number: number; title: string }[];
}

/** One article, numbered as printed, with its text without the label. */
export interface ImportArticleJson {
  number: number;
  label: string;
  pid: string;
  chapter: number | null;
  text: string;
}

/** The whole `kaimen import FILE --json` answer. */
export interface ImportJson {
  title: string | null;
  chapters: ImportChapterJson[];
  articles: ImportArticleJson[];
  unplaced: UnplacedLine[];
}

// A chapter the parser made to hold articles printed outside any chapter has no heading in
// the source, so it is not one of the contract's chapters.
function isPrintedHeading(node: ChapterJSON | SectionJSON): boolean {
  return node.attrs.printedNumber !== null || storedText(node.content[0]) !== "";
}

/** Builds CONTRACTS.md's import JSON from a parse result. */
export function toImportJson(result: ParseResult): ImportJson {
  const doc: LegalDocJSON = result.doc;
  const textByPid = new Map(deriveProvisions(doc).map((row) => [row.pid, row.text]));
  const chapters: ImportChapterJson[] = [];
  const articles: ImportArticleJson[] = [];
  walkProvisions(doc, ({ node, kind, number, suffix, ancestors }) => {
    const printed = "printedNumber" in node.attrs ? (node.attrs.printedNumber ?? number) : number;
    if (kind === "chapter") {
      const chapter = node as ChapterJSON;
      if (isPrintedHeading(chapter))
        chapters.push({ number: printed, title: storedText(chapter.content[0]), sections: [] });
    } else if (kind === "section") {
      const section = node as SectionJSON;
      const holder = ancestors.find((a) => a.kind === "chapter");
      if (holder && isPrintedHeading(holder.node as ChapterJSON) && isPrintedHeading(section)) {
        chapters[chapters.length - 1]?.sections.push({
          number: printed,
          title: storedText(section.content[0]),
        });
      }
    } else if (kind === "article") {
      const article = node as ArticleJSON;
      const holder = ancestors.find((a) => a.kind === "chapter");
      const holderNode = holder?.node as ChapterJSON | undefined;
      articles.push({
        number: printed,
        // An inserted article keeps the number it hangs from: 第十条之一 is 10 with its label.
        label: provisionLabel("article", printed, "zh", suffix),
        pid: article.attrs.pid,
        chapter:
          holder && holderNode && isPrintedHeading(holderNode)
            ? (holderNode.attrs.printedNumber ?? holder.number)
            : null,
        text: textByPid.get(article.attrs.pid) ?? "",
      });
    }
  });
  return { title: result.title, chapters, articles, unplaced: result.unplaced };
}
