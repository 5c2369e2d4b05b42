// Reads a decision written in the standard phrasing — by this program or by anyone — into
// clauses: “” or "" or 「」 quotes, full- or half-width punctuation, 第X条第X款第X项, 之一
// articles, several clauses in one item (joined by ；, later ones may leave out the article:
// 第二款中的…), the title, the preamble and the closing lines around the items.
//
// How: the text is cut into items at lines that start 一、二、… outside quotes; each item is
// cut into quoted texts and the words between them, the quotes replaced by one placeholder
// character, so each clause is matched as a short skeleton (将第九条第二款中的◇修改为◇).

import { ApplyError } from "./errors.ts";
import type { Clause, DecisionPlan, Ref } from "./clauses.ts";
import { articleLabel, parseArticleLabel, readNumeral } from "./model.ts";

const Q = "\uE000";
const NUM = "[零〇一二三四五六七八九十百千两\\d]+";
const ART = `第${NUM}条(?:之${NUM})?`;

/** Quote marks: opening → closing. ASCII quotes pair by alternation. */
const OPENERS: Record<string, string> = { "“": "”", "「": "」", "『": "』", "‘": "’" };

interface Tokens {
  skeleton: string;
  quotes: string[];
}

/** Cuts text into the words outside quotes (with Q for each quote) and the quoted texts. */
function tokenize(text: string): Tokens {
  let skeleton = "";
  const quotes: string[] = [];
  let i = 0;
  const chars = Array.from(text);
  while (i < chars.length) {
    const ch = chars[i]!;
    if (ch === '"' || ch === "＂") {
      let j = i + 1;
      while (j < chars.length && chars[j] !== ch) j++;
      quotes.push(chars.slice(i + 1, j).join(""));
      skeleton += Q;
      i = j + 1;
    } else if (OPENERS[ch]) {
      const close = OPENERS[ch];
      let depth = 1;
      let j = i + 1;
      for (; j < chars.length; j++) {
        if (chars[j] === ch) depth++;
        else if (chars[j] === close && --depth === 0) break;
      }
      quotes.push(chars.slice(i + 1, j).join(""));
      skeleton += Q;
      i = j + 1;
    } else {
      skeleton += ch;
      i++;
    }
  }
  return { skeleton, quotes };
}

/** Whether a quote opened on this line is still open at its end (for cutting items). */
function quoteDepthAfter(line: string, depth: number, ascii: boolean): [number, boolean] {
  for (const ch of line) {
    if (ch === '"' || ch === "＂") ascii = !ascii;
    else if (OPENERS[ch]) depth++;
    else if (Object.values(OPENERS).includes(ch)) depth = Math.max(0, depth - 1);
  }
  return [depth, ascii];
}

const WIDTH: Record<string, string> = {
  ",": "，",
  ";": "；",
  ":": "：",
  "(": "（",
  ")": "）",
  ".": "。",
};

function normalizeSkeleton(skeleton: string): string {
  return skeleton
    .replace(/\s+/g, "")
    .replace(/[,;:()]/g, (ch) => WIDTH[ch]!)
    .replace(/[。；.]+$/u, "");
}

function cleanLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "").replace(/^#+\s*/, ""))
    .map((line) => line.replace(/^\*\*(.*)\*\*$/, "$1"))
    .filter((line) => line !== "");
}

const ITEM_START = /^([一二三四五六七八九十百]+)[、.．]\s*/;

/** Lines of quoted text: trimmed, blank ones dropped. */
function quoteLines(quote: string): string[] {
  return quote
    .split("\n")
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((l) => l !== "");
}

const LABEL_AT_START = new RegExp(`^(${ART})[\\s\\u3000]*`);

/** Quoted article texts: each starts with its label (第十二条　…); several may follow. */
function quotedArticles(quotes: readonly string[]): { label: string | null; lines: string[] }[] {
  const out: { label: string | null; lines: string[] }[] = [];
  for (const line of quotes.flatMap(quoteLines)) {
    const match = LABEL_AT_START.exec(line);
    const parsed = match ? parseArticleLabel(match[1]!) : null;
    if (match && parsed) {
      const rest = line.slice(match[0].length);
      // A line that starts 第十条规定的… is text, not a label: a label is followed by a space.
      if (rest !== "" && match[0].length === match[1]!.length && out.length > 0) {
        out[out.length - 1]!.lines.push(line);
        continue;
      }
      out.push({ label: articleLabel(parsed), lines: rest === "" ? [] : [rest] });
    } else if (out.length === 0) out.push({ label: null, lines: [line] });
    else out[out.length - 1]!.lines.push(line);
  }
  return out;
}

