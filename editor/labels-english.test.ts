import { describe, expect, it } from "vitest";
import { englishLabel, formatEnglishArticleLabel, localizedLabel } from "./labels.ts";

describe("article labels in English sentences and tables", () => {
  it("renders articles, chapters, sections, paragraphs and items as English texts cite them", () => {
    expect(englishLabel("第二十五条")).toBe("Article 25");
    expect(englishLabel("第一条")).toBe("Article 1");
    expect(englishLabel("第二章")).toBe("Chapter 2");
    expect(englishLabel("第三节")).toBe("Section 3");
    expect(englishLabel("第二款")).toBe("Paragraph 2");
    expect(englishLabel("第一编")).toBe("Part 1");
    expect(englishLabel("第三项")).toBe("Item (c)");
    expect(englishLabel("（三）")).toBe("Item (c)");
    expect(englishLabel("第一百一十二条")).toBe("Article 112");
  });

  it("renders an article inserted by an amendment with a letter: 第十条之一 → Article 10A", () => {
    expect(englishLabel("第十条之一")).toBe("Article 10A");
    expect(englishLabel("第一百三十三条之二")).toBe("Article 133B");
    expect(formatEnglishArticleLabel({ number: 10, suffix: 1 })).toBe("Article 10A");
    expect(formatEnglishArticleLabel(7)).toBe("Article 7");
  });

  it("renders a cited chain and keeps a heading's Chinese title", () => {
    expect(englishLabel("第五条第二款")).toBe("Article 5, Paragraph 2");
    expect(englishLabel("第五条第二款第三项")).toBe("Article 5, Paragraph 2, Item (c)");
    expect(englishLabel("第二章 动物疫病的预防")).toBe("Chapter 2 动物疫病的预防");
  });

  it("leaves what is not a label as it is, and Chinese readers' labels untouched", () => {
    expect(englishLabel("草案整体")).toBe("草案整体");
    expect(englishLabel("")).toBe("");
    expect(localizedLabel("第一条", "zh-CN")).toBe("第一条");
    expect(localizedLabel("第一条", "en")).toBe("Article 1");
  });
});
