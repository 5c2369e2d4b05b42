// Writes the amendment decision (修改决定) that turns the OLD text into the NEW one, in the
// fixed phrasing of real decisions: items 一、二、… in the order of the text, each naming the
// finest unit that says the change faithfully — a phrase inside a 款 (将第九条第二款中的“……”
// 修改为“……”), a whole 款 (在第十条中增加一款，作为第二款：“……”), a whole 条 (增加一条，作为
// 第十二条：“……”; 删去第十五条; 将第三条改为两条…). References use the OLD numbers; an
// identical phrase replacement made in several articles is one item (将第二十四条、第二十九条
// 第三款中的“法律委员会”修改为“宪法和法律委员会”).
//
// How: articles are paired by the comparison's alignment (editor/compare/align.ts); inside a
// pair, 款 are paired by identical text and then by similarity in order; inside a 款 pair the
// phrase diff (editor/compare/diff.ts) gives the changed runs, each quoted with as much
// surrounding text as makes it occur once. Then the whole decision is applied to the old text
// (apply.ts) and every article whose result differs from the new text is written out whole
// instead, so what the decision says is exactly what the new text is.
//
// A full revision (修订) is enacted as a whole new text, not as a decision; when too few
// articles survive word for word, generation refuses and says so.

import type { ImportArticleJson, ImportJson } from "../import/contract.ts";
import { alignProvisions } from "../compare/align.ts";
import type { AlignedRow } from "../compare/align.ts";
import { diffTexts } from "../compare/diff.ts";
import type { Segmenter } from "../compare/segment.ts";
import { intlSegmenter } from "../compare/segment.ts";
import type { ProvisionRow } from "../provisions.ts";
import { toChineseNumeral } from "../numerals.ts";
import { applyDecision } from "./apply.ts";
import { ApplyError } from "./errors.ts";
import type { Clause, Ref } from "./clauses.ts";
import { itemText } from "./clauses.ts";
import type { Paragraph } from "./model.ts";
import { itemNumbers, paragraphsOf } from "./model.ts";

/** Why no decision is written (a full revision, or nothing changed). */
export class AmendRefusal extends Error {
  constructor(
    readonly code: "revision" | "identical" | "empty",
    message: string,
    /** For a revision: old articles kept word for word, and how many the old text has. */
    readonly counts: { kept: number; total: number } = { kept: 0, total: 0 },
  ) {
    super(message);
    this.name = "AmendRefusal";
  }
}

export interface DecisionItem {
  /** 1 for 一、 */
  number: number;
  clauses: Clause[];
  text: string;
}

export interface Decision {
  title: string;
  preamble: string;
  items: DecisionItem[];
  /** Numbering shifted: the decision ends by adjusting the order of the articles. */
  renumber: boolean;
  closing: string[];
  /** The whole decision as one text, as `kaimen amend` prints it. */
  text: string;
}

export interface AmendOptions {
  segment?: Segmenter;
  /** Printed as 本决定自{effective}起施行 (e.g. 2023年3月15日, 公布之日); omitted when absent. */
  effective?: string;
  /** The law's name, when the old text carries none (the title of 关于修改《…》的决定). */
  title?: string;
  /** Below this share of old articles kept word for word, the pair is a full revision. */
  revisionThreshold?: number;
}

const DEFAULT_REVISION_THRESHOLD = 1 / 3;
/** A 款 with more changed runs than this is written out whole. */
const MAX_PHRASES_PER_PARAGRAPH = 3;
/** Changed runs at most this many characters apart are quoted as one. */
const MAX_GAP_BETWEEN_RUNS = 6;
/** A 款 whose changed share is above this is written out whole. */
const MAX_CHANGED_SHARE = 0.5;