class Unreadable extends Error {}

function refuse(reason: string): never {
  throw new Unreadable(reason);
}

function normalizeArticle(text: string): string {
  const parsed = parseArticleLabel(text);
  if (!parsed) refuse(`“${text}”不是条的序号`);
  return articleLabel(parsed);
}

const REF_PART = new RegExp(`^(${ART})?(?:第(${NUM})款)?(?:第(${NUM})项)?$`);

/** Reads 第九条、第十条第二款和第三款 into refs; a ref without 条 takes the last article named. */
function readRefs(text: string, context: { article?: string; paragraph?: number }): Ref[] {
  const parts = text.split(/[、，]|和|及|以及/).filter((p) => p !== "");
  if (parts.length === 0) refuse("没有指明条款");
  return parts.map((part) => {
    const match = REF_PART.exec(part);
    if (!match || (!match[1] && !match[2] && !match[3])) refuse(`无法识别“${part}”`);
    const article = match[1] ? normalizeArticle(match[1]) : context.article;
    if (!article) refuse(`“${part}”没有指明是哪一条`);
    // 第三款第二项、第三项: a bare 项 is in the 款 named before it, a bare 款 in the 条.
    const paragraph = match[2]
      ? (readNumeral(match[2]) ?? refuse(`无法识别“${part}”`))
      : !match[1] && match[3] && article === context.article
        ? context.paragraph
        : undefined;
    context.article = article;
    context.paragraph = paragraph;
    const ref: Ref = { article };
    if (paragraph !== undefined) ref.paragraph = paragraph;
    if (match[3]) ref.item = readNumeral(match[3]) ?? refuse(`无法识别“${part}”`);
    return ref;
  });
}

function readCount(text: string): number {
  return text === "两" ? 2 : (readNumeral(text) ?? refuse(`无法识别“${text}”`));
}

