import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ArticleJSON, LegalDocJSON } from "./document-json.ts";
import { makeArticle, makeChapter, textblock } from "./document-json.ts";
import { parseLegalText } from "./import/parse.ts";
import { deriveProvisions, documentTitle, ensureUniquePids } from "./provisions.ts";

function law(file: string): LegalDocJSON {
  return parseLegalText(
    readFileSync(new URL(`../tests/fixtures/laws/${file}`, import.meta.url), "utf8"),
  ).doc;
}

describe("deriveProvisions on an imported law", () => {
  const rows = deriveProvisions(law("xingzheng-fuyi-fa-2017.md"));
  const byPid = new Map(rows.map((row) => [row.pid, row]));

  it("lists provisions in document order with ordinals and parents", () => {
    expect(rows.map((row) => row.ordinal)).toEqual(rows.map((_, index) => index));
    expect(rows[0]).toMatchObject({
      kind: "chapter",
      number: 1,
      label: "第一章",
      text: "总则",
      headingPath: [],
      parentPid: null,
    });
    expect(rows[1]).toMatchObject({
      kind: "article",
      number: 1,
      label: "第一条",
      headingPath: ["第一章 总则"],
      parentPid: rows[0]!.pid,
    });
    expect(rows.filter((row) => row.kind === "chapter")).toHaveLength(7);
    expect(rows.filter((row) => row.kind === "article")).toHaveLength(43);
    for (const row of rows) {
      if (row.parentPid !== null)
        expect(byPid.get(row.parentPid)!.ordinal).toBeLessThan(row.ordinal);
    }
  });

  it("labels, numbers and nests paragraphs, items and sub-items of 第二十八条", () => {
    const article = rows.find((row) => row.kind === "article" && row.number === 28)!;
    expect(article.label).toBe("第二十八条");
    expect(article.headingPath).toEqual(["第五章 行政复议决定"]);
    const paragraphs = rows.filter((row) => row.parentPid === article.pid);
    expect(paragraphs.map((p) => [p.kind, p.number, p.label])).toEqual([
      ["paragraph", 1, ""],
      ["paragraph", 2, ""],
    ]);
    const items = rows.filter((row) => row.parentPid === paragraphs[0]!.pid);
    expect(items.map((i) => i.label)).toEqual(["（一）", "（二）", "（三）", "（四）"]);
    const subitems = rows.filter((row) => row.parentPid === items[2]!.pid);
    expect(subitems.map((s) => [s.kind, s.label, s.text])).toEqual([
      ["subitem", "1.", "主要事实不清、证据不足的；"],
      ["subitem", "2.", "适用依据错误的；"],
      ["subitem", "3.", "违反法定程序的；"],
      ["subitem", "4.", "超越或者滥用职权的；"],
      ["subitem", "5.", "具体行政行为明显不当的。"],
    ]);
    // An item's text carries its sub-items, each labelled on its own line; its own label is left out.
    expect(items[2]!.text.split("\n")).toHaveLength(6);
    expect(items[2]!.text.startsWith("具体行政行为有下列情形之一的")).toBe(true);
    expect(items[2]!.text.split("\n")[1]).toBe("1.主要事实不清、证据不足的；");
    // The article's text: paragraph, four items (one with five sub-items), paragraph.
    expect(article.text.split("\n")).toHaveLength(1 + 4 + 5 + 1);
    expect(article.text.split("\n")[1]).toMatch(/^（一）具体行政行为认定事实清楚/);
  });

  it("puts chapter and section headings on the path of what they hold", () => {
    const lifa = deriveProvisions(law("lifa-fa-2015.md"));
    const article = lifa.find((row) => row.kind === "article" && row.number === 7)!;
    expect(article.headingPath).toEqual(["第二章 法律", "第一节 立法权限"]);
    const section = lifa.find((row) => row.pid === article.parentPid)!;
    expect(section).toMatchObject({
      kind: "section",
      number: 1,
      label: "第一节",
      text: "立法权限",
    });
    expect(section.headingPath).toEqual(["第二章 法律"]);
    // Sections count again from 一 in each chapter.
    const sectionsOfChapterFour = lifa.filter(
      (row) => row.kind === "section" && row.headingPath[0]?.startsWith("第四章"),
    );
    expect(sectionsOfChapterFour.map((s) => s.label)).toEqual(["第一节", "第二节"]);
  });

  it("numbers the untitled chapter of a source lacking 第一章 so the rest keep their numbers", () => {
    const rows2021 = deriveProvisions(law("dongwu-fangyi-fa-2021.txt"));
    const chapters = rows2021.filter((row) => row.kind === "chapter");
    expect(chapters.map((c) => c.label)).toEqual([
      "第一章",
      "第二章",
      "第三章",
      "第四章",
      "第五章",
      "第六章",
      "第七章",
      "第八章",
      "第九章",
      "第十章",
      "第十一章",
      "第十二章",
    ]);
    expect(chapters[0]!.text).toBe("");
    expect(chapters[1]!.text).toBe("动物疫病的预防");
  });
});

describe("documentTitle", () => {
  it("reads the title, or null without one", () => {
    expect(documentTitle(law("lifa-fa-2023.md"))).toBe("中华人民共和国立法法");
    expect(documentTitle(law("dongwu-fangyi-fa-2021.txt"))).toBeNull();
  });
});

describe("ensureUniquePids", () => {
  it("gives fresh pids to copies and to provisions without one, keeping the first holder's", () => {
    const original = makeArticle("第一条的文字。");
    const pasted: ArticleJSON = structuredClone(original);
    const blank: ArticleJSON = {
      ...makeArticle("新条文。"),
      attrs: { pid: "", printedNumber: null, suffix: 0 },
    };
    const chapter = makeChapter("总则");
    chapter.content.push(original, pasted, blank);
    const doc: LegalDocJSON = { type: "doc", content: [textblock("title", "某条例"), chapter] };

    const fixed = ensureUniquePids(doc);
    const pids = deriveProvisions(fixed).map((row) => row.pid);
    expect(new Set(pids).size).toBe(pids.length);
    expect(pids.every((pid) => pid.length > 0)).toBe(true);
    const fixedChapter = fixed.content[1] as typeof chapter;
    expect((fixedChapter.content[1] as ArticleJSON).attrs.pid).toBe(original.attrs.pid);
    expect((fixedChapter.content[2] as ArticleJSON).attrs.pid).not.toBe(original.attrs.pid);
    // The paragraph inside the pasted copy is a duplicate too.
    expect((fixedChapter.content[2] as ArticleJSON).content[0]!.attrs.pid).not.toBe(
      original.content[0]!.attrs.pid,
    );
    // The input is left as it was.
    expect(pasted.attrs.pid).toBe(original.attrs.pid);
    expect(blank.attrs.pid).toBe("");
  });
});
