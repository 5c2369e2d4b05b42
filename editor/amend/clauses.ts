// What one item of a decision says, as data, and how the standard phrasing prints it. The
// generator (decision.ts) builds these; the parser (parse.ts) reads them back from text that
// anyone may have written; apply.ts carries them out. References always use the OLD text's
// numbers, as real decisions do; the places of added provisions use the NEW text's numbers
// (作为第十二条).

import { toChineseNumeral } from "../numerals.ts";

/** A place in the old text: 第九条, 第九条第二款, 第九条第二款第三项 (第九条第三项 in a one-款 article). */
export interface Ref {
  /** The article's label as the old text prints it: 第九条, 第九条之一. */
  article: string;
  paragraph?: number;
  item?: number;
}

export type Clause =
  | { op: "replace"; refs: Ref[]; from: string; to: string }
  | { op: "deletePhrase"; refs: Ref[]; text: string }
  | { op: "insertPhrase"; ref: Ref; anchor: string; where: "after" | "before"; text: string }
  | { op: "deleteProvision"; ref: Ref }
  /** The whole article, 款 or 项 replaced; `lines` is its new text (an article's without label). */
  | { op: "rewrite"; ref: Ref; label?: string; lines: string[] }
  | { op: "addArticle"; label: string; chapter?: number; lines: string[] }
  | { op: "addParagraph"; article: string; at: number; lines: string[] }
  | { op: "addItem"; article: string; paragraph?: number; at: number; line: string }
  | { op: "split"; article: string; into: { label: string; lines: string[] }[] }
  | { op: "merge"; articles: string[]; label: string; lines: string[] };

/** A decision as data: its clauses item by item, and whether numbering is adjusted. */
export interface DecisionPlan {
  items: Clause[][];
  renumber: boolean;
}

const COUNT = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

export function countWord(n: number): string {
  return COUNT[n] ?? toChineseNumeral(n);
}

export function refText(ref: Ref, sameArticle = false): string {
  return (
    (sameArticle ? "" : ref.article) +
    (ref.paragraph ? `第${toChineseNumeral(ref.paragraph)}款` : "") +
    (ref.item ? `第${toChineseNumeral(ref.item)}项` : "")
  );
}

function refsText(refs: readonly Ref[]): string {
  return refs.map((ref) => refText(ref)).join("、");
}

const quote = (text: string) => `“${text}”`;

/**
 * One article's text, quoted with its label: only where one quote holds several articles (a
 * split: 修改为：“第三条　……”“第四条　……”). Elsewhere real decisions quote the text alone, as the
 * item already names the article (将第三条修改为：“……”; 增加一条，作为第四条：“……”).
 */
function articleQuote(label: string, lines: readonly string[]): string {
  const [first = "", ...rest] = lines;
  return quote([`${label}　${first}`, ...rest].join("\n"));
}

/** Prints one clause in the standard phrasing, without closing punctuation. */
export function clauseText(clause: Clause): string {
  switch (clause.op) {
    case "replace":
      return `将${refsText(clause.refs)}中的${quote(clause.from)}修改为${quote(clause.to)}`;
    case "deletePhrase":
      return `删去${refsText(clause.refs)}中的${quote(clause.text)}`;
    case "insertPhrase":
      return `在${refText(clause.ref)}中的${quote(clause.anchor)}${clause.where === "after" ? "后" : "前"}增加${quote(clause.text)}`;
    case "deleteProvision":
      return `删去${refText(clause.ref)}`;
    case "rewrite":
      if (clause.ref.paragraph === undefined && clause.ref.item === undefined) {
        const label = clause.label ?? clause.ref.article;
        const renamed = label === clause.ref.article ? "" : `改为${label}，`;
        return `将${clause.ref.article}${renamed}修改为：${quote(clause.lines.join("\n"))}`;
      }
      return `将${refText(clause.ref)}修改为：${quote(clause.lines.join("\n"))}`;
    case "addArticle":
      return (
        (clause.chapter ? `在第${toChineseNumeral(clause.chapter)}章中` : "") +
        `增加一条，作为${clause.label}：${quote(clause.lines.join("\n"))}`
      );
    case "addParagraph":
      return `在${clause.article}中增加一款，作为第${toChineseNumeral(clause.at)}款：${quote(clause.lines.join("\n"))}`;
    case "addItem":
      return `在${refText({ article: clause.article, paragraph: clause.paragraph })}中增加一项，作为第${toChineseNumeral(clause.at)}项：${quote(clause.line)}`;
    case "split":
      return (
        `将${clause.article}改为${countWord(clause.into.length)}条，作为` +
        clause.into.map((a) => a.label).join("、") +
        "，修改为：" +
        clause.into.map((a) => articleQuote(a.label, a.lines)).join("\n")
      );
    case "merge":
      return `将${clause.articles.join("、")}合并为一条，作为${clause.label}，修改为：${quote(clause.lines.join("\n"))}`;
  }
}

/** Prints an item's clauses: joined by ；, ended by 。 unless it ends on quoted text. */
export function itemText(clauses: readonly Clause[]): string {
  const body = clauses.map(clauseText).join("；");
  return body.endsWith("”") && /修改为：|增加一|：“/.test(clauseText(clauses[clauses.length - 1]!))
    ? body
    : `${body}。`;
}