function readClause(
  skeleton: string,
  quotes: string[],
  context: { article?: string; paragraph?: number },
): Clause[] {
  const take = (n: number) => {
    if (quotes.length < n) refuse("引号不配对");
    return quotes.splice(0, n);
  };
  const quoteCount = (s: string) => Array.from(s).filter((c) => c === Q).length;
  let m: RegExpExecArray | null;

  // 将第九条第二款中的“甲”修改为“乙”（，“丙”修改为“丁”）
  if ((m = new RegExp(`^将(.+?)中的((?:${Q}(?:修改|改)为${Q}[，、]?)+)$`).exec(skeleton))) {
    const refs = readRefs(m[1]!, context);
    const q = take(quoteCount(m[2]!));
    const out: Clause[] = [];
    for (let i = 0; i < q.length; i += 2)
      out.push({ op: "replace", refs: refs.map((r) => ({ ...r })), from: q[i]!, to: q[i + 1]! });
    return out;
  }
  // 删去第九条中的“甲”（、“乙”）
  if ((m = new RegExp(`^(?:删去|删除)(.+?)中的(${Q}(?:[、，和]${Q})*)$`).exec(skeleton))) {
    const refs = readRefs(m[1]!, context);
    return take(quoteCount(m[2]!)).map((text) => ({
      op: "deletePhrase" as const,
      refs: refs.map((r) => ({ ...r })),
      text,
    }));
  }
  // 在第九条中的“甲”后增加“乙”
  if (
    (m = new RegExp(`^在(.+?)(?:中的|中)?${Q}(?:之)?(后|前)(?:面)?(?:增加|增写|加上)${Q}$`).exec(
      skeleton,
    ))
  ) {
    const [ref] = readRefs(m[1]!, context);
    const [anchor, text] = take(2);
    return [
      {
        op: "insertPhrase",
        ref: ref!,
        anchor: anchor!,
        where: m[2] === "后" ? "after" : "before",
        text: text!,
      },
    ];
  }
  // 删去第十五条 / 删去第十条第二款、第三款
  if ((m = /^(?:删去|删除)(.+)$/.exec(skeleton)) && !skeleton.includes(Q)) {
    return readRefs(m[1]!, context).map((ref) => ({ op: "deleteProvision" as const, ref }));
  }
  // 将第三条改为两条，作为第三条、第四条，修改为：“……”
  if (
    (m = new RegExp(
      `^将(${ART})(?:拆分)?改为(${NUM})条，(?:分别)?作为((?:${ART}[、和]?)+)，(?:并)?(?:分别)?修改为：?(${Q}+)$`,
    ).exec(skeleton))
  ) {
    const article = normalizeArticle(m[1]!);
    context.article = article;
    const labels = m[3]!
      .split(/[、和]/)
      .filter(Boolean)
      .map(normalizeArticle);
    if (labels.length !== readCount(m[2]!)) refuse("条数与序号不符");
    const texts = quotedArticles(take(quoteCount(m[4]!)));
    if (texts.length !== labels.length)
      refuse(`应有${labels.length}条条文，引号中有${texts.length}条`);
    return [
      { op: "split", article, into: labels.map((label, i) => ({ label, lines: texts[i]!.lines })) },
    ];
  }
  // 将第十条、第十一条合并为一条，作为第十条，修改为：“……”
  if (
    (m = new RegExp(
      `^将((?:${ART}[、和]?)+)合并(?:为一条)?，作为(${ART})，(?:并)?修改为：?(${Q}+)$`,
    ).exec(skeleton))
  ) {
    const articles = m[1]!
      .split(/[、和]/)
      .filter(Boolean)
      .map(normalizeArticle);
    const label = normalizeArticle(m[2]!);
    const [text] = quotedArticles(take(quoteCount(m[3]!)));
    return [{ op: "merge", articles, label, lines: text?.lines ?? [] }];
  }
  // 将第十三条（改为第十六条，）修改为：“……” / 将第九条第二款修改为：“……”
  if ((m = new RegExp(`^将(.+?)(?:改为(${ART})，)?(?:并)?修改为：?(${Q}+)$`).exec(skeleton))) {
    const [ref] = readRefs(m[1]!, context);
    const q = take(quoteCount(m[3]!));
    if (ref!.paragraph === undefined && ref!.item === undefined) {
      const texts = quotedArticles(q);
      if (texts.length !== 1) refuse("修改为一条时引号中应为一条条文");
      return [
        {
          op: "rewrite",
          ref: ref!,
          ...(m[2] ? { label: normalizeArticle(m[2]) } : {}),
          lines: texts[0]!.lines,
        },
      ];
    }
    return [{ op: "rewrite", ref: ref!, lines: q.flatMap(quoteLines) }];
  }
  // 将第八条改为第九条 (a renumbering, said by 条文顺序作相应调整 as well)
  if (new RegExp(`^将(${ART})改为(${ART})$`).test(skeleton)) return [];
  // （在第二章中）增加一条，作为第十二条：“……” / 增加两条，分别作为第十二条、第十三条：
  if (
    (m = new RegExp(
      `^(?:在第(${NUM})章(?:第${NUM}节)?中|在(${ART})后)?(?:增加|新增|增写)(${NUM})条，(?:分别)?作为((?:${ART}[、和]?)+)：?(${Q}+)$`,
    ).exec(skeleton))
  ) {
    const chapter = m[1] ? (readNumeral(m[1]) ?? undefined) : undefined;
    const labels = m[4]!
      .split(/[、和]/)
      .filter(Boolean)
      .map(normalizeArticle);
    if (labels.length !== readCount(m[3]!)) refuse("条数与序号不符");
    const texts = quotedArticles(take(quoteCount(m[5]!)));
    if (texts.length !== labels.length)
      refuse(`应有${labels.length}条条文，引号中有${texts.length}条`);
    return labels.map((label, i) => ({
      op: "addArticle" as const,
      label,
      ...(chapter !== undefined && i === 0 ? { chapter } : {}),
      lines: texts[i]!.lines,
    }));
  }
  // 在第十条中增加一款，作为第二款：“……” / 增加一款，作为第十条第二款
  if (
    (m = new RegExp(
      `^在(${ART})?(?:中)?增加(${NUM})款，(?:分别)?作为(${ART})?((?:第${NUM}款[、和]?)+)：?(${Q}+)$`,
    ).exec(skeleton)) ||
    (m = new RegExp(
      `^()?增加(${NUM})款，(?:分别)?作为(${ART})((?:第${NUM}款[、和]?)+)：?(${Q}+)$`,
    ).exec(skeleton))
  ) {
    const article = m[1] ? normalizeArticle(m[1]) : m[3] ? normalizeArticle(m[3]) : context.article;
    if (!article) refuse("没有指明在哪一条增加款");
    context.article = article;
    const places = [...m[4]!.matchAll(new RegExp(`第(${NUM})款`, "g"))].map(
      (x) => readNumeral(x[1]!) ?? refuse(`无法识别“${x[0]}”`),
    );
    if (places.length !== readCount(m[2]!)) refuse("款数与序号不符");
    const q = take(quoteCount(m[5]!));
    const texts = places.length === 1 ? [q.flatMap(quoteLines)] : q.map(quoteLines);
    if (texts.length !== places.length) refuse(`应有${places.length}款，引号中有${texts.length}款`);
    return places.map((at, i) => ({ op: "addParagraph" as const, article, at, lines: texts[i]! }));
  }
  // 在第九条第二款中增加一项，作为第三项：“（三）……”
  if ((m = new RegExp(`^在(.+?)中增加一项，作为第(${NUM})项：?(${Q})$`).exec(skeleton))) {
    const [ref] = readRefs(m[1]!, context);
    const [line] = take(1);
    return [
      {
        op: "addItem",
        article: ref!.article,
        ...(ref!.paragraph !== undefined ? { paragraph: ref!.paragraph } : {}),
        at: readNumeral(m[2]!) ?? refuse("无法识别项的序号"),
        line: quoteLines(line!).join(""),
      },
    ];
  }
  // A later clause of an item may leave out its verb: 将第三条第一款中的“甲”修改为“乙”；第三款中的
  // “丙”修改为“丁”.
  if (/^第/.test(skeleton) && new RegExp(`${Q}(?:修改|改)为${Q}`).test(skeleton))
    return readClause(`将${skeleton}`, quotes, context);
  refuse("不是修改决定的标准表述");
}

