// Every real law in tests/fixtures/laws is imported and checked against the source itself:
// counts from the data README, article numbers 1..N, and each article's text equal to the text
// a plain scan of the raw file finds for it (whitespace, line wraps and punctuation width aside).

import { readdirSync, readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { toChineseNumeral } from "../numbering.ts";
import { legalSchema } from "../schema.ts";
import { toImportJson } from "./contract.ts";
import type { ImportJson } from "./contract.ts";
import { importFile } from "./index.ts";
import type { ParseResult } from "./parse.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);

interface Expectation {
  articles: number;
  chapters: number;
  title: string | null;
  unplacedLines: number[];
}

const TOC_1997 = [3, 4, 5, 6, 7, 8, 9, 10];
const TOC_2007_2013 = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

// Counts from /work/shared/data/README.md; titles and unplaced lines read off the files.
const expected: Record<string, Expectation> = {
  "beijing-zhiding-difangxing-fagui-tiaoli-2017.md": {
    articles: 66,
    chapters: 5,
    title: "北京市制定地方性法规条例",
    unplacedLines: [],
  },
  "beijing-zhiding-difangxing-fagui-tiaoli-2023.md": {
    articles: 76,
    chapters: 8,
    title: "北京市制定地方性法规条例",
    unplacedLines: [],
  },
  "dongwu-fangyi-fa-1997.txt": {
    articles: 58,
    chapters: 7,
    title: "中华人民共和国动物防疫法",
    unplacedLines: TOC_1997,
  },
  "dongwu-fangyi-fa-2007.txt": {
    articles: 85,
    chapters: 10,
    title: null,
    unplacedLines: TOC_2007_2013,
  },
  "dongwu-fangyi-fa-2013.txt": {
    articles: 84,
    chapters: 9,
    title: "中华人民共和国动物防疫法",
    unplacedLines: TOC_2007_2013,
  },
  "dongwu-fangyi-fa-2015.txt": {
    articles: 85,
    chapters: 10,
    title: "中华人民共和国动物防疫法（2015年修正本）",
    unplacedLines: [],
  },
  "dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt": {
    articles: 113,
    chapters: 12,
    title: null,
    unplacedLines: [],
  },
  "dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt": {
    articles: 112,
    chapters: 12,
    title: null,
    unplacedLines: [],
  },
  "dongwu-fangyi-fa-2021.txt": { articles: 113, chapters: 11, title: null, unplacedLines: [] },
  "dongwu-fangyi-fa-2021-lawrefbook.md": {
    articles: 113,
    chapters: 12,
    title: "中华人民共和国动物防疫法",
    unplacedLines: [],
  },
  "lifa-fa-2015.md": {
    articles: 105,
    chapters: 6,
    title: "中华人民共和国立法法",
    unplacedLines: [],
  },
  "lifa-fa-2023.md": {
    articles: 120,
    chapters: 6,
    title: "中华人民共和国立法法",
    unplacedLines: [],
  },
  "shengzhu-tuzai-tiaoli-1997.txt": { articles: 24, chapters: 0, title: null, unplacedLines: [] },
  "shengzhu-tuzai-tiaoli-2008.txt": { articles: 36, chapters: 5, title: null, unplacedLines: [] },
  "shengzhu-tuzai-tiaoli-2011.txt": { articles: 36, chapters: 5, title: null, unplacedLines: [] },
  "shengzhu-tuzai-tiaoli-2016.txt": { articles: 36, chapters: 5, title: null, unplacedLines: [] },
  "shengzhu-tuzai-tiaoli-2021.txt": { articles: 45, chapters: 5, title: null, unplacedLines: [] },
  "xingzheng-fuyi-fa-2017.md": {
    articles: 43,
    chapters: 7,
    title: "中华人民共和国行政复议法",
    unplacedLines: [],
  },
  "xingzheng-fuyi-fa-2023.md": {
    articles: 90,
    chapters: 7,
    title: "中华人民共和国行政复议法",
    unplacedLines: [],
  },
};

// The independent scan: an article runs from the line that starts with its label to the next
// line that starts an article, chapter, section or part, skipping page-number lines.
const LABEL = /^[#\s]*第[一二三四五六七八九十百零〇]+条/;
const BOUNDARY = /^[#\s]*第[一二三四五六七八九十百零〇]+[条章节编]/;
const PAGE_NUMBER = /^\s*[—-]\s*\d+\s*[—-]\s*$/;

function scanArticles(raw: string): string[] {
  const articles: string[][] = [];
  let current: string[] | null = null;
  for (const line of raw.split("\n")) {
    if (LABEL.test(line)) {
      current = [line.replace(LABEL, "")];
      articles.push(current);
    } else if (BOUNDARY.test(line)) {
      current = null;
    } else if (current && !PAGE_NUMBER.test(line)) {
      current.push(line);
    }
  }
  return articles.map((lines) => lines.join("\n"));
}

// NFKC folds full-width punctuation and spaces to their half-width forms.
function comparable(text: string): string {
  return text.normalize("NFKC").replace(/[\s\u200b\ufeff]/g, "");
}

describe("importing every real law", () => {
  it("has an expectation for every fixture file", () => {
    expect(readdirSync(lawsDir).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, expectation] of Object.entries(expected)) {
    describe(file, () => {
      const bytes = readFileSync(new URL(file, lawsDir));
      const raw = bytes.toString("utf8");
      let result: ParseResult;
      let json: ImportJson;
      beforeAll(async () => {
        result = await importFile(new Uint8Array(bytes), file);
        json = toImportJson(result);
      });

      it("finds every article, numbered 1..N as printed", () => {
        expect(json.articles.map((a) => a.number)).toEqual(
          Array.from({ length: expectation.articles }, (_, i) => i + 1),
        );
        expect(json.articles.map((a) => a.label)).toEqual(
          json.articles.map((a) => `第${toChineseNumeral(a.number)}条`),
        );
      });

      it("finds every chapter heading of the body", () => {
        expect(json.chapters).toHaveLength(expectation.chapters);
      });

      it("keeps each article's text as the source has it", () => {
        const scanned = scanArticles(raw);
        expect(scanned).toHaveLength(expectation.articles);
        json.articles.forEach((article, index) => {
          expect(comparable(article.text), `${article.label}`).toBe(comparable(scanned[index]!));
        });
      });

      it("joins wrapped lines and widens punctuation: each line of an article ends a sentence", () => {
        for (const article of json.articles) {
          for (const line of article.text.split("\n"))
            expect(line, article.label).toMatch(/[。；：]$/);
          expect(article.text, article.label).not.toMatch(/[,;:()?!]/);
        }
      });

      it("reads the title and leaves only non-body lines unplaced", () => {
        expect(json.title).toBe(expectation.title);
        expect(json.unplaced.map((u) => u.line)).toEqual(expectation.unplacedLines);
        const lines = raw.split("\n");
        for (const u of json.unplaced) expect(lines[u.line - 1]!.trim()).toBe(u.text);
      });

      it("builds a document the schema accepts, unchanged by a round trip", () => {
        const node = legalSchema.nodeFromJSON(result.doc);
        node.check();
        expect(node.toJSON()).toEqual(result.doc);
      });
    });
  }
});

async function importLaw(file: string): Promise<ImportJson> {
  return toImportJson(await importFile(new Uint8Array(readFileSync(new URL(file, lawsDir))), file));
}

describe("source defects", () => {
  it("keeps printed chapter numbers when the source lacks 第一章 (2021.txt)", async () => {
    const json = await importLaw("dongwu-fangyi-fa-2021.txt");
    expect(json.chapters.map((c) => c.number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(json.chapters[10]!.title).toBe("附则");
    // 第一条 to 第十四条 stand before 第二章, in no printed chapter.
    expect(json.articles.filter((a) => a.chapter === null).map((a) => a.number)).toEqual(
      Array.from({ length: 14 }, (_, i) => i + 1),
    );
    expect(json.articles[14]!.chapter).toBe(2);
  });

  it("reads the same adopted law alike from plain text and from markdown", async () => {
    const plain = await importLaw("dongwu-fangyi-fa-2021.txt");
    const markdown = await importLaw("dongwu-fangyi-fa-2021-lawrefbook.md");
    expect(plain.articles.map((a) => a.text)).toEqual(markdown.articles.map((a) => a.text));
    expect(plain.chapters.map((c) => c.title)).toEqual(
      markdown.chapters.slice(1).map((c) => c.title),
    );
  });

  it("keeps the drafts' blank date and drops their page number", async () => {
    const first = await importLaw("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt");
    const second = await importLaw("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt");
    expect(first.articles[112]!.text).toBe("本法自 年 月 日起施行。");
    expect(second.articles[111]!.text).toBe("本法自 年 月 日起施行。");
    expect(second.articles.some((a) => a.text.includes("22 —"))).toBe(false);
    expect(second.articles[75]!.text.split("\n")).toHaveLength(8);
  });

  it("removes heading padding and joins a heading wrapped onto two lines", async () => {
    const beijing = await importLaw("beijing-zhiding-difangxing-fagui-tiaoli-2017.md");
    expect(beijing.chapters.map((c) => c.title)).toEqual([
      "总则",
      "立法规划、计划与法规案起草",
      "制定地方性法规的程序",
      "地方性法规的解释",
      "附则",
    ]);
    expect(beijing.chapters[2]!.sections.map((s) => [s.number, s.title])).toEqual([
      [1, "市人民代表大会制定地方性法规的程序"],
      [2, "市人民代表大会常务委员会制定地方性法规的程序"],
      [3, "其他规定"],
    ]);
  });

  it("reads the chapters, not the table of contents, of a law that has one", async () => {
    const json = await importLaw("dongwu-fangyi-fa-2013.txt");
    // The contents list ten chapters; the body lacks 第十章 and its article.
    expect(json.chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(json.articles.filter((a) => a.chapter === 1)).toHaveLength(11);
  });
});

describe("encodings", () => {
  it("imports a law saved as GB18030 or UTF-16 exactly as the UTF-8 file", async () => {
    const file = "dongwu-fangyi-fa-2007.txt";
    const text = readFileSync(new URL(file, lawsDir), "utf8");
    const withoutPids = (json: ImportJson) => ({
      ...json,
      articles: json.articles.map(({ pid: _pid, ...article }) => article),
    });
    const utf8 = withoutPids(await importLaw(file));
    for (const encoding of ["gb18030", "utf-16le", "utf-16be"] as const) {
      const bytes = new Uint8Array(
        iconv.encode(text, encoding, { addBOM: encoding === "utf-16le" }),
      );
      const result = toImportJson(await importFile(bytes, file));
      expect(withoutPids(result), encoding).toEqual(utf8);
    }
  });
});
