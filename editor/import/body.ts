// The body of a legal text, read line by line. State is the innermost open container at each
// level (编 > 章 > 节 > 条 > 款 > 项 > 目); a line either opens a new container at its level, closing
// the deeper ones, or adds text to the innermost one that can take it. Articles printed
// outside any chapter are gathered into untitled chapters at the end, so printed chapter
// numbers still match the computed ones.

import type {
  ArticleJSON,
  ChapterJSON,
  DocChildJSON,
  HeadingJSON,
  ItemJSON,
  PartJSON,
  SectionJSON,
} from "../document-json.ts";
import {
  makeArticle,
  makeChapter,
  makeItem,
  makeParagraph,
  makePart,
  makeSection,
  makeSubitem,
  storedText,
  textblock,
} from "../document-json.ts";
import { cleanTitle, endsSentence, looksLikeWrappedReference } from "./lines.ts";
import type { LineShape, SourceLine } from "./lines.ts";

type BodyNode = PartJSON | ChapterJSON | ArticleJSON;

/** Groups runs of bare articles (and, under parts, bare chapters) into untitled containers. */
function normaliseBody(body: BodyNode[]): DocChildJSON[] {
  const wrapArticles = (nodes: (ChapterJSON | ArticleJSON)[]): ChapterJSON[] => {
    const chapters: ChapterJSON[] = [];
    let loose: ChapterJSON | null = null;
    for (const node of nodes) {
      if (node.type === "chapter") {
        chapters.push(node);
        loose = null;
      } else {
        if (!loose) chapters.push((loose = makeChapter("", null)));
        loose.content.push(node);
      }
    }
    return chapters;
  };
  if (body.some((node) => node.type === "part")) {
    const parts: PartJSON[] = [];
    let run: (ChapterJSON | ArticleJSON)[] = [];
    const closeRun = () => {
      if (run.length === 0) return;
      const loose = makePart("", null);
      loose.content.push(...wrapArticles(run));
      parts.push(loose);
      run = [];
    };
    for (const node of body) {
      if (node.type === "part") {
        closeRun();
        parts.push(node);
      } else {
        run.push(node);
      }
    }
    closeRun();
    return parts;
  }
  if (body.some((node) => node.type === "chapter"))
    return wrapArticles(body as (ChapterJSON | ArticleJSON)[]);
  return body;
}

/** The body state machine: `read` each line in order, then `finish` for the top-level nodes. */
export function createBodyReader(leaveUnplaced: (source: SourceLine) => void) {
  const body: BodyNode[] = [];
  let part: PartJSON | null = null;
  let chapter: ChapterJSON | null = null;
  let section: SectionJSON | null = null;
  let article: ArticleJSON | null = null;
  let item: ItemJSON | null = null;
  // A heading may wrap onto the next line (第二节 市人民代表大会常务委员会制定 / 地方性法规的程序).
  let openHeading: HeadingJSON | null = null;
  let expectedArticle = 1;
  // The printed number of the article's last item, so a list that goes on after a paragraph
  // (（三） … a paragraph … （四）) is marked to continue instead of counting from （一）.
  let lastItemNumber = 0;

  const openChapterForArticle = (): ChapterJSON | null => {
    if (chapter || !part) return chapter;
    chapter = makeChapter("", null);
    part.content.push(chapter);
    return chapter;
  };

  const readHeading = (shape: Extract<LineShape, { kind: "heading" }>) => {
    article = null;
    item = null;
    if (shape.level === "part") {
      part = makePart(shape.title, shape.number);
      body.push(part);
      chapter = section = null;
      openHeading = part.content[0];
    } else if (shape.level === "chapter") {
      chapter = makeChapter(shape.title, shape.number);
      if (part) part.content.push(chapter);
      else body.push(chapter);
      section = null;
      openHeading = chapter.content[0];
    } else {
      // A section outside any chapter gets an untitled chapter, as bare articles do.
      let holder: ChapterJSON | null = chapter;
      if (!holder) {
        holder = makeChapter("", null);
        if (part) part.content.push(holder);
        else body.push(holder);
        chapter = holder;
      }
      section = makeSection(shape.title, shape.number);
      holder.content.push(section);
      openHeading = section.content[0];
    }
  };

  const readArticle = (shape: Extract<LineShape, { kind: "article" }>) => {
    article = makeArticle(shape.rest, shape.number, shape.suffix);
    item = null;
    openHeading = null;
    // After 第十条 or 第十条之一 alike, the next plain article is 第十一条.
    expectedArticle = shape.number + 1;
    lastItemNumber = 0;
    const holder = section ?? openChapterForArticle();
    if (holder) holder.content.push(article);
    else body.push(article);
  };

  const readText = (source: SourceLine) => {
    if (article) {
      const paragraphs = article.content;
      const only = paragraphs[0];
      // A label on a line of its own ("第一条") takes the next line as its first paragraph.
      if (
        paragraphs.length === 1 &&
        only &&
        only.content.length === 1 &&
        storedText(only.content[0]) === ""
      ) {
        only.content[0] = textblock("para_text", source.text);
      } else {
        paragraphs.push(makeParagraph(source.text));
      }
      item = null;
      return;
    }
    const heading: HeadingJSON | null = openHeading;
    if (heading && source.text.length <= 30 && !endsSentence(source.text)) {
      const joined = cleanTitle(storedText(heading) + source.text);
      heading.content = textblock("heading", joined).content;
      return;
    }
    leaveUnplaced(source);
  };

  const read = (source: SourceLine, classified: LineShape) => {
    const shape = looksLikeWrappedReference(classified, expectedArticle)
      ? { kind: "text" as const }
      : classified;
    switch (shape.kind) {
      case "blank":
      case "pageNumber":
        return;
      case "heading":
        return readHeading(shape);
      case "article":
        return readArticle(shape);
      case "item": {
        const paragraph = article?.content[article.content.length - 1];
        if (!paragraph) return leaveUnplaced(source);
        const startsList = paragraph.content.length === 1;
        const continues = startsList && shape.number > 1 && shape.number === lastItemNumber + 1;
        item = makeItem(shape.rest, undefined, continues);
        paragraph.content.push(item);
        lastItemNumber = shape.number;
        return;
      }
      case "subitem":
        if (item) return void item.content.push(makeSubitem(shape.rest));
        return readText(source);
      case "toc":
      case "text":
        return readText(source);
    }
  };

  return { read, finish: () => normaliseBody(body) };
}