/** Reads a decision's text into its items; throws ApplyError naming an unreadable item. */
export function parseDecision(text: string): DecisionPlan {
  const lines = cleanLines(text);
  const items: string[] = [];
  let renumber = false;
  let depth = 0;
  let ascii = false;
  let inItems = false;
  for (const line of lines) {
    if (/条文顺序作相应调整|条文顺序作相应的调整/.test(line) && depth === 0 && !ascii)
      renumber = true;
    const open = depth > 0 || ascii;
    if (!open && ITEM_START.test(line)) {
      items.push(line.replace(ITEM_START, ""));
      inItems = true;
    } else if (open || (inItems && /^[“"「『]/.test(line))) {
      items[items.length - 1] += `\n${line}`;
    } else if (inItems && items.length > 0 && !/本决定|重新公布|条文顺序/.test(line)) {
      // A line of the last item that a word processor broke off.
      items[items.length - 1] += line;
    }
    if (inItems) [depth, ascii] = quoteDepthAfter(line, depth, ascii);
  }
  if (items.length === 0) throw new ApplyError(1, "没有找到编号为一、二、……的修改事项");
  const plan: Clause[][] = items.map((item, index) => {
    try {
      const { skeleton, quotes } = tokenize(item);
      const context: { article?: string; paragraph?: number } = {};
      const clauses = normalizeSkeleton(skeleton)
        .split("；")
        .filter((s) => s !== "")
        .flatMap((clause) => {
          if (/条文顺序作相应调整/.test(clause)) {
            renumber = true;
            return [];
          }
          if (/^本决定自.*施行$/.test(clause)) return [];
          return readClause(clause.replace(/^此外，?/, ""), quotes, context);
        });
      return clauses;
    } catch (error) {
      if (error instanceof Unreadable)
        throw new ApplyError(index + 1, `${error.message}（${item.split("\n")[0]!.slice(0, 40)}）`);
      throw error;
    }
  });
  return { items: plan, renumber };
}
