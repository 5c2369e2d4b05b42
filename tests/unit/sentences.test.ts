import { describe, expect, it } from "vitest";
import { quoteMatches, splitSentences } from "../../app/lib/sentences.ts";

describe("sentences of a provision", () => {
  it("splits at 。；？！ and line breaks, keeping offsets into the text", () => {
    const text =
      "县级以上人民政府应当加强管理；具体办法由国务院规定。\n有下列情形之一的，不得出售：\n（一）未经检疫的；";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      "县级以上人民政府应当加强管理；",
      "具体办法由国务院规定。",
      "有下列情形之一的，不得出售：",
      "（一）未经检疫的；",
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("tells a quote of the text from one that is not", () => {
    const text = "本法自公布之日起施行。";
    expect(quoteMatches(text, { text: "公布之日", start: 3, end: 7 })).toBe(true);
    expect(quoteMatches(text, { text: "公布之日", start: 2, end: 6 })).toBe(false);
    expect(quoteMatches(text, { text: "本法自公布之日起施行。", start: 0, end: 99 })).toBe(false);
  });
});
