import { describe, expect, it } from "vitest";
import {
  articleLabelKey,
  compareArticleLabels,
  formatArticleLabel,
  formatLabelSuffix,
  parseArticleLabel,
  parseLabelSuffix,
  readLeadingArticleLabel,
} from "./labels.ts";

describe("article labels with 之一 suffixes", () => {
  it("writes plain and inserted articles as laws print them", () => {
    expect(formatArticleLabel(10)).toBe("第十条");
    expect(formatArticleLabel(10, 1)).toBe("第十条之一");
    expect(formatArticleLabel({ number: 120, suffix: 6 })).toBe("第一百二十条之六");
    expect(formatLabelSuffix(0)).toBe("");
    expect(formatLabelSuffix(12)).toBe("之十二");
  });

  it("reads whole labels back, and refuses what is not one", () => {
    expect(parseArticleLabel("第十条")).toEqual({ number: 10, suffix: 0 });
    expect(parseArticleLabel("第十条之一")).toEqual({ number: 10, suffix: 1 });
    expect(parseArticleLabel("第10条之二")).toEqual({ number: 10, suffix: 2 });
    expect(parseArticleLabel("第十条第二款")).toBeNull();
    expect(parseArticleLabel("第十章")).toBeNull();
    expect(parseLabelSuffix("之三")).toBe(3);
    expect(parseLabelSuffix("")).toBe(0);
    expect(parseLabelSuffix("之")).toBeNull();
  });

  it("reads a label at the start of a line and leaves 之 that is not a suffix in the text", () => {
    expect(readLeadingArticleLabel("第三十条之一　国家建立……")).toEqual({
      label: { number: 30, suffix: 1 },
      rest: "　国家建立……",
    });
    expect(readLeadingArticleLabel("第三十条之规定")).toEqual({
      label: { number: 30, suffix: 0 },
      rest: "之规定",
    });
    expect(readLeadingArticleLabel("依照第三十条")).toBeNull();
  });

  it("orders and keys inserted articles between their neighbours", () => {
    const labels = ["第十一条", "第十条之二", "第十条", "第十条之一"].map((text) =>
      parseArticleLabel(text)!,
    );
    const sorted = [...labels].sort(compareArticleLabels).map((l) => formatArticleLabel(l));
    expect(sorted).toEqual(["第十条", "第十条之一", "第十条之二", "第十一条"]);
    expect(articleLabelKey({ number: 10, suffix: 1 })).toBe("10-1");
    expect(articleLabelKey({ number: 10, suffix: 0 })).toBe("10");
  });
});