function provisionRows(doc: ImportJson): ProvisionRow[] {
  return doc.articles.map((a, ordinal) => ({
    pid: a.pid,
    kind: "article",
    ordinal,
    number: a.number,
    label: a.label,
    headingPath: [],
    text: a.text,
    parentPid: null,
  }));
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const chars = Array.from(text);
  for (let i = 0; i + 1 < chars.length; i++) {
    const key = chars[i]! + chars[i + 1]!;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  let total = 0;
  for (const [k, n] of x) common += Math.min(n, y.get(k) ?? 0);
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  return total === 0 ? (a === b ? 1 : 0) : (2 * common) / total;
}

type ParagraphPairing = { old?: number; new?: number }[];

/** Pairs the 款 of two versions of an article: identical ones, then similar ones in order. */
function pairParagraphs(before: readonly string[], after: readonly string[]): ParagraphPairing {
  const n = before.length;
  const m = after.length;
  // Longest common subsequence of identical 款.
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        before[i] === after[j]
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const anchors: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (before[i] === after[j]) anchors.push([i++, j++]);
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  const out: ParagraphPairing = [];
  let i = 0;
  let j = 0;
  const gap = (iEnd: number, jEnd: number) => {
    // Similar 款 between two anchors pair in order (best total similarity, each above 0.3).
    const a = before.slice(i, iEnd);
    const b = after.slice(j, jEnd);
    const score = Array.from({ length: a.length + 1 }, () =>
      new Array<number>(b.length + 1).fill(0),
    );
    for (let x = a.length - 1; x >= 0; x--)
      for (let y = b.length - 1; y >= 0; y--) {
        const s = similarity(a[x]!, b[y]!);
        score[x]![y] = Math.max(
          score[x + 1]![y]!,
          score[x]![y + 1]!,
          s >= 0.3 ? score[x + 1]![y + 1]! + s : 0,
        );
      }
    let x = 0;
    let y = 0;
    while (x < a.length || y < b.length) {
      if (x < a.length && y < b.length) {
        const s = similarity(a[x]!, b[y]!);
        if (s >= 0.3 && score[x]![y] === score[x + 1]![y + 1]! + s) {
          out.push({ old: i + x++, new: j + y++ });
          continue;
        }
        if (score[x]![y] === score[x + 1]![y]) out.push({ old: i + x++ });
        else out.push({ new: j + y++ });
      } else if (x < a.length) out.push({ old: i + x++ });
      else out.push({ new: j + y++ });
    }
    i = iEnd;
    j = jEnd;
  };
  for (const [ai, aj] of anchors) {
    gap(ai, aj);
    out.push({ old: i++, new: j++ });
  }
  gap(n, m);
  return out;
}

interface Hunk {
  start: number;
  end: number;
  to: string;
}

/**
 * The phrase clauses that turn one 款 (or one item of it) into another, or null when the 款 is
 * better written out whole. A phrase is quoted bare when replacing it everywhere in its unit is
 * right (将…中的“商务”修改为“畜牧兽医行政”, as real decisions do), otherwise with surrounding
 * words until it occurs once.
 */
function phraseClauses(
  oldLines: Paragraph,
  newLines: Paragraph,
  baseRef: Ref,
  segment: Segmenter,
): Clause[] | null {
  if (oldLines.length !== newLines.length) return null;
  const clauses: Clause[] = [];
  const items = itemNumbers(oldLines);
  let changedRuns = 0;
  for (let line = 0; line < oldLines.length; line++) {
    const a = oldLines[line]!;
    const b = newLines[line]!;
    if (a === b) continue;
    const itemNo = items.get(line);
    if (line > 0 && itemNo === undefined) return null; // a sub-item: the 款 is rewritten
    const ref: Ref = itemNo === undefined ? baseRef : { ...baseRef, item: itemNo };
    // The text the clause will be applied to: the item's line, or the whole 款.
    const unit = itemNo === undefined ? oldLines.join("\n") : a;
    const offset =
      itemNo === undefined ? oldLines.slice(0, line).join("\n").length + (line > 0 ? 1 : 0) : 0;
    const hunks: Hunk[] = [];
    const bounds = new Set<number>([0, a.length]);
    let at = 0;
    let pending: Hunk | null = null;
    const ops = diffTexts(a, b, segment);
    for (const token of segment(a)) bounds.add((at += token.length));
    at = 0;
    for (const op of ops) {
      if (op.op === "equal") {
        if (pending) hunks.push(pending);
        pending = null;
        at += op.text.length;
      } else {
        pending ??= { start: at, end: at, to: "" };
        if (op.op === "delete") {
          at += op.text.length;
          pending.end = at;
        } else pending.to += op.text;
      }
    }
    if (pending) hunks.push(pending);
    const runs = hunks.length;
    // Runs a few characters apart read as one change: 将“甲乙丙”修改为“甲丁丙”, not two.
    for (let i = hunks.length - 1; i > 0; i--) {
      const [left, right] = [hunks[i - 1]!, hunks[i]!];
      const gap = a.slice(left.end, right.start);
      if (Array.from(gap).length <= MAX_GAP_BETWEEN_RUNS && !/[。；]/.test(gap)) {
        left.to += gap + right.to;
        left.end = right.end;
        hunks.splice(i, 1);
      }
    }
    // An item (项) changed in more than one place reads best written out whole, as real
    // decisions do: 将第八条第十项修改为：“（十）诉讼制度和仲裁基本制度；”.
    if (itemNo !== undefined && runs > 1) {
      clauses.push({ op: "rewrite", ref, lines: [b] });
      continue;
    }
    const changed = hunks.reduce((n, h) => n + Math.max(h.end - h.start, h.to.length), 0);
    changedRuns += hunks.length;
    if (
      changedRuns > MAX_PHRASES_PER_PARAGRAPH ||
      changed > MAX_CHANGED_SHARE * Math.max(a.length, b.length)
    )
      return null;
    const others = unit.slice(0, offset) + "\n" + unit.slice(offset + a.length);
    const simulate = (list: Clause[]) => {
      let text = a;
      for (const c of list) {
        if (c.op === "replace") text = text.split(c.from).join(c.to);
        else if (c.op === "deletePhrase") text = text.split(c.text).join("");
        else if (c.op === "insertPhrase")
          text = text
            .split(c.anchor)
            .join(c.where === "after" ? c.anchor + c.text : c.text + c.anchor);
      }
      return text;
    };
    const attempt = (unique: boolean): Clause[] | null => {
      const list: Clause[] = [];
      for (const hunk of hunks) {
        const clause = hunkClause({ line: a, unit, others, hunks, bounds, unique }, hunk, ref);
        if (!clause) return null;
        if (!list.some((c) => JSON.stringify(c) === JSON.stringify(clause))) list.push(clause);
      }
      return simulate(list) === b ? list : null;
    };
    const found = attempt(false) ?? attempt(true);
    if (!found) return null;
    clauses.push(...found);
  }
  return clauses;
}

const hasPunctuation = (text: string) => /[\p{P}\s]/u.test(text);

interface LineContext {
  line: string;
  /** The whole unit the clause applies to (the item's line, or the 款). */
  unit: string;
  /** The unit without this line: a quoted phrase must not occur there. */
  others: string;
  hunks: readonly Hunk[];
  /** Word boundaries of the line (offsets). */
  bounds: ReadonlySet<number>;
  /** Only quotes that occur once in the unit (the fallback when replace-all reads wrongly). */
  unique: boolean;
}

function occurrencesIn(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length))
    out.push(at);
  return out;
}

