// Word segmenters for the text diff. The diff works on word tokens so a reader sees changed
// words and phrases; which segmenter is right depends on where the code runs, so the caller
// passes one in (DESIGN.md decision 4). This one is isomorphic: Intl.Segmenter exists in Node
// and in browsers. For Chinese it cuts finely (人民代表大会 splits) and slowly (STACK.md: about
// 600 ms for 40,000 characters); on the server prefer segment-jieba.node.ts.

/** Cuts a text into tokens that, joined, give the text back. */
export type Segmenter = (text: string) => string[];

/** A segmenter on Intl.Segmenter's word boundaries for `locale` (zh, en, …). */
export function intlSegmenter(locale: string = "zh"): Segmenter {
  const segmenter = new Intl.Segmenter(locale, { granularity: "word" });
  return (text) => Array.from(segmenter.segment(text), (part) => part.segment);
}

/** A segmenter that cuts a text into single characters (code points). */
export function characterSegmenter(): Segmenter {
  return (text) => Array.from(text);
}
