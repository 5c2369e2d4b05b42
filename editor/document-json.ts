// The JSON shape of a legal document, exactly as ProseMirror's Node.toJSON() writes it for the
// schema in schema.ts: attrs are present on every node that declares them, `content` is left
// out of empty textblocks, and text nodes are never empty. Keeping the builders here in that
// canonical shape means a parsed document survives schema.nodeFromJSON(...).toJSON() unchanged.

import { newPid } from "./pid.ts";

/** The kinds of numbered provision that become rows (CONTRACTS.md "provision kind"). */
export type ProvisionKind = "chapter" | "section" | "article" | "paragraph" | "item" | "subitem";

/** Every numbered unit of the tree: the provisions plus the part (编) that groups chapters. */
export type NumberedKind = "part" | ProvisionKind;

/** A cross-reference mark: the marked text is a rendering of the target's current number. */
export interface XrefMarkJSON {
  type: "xref";
  attrs: { pid: string };
}

/** Any mark the schema allows. */
export type MarkJSON = XrefMarkJSON;

/** A run of text with its marks. */
export interface TextJSON {
  type: "text";
  text: string;
  marks?: MarkJSON[];
}

/** A textblock of the given node type; `content` is absent when the block is empty. */
export interface TextblockJSON<T extends string> {
  type: T;
  content?: TextJSON[];
}

/** The document title (法规名称). */
export type TitleJSON = TextblockJSON<"title">;
/** A title note (题注), e.g. (1997年7月3日…通过). */
export type NoteJSON = TextblockJSON<"note">;
/** Preamble text standing before the first provision (制定依据, 序言). */
export type PreambleJSON = TextblockJSON<"preamble">;
/** The title of a part, chapter or section, without its label (总则, not 第一章 总则). */
export type HeadingJSON = TextblockJSON<"heading">;
/** The text of a paragraph (款) before its items. */
export type ParaTextJSON = TextblockJSON<"para_text">;
/** The text of an item (项) before its sub-items. */
export type ItemTextJSON = TextblockJSON<"item_text">;
/** The text of a sub-item (目). */
export type SubitemTextJSON = TextblockJSON<"subitem_text">;

/** Attributes of every provision: its stable identity. */
export interface PidAttrs {
  pid: string;
}

/**
 * Attributes of provisions that carry a printed number in imported sources. `printedNumber`
 * records what the source printed (第二章 → 2) so an import can report it; display always
 * uses the number computed from position.
 */
export interface NumberedAttrs {
  pid: string;
  printedNumber: number | null;
}

/**
 * Attributes of an article: `suffix` is 0 for a plain article and N for one inserted as 之N
 * (第十条之一 → 1), which numbering keeps without advancing the article count.
 */
export interface ArticleAttrs extends NumberedAttrs {
  suffix: number;
}

/**
 * Attributes of an item: `continues` marks the first item of a list that goes on counting from
 * the previous list of the same article (（三） … a paragraph … （四）).
 */
export interface ItemAttrs extends PidAttrs {
  continues: boolean;
}

/** 目: a sub-item, one textblock. */
export interface SubitemJSON {
  type: "subitem";
  attrs: PidAttrs;
  content: [SubitemTextJSON];
}
/** 项: an item, its text then its sub-items. */
export interface ItemJSON {
  type: "item";
  attrs: ItemAttrs;
  content: [ItemTextJSON, ...SubitemJSON[]];
}
/** 款: a paragraph, its text then its items. */
export interface ParagraphJSON {
  type: "paragraph";
  attrs: PidAttrs;
  content: [ParaTextJSON, ...ItemJSON[]];
}
/** 条: an article, one or more paragraphs. */
export interface ArticleJSON {
  type: "article";
  attrs: ArticleAttrs;
  content: ParagraphJSON[];
}
/** 节: a section, its heading then articles. */
export interface SectionJSON {
  type: "section";
  attrs: NumberedAttrs;
  content: [HeadingJSON, ...ArticleJSON[]];
}
/** 章: a chapter, its heading then articles and/or sections (articles first). */
export interface ChapterJSON {
  type: "chapter";
  attrs: NumberedAttrs;
  content: [HeadingJSON, ...(ArticleJSON | SectionJSON)[]];
}
/** 编: a part, its heading then chapters. */
export interface PartJSON {
  type: "part";
  attrs: NumberedAttrs;
  content: [HeadingJSON, ...ChapterJSON[]];
}

/** A top-level node of a document. */
export type DocChildJSON =
  TitleJSON | NoteJSON | PreambleJSON | PartJSON | ChapterJSON | ArticleJSON;

/** A node that carries a pid. */
export type ProvisionNodeJSON =
  PartJSON | ChapterJSON | SectionJSON | ArticleJSON | ParagraphJSON | ItemJSON | SubitemJSON;

/** The node type names that carry a pid, from the outermost in. */
export const PROVISION_NODE_TYPES = [
  "part",
  "chapter",
  "section",
  "article",
  "paragraph",
  "item",
  "subitem",
] as const;

/** Whether a node type name is one of the provision types that carry a pid. */
export function isProvisionType(type: string): type is ProvisionNodeJSON["type"] {
  return (PROVISION_NODE_TYPES as readonly string[]).includes(type);
}

/** A whole legal document: title, notes, preamble, then parts, chapters or articles. */
export interface LegalDocJSON {
  type: "doc";
  content: DocChildJSON[];
}

/** Builds a textblock of `type` holding `text` as one unmarked run. */
export function textblock<T extends string>(type: T, text: string): TextblockJSON<T> {
  return text === "" ? { type } : { type, content: [{ type: "text", text }] };
}

/** The stored text of a textblock, marks ignored. */
export function storedText(block: { content?: TextJSON[] } | undefined): string {
  return (block?.content ?? []).map((run) => run.text).join("");
}

/** A new paragraph holding `text`. */
export function makeParagraph(text: string, pid: string = newPid()): ParagraphJSON {
  return { type: "paragraph", attrs: { pid }, content: [textblock("para_text", text)] };
}

/** A new item holding `text`; `continues` carries on the numbering of the article's last list. */
export function makeItem(text: string, pid: string = newPid(), continues = false): ItemJSON {
  return { type: "item", attrs: { pid, continues }, content: [textblock("item_text", text)] };
}

/** A new sub-item holding `text`. */
export function makeSubitem(text: string, pid: string = newPid()): SubitemJSON {
  return { type: "subitem", attrs: { pid }, content: [textblock("subitem_text", text)] };
}

/** A new article whose first paragraph holds `text`; `suffix` 1 makes it 第N条之一. */
export function makeArticle(
  text: string,
  printedNumber: number | null = null,
  suffix = 0,
): ArticleJSON {
  return {
    type: "article",
    attrs: { pid: newPid(), printedNumber, suffix },
    content: [makeParagraph(text)],
  };
}

/** A new section with the given heading and no articles yet. */
export function makeSection(title: string, printedNumber: number | null = null): SectionJSON {
  return {
    type: "section",
    attrs: { pid: newPid(), printedNumber },
    content: [textblock("heading", title)],
  };
}

/** A new chapter with the given heading and no articles yet. */
export function makeChapter(title: string, printedNumber: number | null = null): ChapterJSON {
  return {
    type: "chapter",
    attrs: { pid: newPid(), printedNumber },
    content: [textblock("heading", title)],
  };
}

/** A new part (编) with the given heading and no chapters yet. */
export function makePart(title: string, printedNumber: number | null = null): PartJSON {
  return {
    type: "part",
    attrs: { pid: newPid(), printedNumber },
    content: [textblock("heading", title)],
  };
}