/**
 * Whether 将“line[s,e)”修改为“…” (which changes every occurrence in its unit) says exactly what
 * the diff says: every occurrence is changed the same way, and no other line holds it.
 */
function consistent(context: LineContext, s: number, e: number): boolean {
  const from = context.line.slice(s, e);
  if (from === "" || context.others.includes(from)) return false;
  const at = occurrencesIn(context.line, from);
  if (context.unique && at.length > 1) return false;
  const signature = (q: number): string | null => {
    const inside: string[] = [];
    for (const h of context.hunks) {
      const within = h.start >= q && h.end <= q + from.length;
      const apart = h.end < q || h.start > q + from.length;
      const touching = (h.end === q || h.start === q + from.length) && !within;
      if (within) inside.push(`${h.start - q},${h.end - q},${h.to}`);
      else if (!apart && !touching) return null;
    }
    return inside.join("|");
  };
  const first = signature(s);
  return first !== null && first !== "" && at.every((q) => signature(q) === first);
}

/** One changed run as a clause in the standard phrasing, or null when none reads right. */
function hunkClause(context: LineContext, hunk: Hunk, ref: Ref): Clause | null {
  const { line, bounds } = context;
  const clauseFor = (s: number, e: number): Clause => {
    const quoted = line.slice(s, e);
    const to = line.slice(s, hunk.start) + hunk.to + line.slice(hunk.end, e);
    return to === ""
      ? { op: "deletePhrase", refs: [ref], text: quoted }
      : { op: "replace", refs: [ref], from: quoted, to };
  };
  const wordStart = (at: number, words: number) => {
    let s = at;
    for (let n = 0; n < words && s > 0; n++) {
      s--;
      while (s > 0 && !bounds.has(s)) s--;
    }
    return s;
  };
  const wordEnd = (at: number, words: number) => {
    let e = at;
    for (let n = 0; n < words && e < line.length; n++) {
      e++;
      while (e < line.length && !bounds.has(e)) e++;
    }
    return e;
  };
  const inserted = hunk.start === hunk.end;
  if (inserted) {
    const next = line.slice(hunk.start, wordEnd(hunk.start, 1));
    const prefixLike = !hasPunctuation(hunk.to) && next !== "" && !hasPunctuation(next);
    // 宪法和 before 法律委员会 reads best as 将“法律委员会”修改为“宪法和法律委员会”.
    if (prefixLike)
      for (let words = 1; words <= 3; words++) {
        const e = wordEnd(hunk.start, words);
        const quoted = line.slice(hunk.start, e);
        if (hasPunctuation(quoted)) break;
        if (Array.from(quoted).length >= 2 && consistent(context, hunk.start, e))
          return clauseFor(hunk.start, e);
      }
    // Otherwise anchored on the words before it: 在“……”后增加“……”.
    for (let words = 1; words <= 8; words++) {
      const s = wordStart(hunk.start, words);
      const anchor = line.slice(s, hunk.start);
      if (
        anchor === "" ||
        (hasPunctuation(anchor) && s > 0 && words > 1 && hasPunctuation(anchor[0]!))
      )
        break;
      if (
        Array.from(anchor).length >= 2 &&
        !hasPunctuation(anchor[0]!) &&
        occurrencesIn(context.unit, anchor).length === 1
      )
        return { op: "insertPhrase", ref, anchor, where: "after", text: hunk.to };
    }
    for (let words = 1; words <= 8; words++) {
      const e = wordEnd(hunk.start, words);
      const anchor = line.slice(hunk.start, e);
      if (anchor === "") break;
      if (Array.from(anchor).length >= 2 && occurrencesIn(context.unit, anchor).length === 1)
        return { op: "insertPhrase", ref, anchor, where: "before", text: hunk.to };
    }
    return null;
  }
  // A replacement or a deletion: the changed words, widened by whole words until it reads true.
  for (let step = 0; step < 16; step++) {
    const s = wordStart(hunk.start, Math.ceil(step / 2));
    const e = wordEnd(hunk.end, Math.floor(step / 2));
    const quoted = line.slice(s, e);
    if (Array.from(quoted).length >= 2 && !hasPunctuation(quoted[0]!) && consistent(context, s, e))
      return clauseFor(s, e);
    if (s === 0 && e === line.length) break;
  }
  return null;
}

