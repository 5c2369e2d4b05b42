// The server's segmenter: jieba (@node-rs/jieba, native, Node only) keeps compounds such as
// 人民代表大会常务委员会 whole and cuts 40,000 characters in about 7 ms (STACK.md). Loading its
// dictionary takes a moment, so it is loaded once, on first use, and shared.

import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import type { Segmenter } from "./segment.ts";

let shared: Jieba | undefined;

/** A segmenter on jieba's word boundaries (HMM on, so unknown words hold together). */
export function jiebaSegmenter(): Segmenter {
  shared ??= Jieba.withDict(dict);
  const jieba = shared;
  return (text) => (text === "" ? [] : jieba.cut(text, true));
}
