// Carries out a decision's clauses on the old text. Every reference names the OLD text's
// numbers (as real decisions do), so the old articles and paragraphs keep their places while
// the items are applied, each marked deleted or changed in place; what an item adds waits
// beside them with the place it is to take in the NEW text (作为第十二条, 作为第二款), and is
// put there at the end, lowest place first, so each lands exactly where it says.

import type { ImportArticleJson, ImportJson } from "../import/contract.ts";
import { provisionLabel } from "../numbering.ts";
import { toChineseNumeral } from "../numerals.ts";
import { newPid } from "../pid.ts";
import type { Clause, DecisionPlan, Ref } from "./clauses.ts";
import { ApplyError } from "./errors.ts";
import { parseDecision } from "./parse.ts";
import { refText } from "./clauses.ts";
import type { Paragraph } from "./model.ts";
import { ITEM_LINE, paragraphsOf, parseArticleLabel, textOf } from "./model.ts";

interface ParagraphState {
  lines: Paragraph;
  deleted: boolean;
}

interface ArticleState {
  source: ImportArticleJson;
  deleted: boolean;
  paragraphs: ParagraphState[];
  added: { at: number; lines: Paragraph }[];
}

interface NewArticle {
  label: string;
  chapter?: number;
  lines: string[];
  /** The place it takes: its new label's number and 之 number. */
  order: { number: number; sub: number };
}

class Failure extends Error {}

function fail(reason: string): never {
  throw new Failure(reason);
}

// A deleted item's lines stay in place as markers until the text is put together, so that
// 删去第二项、第三项 means the old second and third items.
const DELETED_ITEM = "\u0000item";
const DELETED_LINE = "\u0000";
const isItemLine = (line: string) => ITEM_LINE.test(line) || line === DELETED_ITEM;

/** The line of the n-th item (第n项, by the old numbers) of a paragraph, or undefined. */
function itemLine(lines: Paragraph, n: number): number | undefined {
  let count = 0;
  for (let index = 1; index < lines.length; index++)
    if (isItemLine(lines[index]!) && ++count === n) return index;
  return undefined;
}

function occurrences(haystack: string, needle: string): number {
  if (needle === "") return 0;
  return haystack.split(needle).length - 1;
}

/** Relabels the items of a paragraph （一）（二）… in order, after one was added or deleted. */
function relabelItems(lines: Paragraph): Paragraph {
  let n = 0;
  return lines.map((line, index) =>
    index > 0 && ITEM_LINE.test(line)
      ? provisionLabel("item", ++n) + line.replace(ITEM_LINE, "")
      : line,
  );
}