interface Unit {
  /** Clauses of one place in the text; units come in text order, and so do the items. */
  clauses: Clause[];
  /** The old article the clauses concern, when one does (for fallback and merging). */
  article?: string;
}

/** The clauses for one modified article: by 款 and phrase, or the whole article. */
function articleClauses(
  oldArticle: ImportArticleJson,
  newArticle: ImportArticleJson,
  segment: Segmenter,
  whole: boolean,
): Clause[] {
  const rewrite: Clause[] = [
    {
      op: "rewrite",
      ref: { article: oldArticle.label },
      label: newArticle.label,
      lines: newArticle.text.split("\n"),
    },
  ];
  if (whole) return rewrite;
  const before = paragraphsOf(oldArticle.text);
  const after = paragraphsOf(newArticle.text);
  const pairing = pairParagraphs(
    before.map((p) => p.join("\n")),
    after.map((p) => p.join("\n")),
  );
  const clauses: Clause[] = [];
  let changedParagraphs = 0;
  for (const pair of pairing) {
    const ref: Ref =
      before.length > 1
        ? { article: oldArticle.label, paragraph: pair.old! + 1 }
        : { article: oldArticle.label };
    if (pair.old !== undefined && pair.new !== undefined) {
      const a = before[pair.old]!;
      const b = after[pair.new]!;
      if (a.join("\n") === b.join("\n")) continue;
      changedParagraphs++;
      const phrases = phraseClauses(a, b, ref, segment);
      if (phrases) clauses.push(...phrases);
      else if (before.length === 1 && after.length === 1) return rewrite;
      else
        clauses.push({
          op: "rewrite",
          ref: { article: oldArticle.label, paragraph: pair.old + 1 },
          lines: [...b],
        });
    } else if (pair.old !== undefined) {
      changedParagraphs++;
      clauses.push({
        op: "deleteProvision",
        ref: { article: oldArticle.label, paragraph: pair.old + 1 },
      });
    } else if (pair.new !== undefined) {
      changedParagraphs++;
      clauses.push({
        op: "addParagraph",
        article: oldArticle.label,
        at: pair.new + 1,
        lines: [...after[pair.new]!],
      });
    }
  }
  // When most of the article changes, the article itself is the faithful unit.
  if (changedParagraphs > Math.max(1, before.length / 2) && clauses.length > 2) return rewrite;
  return clauses;
}

