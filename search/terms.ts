// How Chinese text becomes search terms. Word tokens alone lose recall (jieba keeps
// 人民代表大会常务委员会 whole, so 人民代表大会 would miss it), so a document is indexed under
// every overlapping character bigram and every single character of its Han runs, under its
// jieba words of three or more characters (two-character words are bigrams already), and under
// its Latin words and numbers. A query phrase asks for all its bigrams (or its single character),
// and the engine confirms the candidates by looking for the phrase itself in the text, so
// 集贸市场 never matches a text that only has 集贸 and 市场 apart.

import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

let jieba: Jieba | undefined;
function words(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, true);
}

const HAN = /\p{Script=Han}/u;
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** The form text is compared in: NFKC (full-width letters and digits to ASCII), lower case. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function runTerms(run: string, out: Set<string>, withUnigrams: boolean) {
  if (!HAN.test(run[0]!)) {
    out.add(run);
    return;
  }
  const chars = Array.from(run);
  if (chars.length === 1 || withUnigrams) for (const c of chars) out.add(c);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
}

/** The distinct terms a document's text is indexed under. */
export function documentTerms(text: string): string[] {
  const normal = normalizeText(text);
  const out = new Set<string>();
  for (const match of normal.matchAll(RUN)) runTerms(match[0], out, true);
  for (const word of words(normal)) {
    if (Array.from(word).length >= 3 && HAN.test(word)) out.add(word);
  }
  return [...out];
}

export interface ParsedQuery {
  /** Phrases every match must contain (normalised), in the order typed. */
  phrases: string[];
  /** Terms per phrase that a candidate must have (all of them). */
  terms: string[][];
  /** Whole jieba words of three or more characters: a match on one ranks higher. */
  words: string[];
}

/**
 * Splits a query into phrases at spaces and punctuation; each phrase must occur in a match. A
 * phrase's terms are its bigrams (or its single character, or its Latin word).
 */
export function parseQuery(q: string): ParsedQuery {
  const phrases: string[] = [];
  const terms: string[][] = [];
  for (const match of normalizeText(q).matchAll(/[\p{Script=Han}\p{L}\p{N}]+/gu)) {
    const phrase = match[0];
    if (phrases.includes(phrase)) continue;
    const out = new Set<string>();
    for (const run of phrase.matchAll(RUN)) runTerms(run[0], out, false);
    phrases.push(phrase);
    terms.push([...out]);
  }
  const wordSet = new Set<string>();
  for (const phrase of phrases)
    for (const word of words(phrase))
      if (Array.from(word).length >= 3 && HAN.test(word)) wordSet.add(word);
  return { phrases, terms, words: [...wordSet] };
}

/** A tsquery literal asking for every term (quoted, so no term is parsed as an operator). */
export function toTsquery(terms: string[]): string {
  return terms.map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" & ");
}