export function applyPlan(old: ImportJson, plan: DecisionPlan): ImportJson {
  const articles: ArticleState[] = old.articles.map((source) => ({
    source,
    deleted: false,
    paragraphs: paragraphsOf(source.text).map((lines) => ({ lines, deleted: false })),
    added: [],
  }));
  const byLabel = new Map(articles.map((a) => [a.source.label, a]));
  const inserted: NewArticle[] = [];

  const article = (label: string): ArticleState => {
    const found = byLabel.get(label);
    if (!found) fail(`原文没有${label}`);
    if (found.deleted) fail(`${label}已被删去或改写`);
    return found;
  };
  const paragraph = (ref: Ref): ParagraphState => {
    const a = article(ref.article);
    const p = a.paragraphs[(ref.paragraph ?? 1) - 1];
    if (!p) fail(`${ref.article}没有第${toChineseNumeral(ref.paragraph ?? 1)}款`);
    if (p.deleted) fail(`${refText(ref)}已被删去`);
    return p;
  };
  // The units a phrase clause works in: one item line, one 款, or every 款 of the article.
  const editUnits = (ref: Ref, edit: (text: string) => string): void => {
    const apply = (p: ParagraphState, lineIndex?: number) => {
      if (lineIndex === undefined) {
        const next = edit(p.lines.join("\n"));
        p.lines = next.split("\n");
      } else p.lines[lineIndex] = edit(p.lines[lineIndex]!);
    };
    if (ref.item !== undefined) {
      const p = paragraph(ref);
      const at = itemLine(p.lines, ref.item);
      if (at === undefined) fail(`${refText(ref)}不存在`);
      apply(p, at);
    } else if (ref.paragraph !== undefined) apply(paragraph(ref));
    else {
      const a = article(ref.article);
      const live = a.paragraphs.filter((p) => !p.deleted);
      if (live.length === 0) fail(`${ref.article}已没有款`);
      live.forEach((p) => apply(p));
    }
  };
  const unitText = (ref: Ref): string => {
    if (ref.paragraph === undefined && ref.item === undefined)
      return textOf(
        article(ref.article)
          .paragraphs.filter((p) => !p.deleted)
          .map((p) => p.lines),
      );
    const p = paragraph(ref);
    if (ref.item === undefined) return p.lines.join("\n");
    const at = itemLine(p.lines, ref.item);
    if (at === undefined) fail(`${refText(ref)}不存在`);
    return p.lines[at]!;
  };
  const must = (ref: Ref, text: string) => {
    if (occurrences(unitText(ref), text) === 0) fail(`${refText(ref)}中没有“${text}”`);
  };
  const addArticle = (label: string, lines: string[], chapter?: number) => {
    const order = parseArticleLabel(label);
    if (!order) fail(`“${label}”不是条的序号`);
    inserted.push({ label, lines, chapter, order });
  };
  const rewriteArticle = (a: ArticleState, lines: string[]) => {
    a.paragraphs = paragraphsOf(lines.join("\n")).map((l) => ({ lines: l, deleted: false }));
    a.added = [];
  };

  const run = (clause: Clause) => {
    switch (clause.op) {
      case "replace":
        for (const ref of clause.refs) {
          must(ref, clause.from);
          editUnits(ref, (text) => text.split(clause.from).join(clause.to));
        }
        return;
      case "deletePhrase":
        for (const ref of clause.refs) {
          must(ref, clause.text);
          editUnits(ref, (text) => text.split(clause.text).join(""));
        }
        return;
      case "insertPhrase": {
        must(clause.ref, clause.anchor);
        const n = occurrences(unitText(clause.ref), clause.anchor);
        if (n > 1)
          fail(`“${clause.anchor}”在${refText(clause.ref)}中出现${n}次，无法确定增加的位置`);
        const to =
          clause.where === "after" ? clause.anchor + clause.text : clause.text + clause.anchor;
        editUnits(clause.ref, (text) => text.split(clause.anchor).join(to));
        return;
      }
      case "deleteProvision": {
        const { ref } = clause;
        if (ref.item !== undefined) {
          const p = paragraph(ref);
          const at = itemLine(p.lines, ref.item);
          if (at === undefined) fail(`${refText(ref)}不存在`);
          // Marked, not removed, so the items after it keep their old numbers for later items.
          let end = at + 1;
          while (end < p.lines.length && !isItemLine(p.lines[end]!)) end++;
          for (let line = at; line < end; line++)
            p.lines[line] = line === at ? DELETED_ITEM : DELETED_LINE;
        } else if (ref.paragraph !== undefined) paragraph(ref).deleted = true;
        else article(ref.article).deleted = true;
        return;
      }
      case "rewrite": {
        const { ref } = clause;
        if (ref.item !== undefined) {
          const p = paragraph(ref);
          const at = itemLine(p.lines, ref.item);
          if (at === undefined) fail(`${refText(ref)}不存在`);
          p.lines[at] = clause.lines.join("");
        } else if (ref.paragraph !== undefined) paragraph(ref).lines = [...clause.lines];
        else rewriteArticle(article(ref.article), clause.lines);
        return;
      }
      case "addArticle":
        addArticle(clause.label, clause.lines, clause.chapter);
        return;
      case "addParagraph":
        article(clause.article).added.push({ at: clause.at, lines: [...clause.lines] });
        return;
      case "addItem": {
        const p = paragraph({ article: clause.article, paragraph: clause.paragraph });
        // After the item before it (and that item's sub-items), or after the 款's own line.
        let at = 1;
        if (clause.at > 1) {
          let live = 0;
          let before: number | undefined;
          for (let index = 1; index < p.lines.length; index++)
            if (ITEM_LINE.test(p.lines[index]!) && ++live === clause.at - 1) before = index;
          if (before === undefined)
            fail(
              `${refText({ article: clause.article, paragraph: clause.paragraph })}没有第${toChineseNumeral(clause.at - 1)}项`,
            );
          at = before + 1;
          while (at < p.lines.length && !isItemLine(p.lines[at]!)) at++;
        }
        p.lines = relabelItems([...p.lines.slice(0, at), clause.line, ...p.lines.slice(at)]);
        return;
      }
      case "split": {
        article(clause.article).deleted = true;
        for (const part of clause.into) addArticle(part.label, part.lines);
        return;
      }
      case "merge": {
        for (const label of clause.articles) article(label).deleted = true;
        addArticle(clause.label, clause.lines);
        return;
      }
    }
  };

  plan.items.forEach((clauses, index) => {
    try {
      clauses.forEach(run);
    } catch (error) {
      if (error instanceof Failure) throw new ApplyError(index + 1, error.message);
      throw error;
    }
  });

  return assemble(old, articles, inserted, plan.renumber);
}