function exactSurvivors(
  rows: readonly AlignedRow[],
  oldText: Map<string, string>,
  newText: Map<string, string>,
): number {
  return rows.filter(
    (r) =>
      r.oldPids.length === 1 &&
      r.newPids.length === 1 &&
      oldText.get(r.oldPids[0]!) === newText.get(r.newPids[0]!),
  ).length;
}

/** Plans the decision's items; `whole` lists old articles to be written out whole. */
function plan(
  before: ImportJson,
  after: ImportJson,
  rows: readonly AlignedRow[],
  segment: Segmenter,
  whole: ReadonlySet<string>,
): { units: Unit[]; renumber: boolean } {
  const oldByPid = new Map(before.articles.map((a) => [a.pid, a]));
  const newByPid = new Map(after.articles.map((a) => [a.pid, a]));
  const newIndex = new Map(after.articles.map((a, i) => [a.pid, i]));
  const units: Unit[] = [];
  let renumber = false;
  for (const row of rows) {
    const olds = row.oldPids.map((pid) => oldByPid.get(pid)!);
    const news = row.newPids.map((pid) => newByPid.get(pid)!);
    const added = (a: ImportArticleJson): Clause => {
      const index = newIndex.get(a.pid)!;
      const previous = after.articles[index - 1];
      const firstOfChapter =
        a.chapter !== null && (previous === undefined || previous.chapter !== a.chapter);
      return {
        op: "addArticle",
        label: a.label,
        ...(firstOfChapter ? { chapter: a.chapter! } : {}),
        lines: a.text.split("\n"),
      };
    };
    if (row.kind === "moved") {
      // An article that left its neighbours' order is deleted there and added here.
      units.push({ clauses: [{ op: "deleteProvision", ref: { article: olds[0]!.label } }] });
      units.push({ clauses: [added(news[0]!)] });
      continue;
    }
    if (olds.length === 0) {
      units.push(...news.map((a) => ({ clauses: [added(a)] })));
      continue;
    }
    if (news.length === 0) {
      units.push({ clauses: [{ op: "deleteProvision", ref: { article: olds[0]!.label } }] });
      continue;
    }
    if (olds.length === 1 && news.length === 1) {
      const [o, n] = [olds[0]!, news[0]!];
      if (o.label !== n.label) renumber = true;
      if (o.text === n.text) continue;
      units.push({ clauses: articleClauses(o, n, segment, whole.has(o.label)), article: o.label });
      continue;
    }
    if (olds.length === 1)
      units.push({
        clauses: [
          {
            op: "split",
            article: olds[0]!.label,
            into: news.map((a) => ({ label: a.label, lines: a.text.split("\n") })),
          },
        ],
      });
    else
      units.push({
        clauses: [
          {
            op: "merge",
            articles: olds.map((a) => a.label),
            label: news[0]!.label,
            lines: news[0]!.text.split("\n"),
          },
        ],
      });
  }
  return { units, renumber };
}

