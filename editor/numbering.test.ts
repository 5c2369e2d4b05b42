import { describe, expect, it } from "vitest";
import type { ArticleJSON, ChapterJSON, LegalDocJSON, SectionJSON } from "./document-json.ts";
import {
  makeArticle,
  makeChapter,
  makeItem,
  makeParagraph,
  makeSection,
  makeSubitem,
  textblock,
} from "./document-json.ts";
import {
  numberProvisions,
  numberProvisionsInNode,
  parseChineseNumeral,
  provisionLabel,
  provisionOrdinalName,
  toChineseNumeral,
} from "./numbering.ts";
import { legalSchema } from "./schema.ts";

describe("toChineseNumeral", () => {
  it.each([
    [0, "零"],
    [1, "一"],
    [10, "十"],
    [11, "十一"],
    [19, "十九"],
    [20, "二十"],
    [99, "九十九"],
    [100, "一百"],
    [101, "一百零一"],
    [105, "一百零五"],
    [110, "一百一十"],
    [113, "一百一十三"],
    [120, "一百二十"],
    [1000, "一千"],
    [1001, "一千零一"],
    [1010, "一千零一十"],
    [1260, "一千二百六十"],
    [10000, "一万"],
    [10010, "一万零一十"],
    [100000, "十万"],
    [110000, "十一万"],
    [100100, "十万零一百"],
    [1001000, "一百万一千"],
    [100000001, "一亿零一"],
  ])("%i → %s", (n, expected) => {
    expect(toChineseNumeral(n)).toBe(expected);
  });

  it("refuses what cannot be counted", () => {
    expect(() => toChineseNumeral(-1)).toThrow(RangeError);
    expect(() => toChineseNumeral(1.5)).toThrow(RangeError);
  });
});

describe("parseChineseNumeral", () => {
  it("reads back every number it writes, up to 20,000 and at larger samples", () => {
    for (let n = 0; n <= 20000; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
    for (const n of [99999, 100000, 123456, 1000001, 98765432, 100000001, 1234567890]) {
      expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
    }
  });

  it.each([
    ["〇", 0],
    ["零", 0],
    ["两", 2],
    ["两千", 2000],
    ["两万零五", 20005],
    ["一〇一", 101],
    ["二〇二一", 2021],
    ["一千零十", 1010],
    ["十", 10],
    ["12", 12],
    ["１２", 12],
    [" 三 ", 3],
  ])("reads %s as %i", (text, expected) => {
    expect(parseChineseNumeral(text)).toBe(expected);
  });

  it.each(["", "第一", "abc", "一a"])("refuses %j", (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });
});

describe("labels", () => {
  it("follows Chinese drafting convention", () => {
    expect(provisionLabel("part", 1)).toBe("第一编");
    expect(provisionLabel("chapter", 12)).toBe("第十二章");
    expect(provisionLabel("section", 2)).toBe("第二节");
    expect(provisionLabel("article", 101)).toBe("第一百零一条");
    expect(provisionLabel("paragraph", 2)).toBe("");
    expect(provisionLabel("item", 3)).toBe("（三）");
    expect(provisionLabel("subitem", 4)).toBe("4.");
  });

  it("renders English labels", () => {
    expect(provisionLabel("chapter", 1, "en")).toBe("Chapter 1");
    expect(provisionLabel("section", 1, "en")).toBe("Section 1");
    expect(provisionLabel("article", 12, "en")).toBe("Article 12");
    expect(provisionLabel("paragraph", 1, "en")).toBe("");
    expect(provisionLabel("item", 1, "en")).toBe("(a)");
    expect(provisionLabel("item", 26, "en")).toBe("(z)");
    expect(provisionLabel("item", 27, "en")).toBe("(aa)");
    expect(provisionLabel("subitem", 1, "en")).toBe("1.");
  });

  it("names paragraphs and items as they are cited", () => {
    expect(provisionOrdinalName("paragraph", 2)).toBe("第二款");
    expect(provisionOrdinalName("item", 3)).toBe("第三项");
    expect(provisionOrdinalName("subitem", 1)).toBe("第一目");
    expect(provisionOrdinalName("article", 10)).toBe("第十条");
    expect(provisionOrdinalName("paragraph", 2, "en")).toBe("Paragraph 2");
  });
});

function article(...paragraphs: ReturnType<typeof makeParagraph>[]): ArticleJSON {
  return { ...makeArticle(""), content: paragraphs };
}

function chapterWith(title: string, ...children: (ArticleJSON | SectionJSON)[]): ChapterJSON {
  const chapter = makeChapter(title);
  chapter.content.push(...children);
  return chapter;
}

describe("numbering from position", () => {
  const items = makeParagraph("有下列情形之一的：");
  items.content.push(makeItem("甲；"), makeItem("乙："));
  const lastItem = items.content[2]!;
  lastItem.content.push(makeSubitem("子；"), makeSubitem("丑。"));
  const first = article(makeParagraph("一"), makeParagraph("二"));
  const second = article(items);
  const sectionOne = makeSection("一般规定");
  const third = article(makeParagraph("三"));
  sectionOne.content.push(third);
  const sectionTwo = makeSection("特别规定");
  const fourth = article(makeParagraph("四"));
  sectionTwo.content.push(fourth);
  const chapterTwoSection = makeSection("唯一一节");
  const fifth = article(makeParagraph("五"));
  chapterTwoSection.content.push(fifth);
  const chapterOne = chapterWith("总则", first, second, sectionOne, sectionTwo);
  const chapterTwo = chapterWith("附则", chapterTwoSection);
  const doc: LegalDocJSON = {
    type: "doc",
    content: [textblock("title", "某条例"), chapterOne, chapterTwo],
  };

  it("numbers articles across chapters and restarts everything else per parent", () => {
    const numbers = numberProvisions(doc);
    const number = (pid: string) => numbers.get(pid)?.number;
    expect([first, second, third, fourth, fifth].map((a) => number(a.attrs.pid))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect([chapterOne, chapterTwo].map((c) => number(c.attrs.pid))).toEqual([1, 2]);
    expect([sectionOne, sectionTwo, chapterTwoSection].map((s) => number(s.attrs.pid))).toEqual([
      1, 2, 1,
    ]);
    expect(first.content.map((p) => number(p.attrs.pid))).toEqual([1, 2]);
    expect(number(items.attrs.pid)).toBe(1);
    expect(
      items.content.slice(1).map((i) => number((i as { attrs: { pid: string } }).attrs.pid)),
    ).toEqual([1, 2]);
    expect(
      lastItem.content.slice(1).map((s) => number((s as { attrs: { pid: string } }).attrs.pid)),
    ).toEqual([1, 2]);
    expect(numbers.get(fifth.attrs.pid)?.parentPid).toBe(chapterTwoSection.attrs.pid);
  });

  it("gives the same numbers for a ProseMirror node as for its JSON", () => {
    const node = legalSchema.nodeFromJSON(doc);
    node.check();
    expect(numberProvisionsInNode(node)).toEqual(numberProvisions(doc));
  });
});