function composeParagraphs(a: ArticleState): Paragraph[] {
  const kept = a.paragraphs
    .filter((p) => !p.deleted)
    .map((p) =>
      p.lines.some((line) => line.startsWith(DELETED_LINE))
        ? relabelItems(p.lines.filter((line) => !line.startsWith(DELETED_LINE)))
        : p.lines,
    );
  for (const add of [...a.added].sort((x, y) => x.at - y.at))
    kept.splice(Math.min(add.at - 1, kept.length), 0, add.lines);
  return kept;
}

interface Placed {
  label: string;
  pid: string;
  chapter: number | null;
  chapterGiven: boolean;
  text: string;
}

function assemble(
  old: ImportJson,
  articles: ArticleState[],
  inserted: NewArticle[],
  renumber: boolean,
): ImportJson {
  const list: Placed[] = articles
    .filter((a) => !a.deleted)
    .map((a) => ({
      label: a.source.label,
      pid: a.source.pid,
      chapter: a.source.chapter,
      chapterGiven: true,
      text: textOf(composeParagraphs(a)),
    }));
  const sorted = [...inserted].sort(
    (x, y) => x.order.number - y.order.number || x.order.sub - y.order.sub,
  );
  for (const add of sorted) {
    let at: number;
    if (renumber && add.order.sub === 0) {
      // Numbers run on from 第一条 again, so 作为第十二条 is the twelfth place.
      at = Math.min(add.order.number - 1, list.length);
    } else {
      // Numbers are kept: 第十条之一 follows 第十条 (and any 之 article already after it).
      const precedes = (label: string) => {
        const n = parseArticleLabel(label);
        return (
          n !== null &&
          (n.number < add.order.number || (n.number === add.order.number && n.sub < add.order.sub))
        );
      };
      at = 0;
      while (at < list.length && precedes(list[at]!.label)) at++;
    }
    list.splice(at, 0, {
      label: add.label,
      pid: newPid(),
      chapter: add.chapter ?? null,
      chapterGiven: add.chapter !== undefined,
      text: add.lines.join("\n"),
    });
  }
  // An added article without 在第X章中 belongs to the chapter of the article before it.
  list.forEach((entry, index) => {
    if (entry.chapterGiven) return;
    entry.chapter = list[index - 1]?.chapter ?? list[index + 1]?.chapter ?? null;
  });
  return {
    title: old.title,
    chapters: old.chapters,
    articles: list.map((entry, index) => {
      const label = renumber ? provisionLabel("article", index + 1) : entry.label;
      const parsed = parseArticleLabel(label);
      return {
        number: parsed?.number ?? index + 1,
        label,
        pid: entry.pid,
        chapter: entry.chapter,
        text: entry.text,
      };
    }),
    unplaced: [],
  };
}

/** Reads a decision's text and applies it to the old text (ApplyError names a failing item). */
export function applyDecision(old: ImportJson, decision: string): ImportJson {
  return applyPlan(old, parseDecision(decision));
}

export { ApplyError };