/** Groups units into items; identical replacements across articles become one item. */
function itemsOf(units: readonly Unit[]): { items: Clause[][]; articles: string[][] } {
  const key = (c: Clause) => (c.op === "replace" ? `${c.from}\u0000${c.to}` : null);
  const articlesWith = new Map<string, Set<string>>();
  for (const unit of units)
    for (const c of unit.clauses) {
      const k = key(c);
      if (k && unit.article) {
        const set = articlesWith.get(k) ?? new Set<string>();
        set.add(unit.article);
        articlesWith.set(k, set);
      }
    }
  const merged = new Map<string, { clause: Clause & { op: "replace" }; index: number }>();
  const items: Clause[][] = [];
  const articles: string[][] = [];
  for (const unit of units) {
    const own: Clause[] = [];
    for (const c of unit.clauses) {
      const k = key(c);
      if (c.op === "replace" && k && (articlesWith.get(k)?.size ?? 0) > 1) {
        const existing = merged.get(k);
        if (existing) {
          existing.clause.refs.push(...c.refs);
          articles[existing.index]!.push(unit.article!);
        } else {
          const clause = { ...c, refs: [...c.refs] };
          merged.set(k, { clause, index: items.length });
          items.push([clause]);
          articles.push([unit.article!]);
        }
      } else own.push(c);
    }
    if (own.length > 0) {
      items.push(own);
      articles.push(unit.article ? [unit.article] : []);
    }
  }
  return { items, articles };
}

function renderDecision(
  title: string,
  items: Clause[][],
  renumber: boolean,
  options: AmendOptions,
): Decision {
  const decisionTitle = `关于修改《${title}》的决定`;
  const preamble = `对《${title}》作如下修改：`;
  const decisionItems = items.map((clauses, index) => ({
    number: index + 1,
    clauses,
    text: `${toChineseNumeral(index + 1)}、${itemText(clauses)}`,
  }));
  const closing = [
    ...(options.effective ? [`本决定自${options.effective}起施行。`] : []),
    `《${title}》根据本决定作相应修改${renumber ? "并对条文顺序作相应调整" : ""}，重新公布。`,
  ];
  const text = [
    decisionTitle,
    "",
    preamble,
    ...decisionItems.map((i) => i.text),
    "",
    ...closing,
  ].join("\n");
  return { title: decisionTitle, preamble, items: decisionItems, renumber, closing, text };
}

