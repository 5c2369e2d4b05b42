import { describe, expect, it } from "vitest";
import { makeSnippet } from "../../search/highlight.ts";
import { documentTerms, parseQuery, toTsquery } from "../../search/terms.ts";

describe("search terms", () => {
  it("indexes bigrams and characters of Han runs, long jieba words and Latin words", () => {
    const terms = documentTerms("全国人民代表大会常务委员会，ＡＢＣ 2024年");
    for (const t of ["人民", "代表", "大会", "常务", "委员", "全", "会", "abc", "2024", "年"])
      expect(terms).toContain(t);
    expect(terms.some((t) => Array.from(t).length >= 3)).toBe(true); // a jieba word
    expect(terms).not.toContain("会，"); // no bigram across punctuation
  });

  it("splits a query into phrases, each asking for its bigrams", () => {
    expect(parseQuery("集贸市场  犬只，").phrases).toEqual(["集贸市场", "犬只"]);
    expect(parseQuery("集贸市场").terms).toEqual([["集贸", "贸市", "市场"]]);
    expect(parseQuery("犬").terms).toEqual([["犬"]]);
    expect(parseQuery("。，").phrases).toEqual([]);
    expect(toTsquery(["a'b", "c\\d"])).toBe("'a''b' & 'c\\\\d'");
  });

  it("cuts a snippet around the first match with offsets inside it, full-width text included", () => {
    const text = `${"前文".repeat(60)}经营动物的集贸市场应当具备条件。ＡＢＣ集贸市场${"后文".repeat(60)}`;
    const { snippet, highlights } = makeSnippet(text, ["集贸市场", "abc"]);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(["集贸市场", "ＡＢＣ集贸市场"]);
  });
});