/** Whether the applied result has every article of the new text, word for word. */
function mismatches(result: ImportJson, after: ImportJson): number[] {
  const out: number[] = [];
  const n = Math.max(result.articles.length, after.articles.length);
  for (let i = 0; i < n; i++) {
    const r = result.articles[i];
    const a = after.articles[i];
    if (!r || !a || r.text !== a.text || r.label !== a.label) out.push(i);
  }
  return out;
}

/** Writes the decision that turns OLD into NEW, or refuses (AmendRefusal). */
export function writeDecision(
  before: ImportJson,
  after: ImportJson,
  options: AmendOptions = {},
): Decision {
  if (before.articles.length === 0 || after.articles.length === 0)
    throw new AmendRefusal("empty", "a text has no article (第…条)");
  const segment = options.segment ?? intlSegmenter("zh");
  const rows = alignProvisions(provisionRows(before), provisionRows(after));
  const oldText = new Map(before.articles.map((a) => [a.pid, a.text]));
  const newText = new Map(after.articles.map((a) => [a.pid, a.text]));
  const kept = exactSurvivors(rows, oldText, newText);
  const sameLabels =
    before.articles.length === after.articles.length &&
    before.articles.every(
      (a, i) => a.label === after.articles[i]!.label && a.text === after.articles[i]!.text,
    );
  if (sameLabels)
    throw new AmendRefusal(
      "identical",
      "the two texts have the same articles: there is nothing to amend",
    );
  const share = kept / Math.max(before.articles.length, after.articles.length);
  if (share < (options.revisionThreshold ?? DEFAULT_REVISION_THRESHOLD))
    throw new AmendRefusal(
      "revision",
      `this is a full revision (修订), not an amendment: only ${kept} of ${before.articles.length} articles are kept word for word; a 修订 is enacted as a whole new text, not as a decision`,
      { kept, total: before.articles.length },
    );

  const whole = new Set<string>();
  const title = decisionTitleOf(options.title ?? before.title ?? after.title);
  const pairedOld = new Map<string, string>();
  for (const row of rows)
    if (row.oldPids.length === 1 && row.newPids.length === 1) {
      const o = before.articles.find((a) => a.pid === row.oldPids[0])!;
      const n = after.articles.find((a) => a.pid === row.newPids[0])!;
      pairedOld.set(n.pid, o.label);
    }
  // The phrase-level items are checked by applying them; an article they do not reproduce
  // exactly is written out whole on the next pass. Each pass writes at least one more article
  // whole, so this ends; the last resort is every changed article whole.
  for (let pass = 0; pass <= pairedOld.size + 1; pass++) {
    const { units, renumber } = plan(before, after, rows, segment, whole);
    const { items, articles } = itemsOf(units);
    const size = whole.size;
    try {
      // Checked through the printed text, so what is printed is what was checked.
      const decision = renderDecision(title, items, renumber, options);
      const result = applyDecision(before, decision.text);
      const wrong = mismatches(result, after);
      if (wrong.length === 0) return decision;
      if (result.articles.length === after.articles.length)
        for (const index of wrong) {
          const old = pairedOld.get(after.articles[index]!.pid);
          if (old) whole.add(old);
        }
    } catch (error) {
      if (!(error instanceof ApplyError)) throw error;
      for (const label of articles[error.item - 1] ?? []) whole.add(label);
    }
    if (whole.size === size) for (const label of pairedOld.values()) whole.add(label);
  }
  throw new AmendRefusal(
    "revision",
    "the change cannot be written as an amendment decision that reproduces the new text; enact it as a whole new text (修订)",
  );
}

/** The law's name as a decision cites it: without an edition note such as （2015年修正本）. */
function decisionTitleOf(title: string | null | undefined): string {
  const bare = (title ?? "").replace(/[（(][^（）()]*(修正|修订|文本|本)[）)]\s*$/u, "").trim();
  return bare === "" ? "……" : bare;
}
