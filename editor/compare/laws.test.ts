// Comparison on the real laws in tests/fixtures/laws (issue 4, item 7). The expected pairs were
// read off the texts themselves: the article of the later text that carries the earlier one's
// provisions, and where a paragraph went when an article was cut in two.

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeText } from "../import/decode.ts";
import { parseLegalText } from "../import/parse.ts";
import { deriveProvisions } from "../provisions.ts";
import type { ProvisionRow } from "../provisions.ts";
import type { CompareKind } from "./align.ts";
import { compareRows } from "./compare.ts";
import type { CompareResult, CompareRow } from "./compare.ts";
import { jiebaSegmenter } from "./segment-jieba.node.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);
const FIRST_READING = "dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt";
const SECOND_READING = "dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt";
const ADOPTED = "dongwu-fangyi-fa-2021.txt";

function rowsOf(file: string): ProvisionRow[] {
  const bytes = new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));
  return deriveProvisions(parseLegalText(decodeText(bytes)).doc);
}

const cache = new Map<string, CompareResult>();
function compare(before: string, after: string): CompareResult {
  const key = `${before} → ${after}`;
  let result = cache.get(key);
  if (!result) {
    result = compareRows(rowsOf(before), rowsOf(after), jiebaSegmenter());
    cache.set(key, result);
  }
  return result;
}

function articleCount(file: string): number {
  return rowsOf(file).filter((row) => row.kind === "article").length;
}

/** Every article of each side stands in exactly one row, and the rows follow the new text. */
function expectEveryArticleOnce(result: CompareResult, before: string, after: string): void {
  const ascending = (numbers: number[]) => [...numbers].sort((a, b) => a - b);
  const olds = ascending(result.rows.flatMap((row) => row.old));
  const news = ascending(result.rows.flatMap((row) => row.new));
  expect(olds).toEqual(Array.from({ length: articleCount(before) }, (_, at) => at + 1));
  expect(news).toEqual(Array.from({ length: articleCount(after) }, (_, at) => at + 1));
  const firstNew = result.rows.flatMap((row) => row.new.slice(0, 1));
  expect(firstNew).toEqual(ascending(firstNew));
}

function rowWithOld(result: CompareResult, old: number): CompareRow {
  const row = result.rows.find((r) => r.old.includes(old));
  if (!row) throw new Error(`no row holds old article ${old}`);
  return row;
}

function rowWithNew(result: CompareResult, now: number): CompareRow {
  const row = result.rows.find((r) => r.new.includes(now));
  if (!row) throw new Error(`no row holds new article ${now}`);
  return row;
}

function expectPair(result: CompareResult, old: number[], now: number[], kind: CompareKind) {
  const row = rowWithOld(result, old[0]!);
  expect({ old: row.old, new: row.new, kind: row.kind }).toEqual({ old, new: now, kind });
  return row;
}

/** The share of a row's characters (old and new together) that its diff keeps equal. */
function keptShare(row: CompareRow): number {
  const length = (ops: CompareRow["ops"]) => ops.reduce((sum, op) => sum + op.text.length, 0);
  const equal = length(row.ops.filter((op) => op.op === "equal"));
  const old = length(row.ops.filter((op) => op.op !== "insert"));
  const now = length(row.ops.filter((op) => op.op !== "delete"));
  return (2 * equal) / (old + now);
}

describe("动物防疫法: 一审稿 → 二审稿 → adopted text", () => {
  it("accounts for every article of each reading exactly once (113 → 112 → 113)", () => {
    expect(articleCount(FIRST_READING)).toBe(113);
    expect(articleCount(SECOND_READING)).toBe(112);
    expect(articleCount(ADOPTED)).toBe(113);
    expectEveryArticleOnce(compare(FIRST_READING, SECOND_READING), FIRST_READING, SECOND_READING);
    expectEveryArticleOnce(compare(SECOND_READING, ADOPTED), SECOND_READING, ADOPTED);
  });

  it("pairs no unrelated articles: every pair keeps a good part of its text", () => {
    for (const result of [
      compare(FIRST_READING, SECOND_READING),
      compare(SECOND_READING, ADOPTED),
    ]) {
      const pairs = result.rows.filter((row) => row.old.length > 0 && row.new.length > 0);
      for (const row of pairs) {
        expect({ old: row.old, new: row.new, kept: keptShare(row) >= 0.3 }).toEqual({
          old: row.old,
          new: row.new,
          kept: true,
        });
      }
    }
  });

  it("follows articles of the 一审稿 to the 二审稿", () => {
    const result = compare(FIRST_READING, SECOND_READING);
    // 第三十条 (动物疫情的认定) keeps its first paragraph as 第三十一条.
    expectPair(result, [30], [31], "modified");
    // 第二十七条 (禁止屠宰…下列动物) became 第二十八条, so 第九十七条's reference to it changed.
    expectPair(result, [27], [28], "modified");
    const reference = expectPair(result, [97], [96], "modified");
    expect(reference.ops.slice(0, 3)).toEqual([
      { op: "equal", text: "违反本法" },
      { op: "delete", text: "第二十七条" },
      { op: "insert", text: "第二十八条" },
    ]);
    // 第六十条 (动物诊疗许可证应当载明…) is word for word 第六十二条.
    const same = expectPair(result, [60], [62], "unchanged");
    expect(same.renumbered).toBe(true);
    expect(same.textChanged).toBe(false);
  });

  it("finds the articles the 二审稿 moved out of their neighbours' order", () => {
    const result = compare(FIRST_READING, SECOND_READING);
    // 患有人畜共患传染病的人员不得直接从事… moved from the 预防 chapter into the 疫情 chapter.
    expectPair(result, [26], [34], "moved");
    // The 重大动物疫情应急预案 article moved into the 控制 chapter.
    expectPair(result, [34], [44], "moved");
    // 发生人畜共患传染病时… became the third paragraph of the new 人畜共患传染病 article.
    expectPair(result, [40], [33], "moved");
    expect(result.rows.filter((row) => row.kind === "moved")).toHaveLength(4);
  });

  it("finds the articles the 二审稿 cut in two", () => {
    const result = compare(FIRST_READING, SECOND_READING);
    // 鼓励社会力量参与… left 第十一条 to open the law as 第六条.
    expectPair(result, [11], [6, 12], "split");
    // 划定动物疫病风险区 left 第十三条 for the emergency chapter (第四十五条).
    expectPair(result, [13], [14, 45], "split");
    // 强制免疫: the duties of the 农业农村主管部门 and 乡级人民政府 became 第十七条.
    expectPair(result, [15], [16, 17], "split");
    // 监测: 陆路边境省… and the other monitoring bodies became 第十九条.
    expectPair(result, [16], [18, 19], "split");
    // 运输: the 指定通道 paragraph of 第四十八条 became an article of its own (第五十二条).
    expectPair(result, [48], [51, 52], "split");
  });

  it("finds the articles the 二审稿 made of two", () => {
    const result = compare(FIRST_READING, SECOND_READING);
    // 无规定动物疫病区: the 区域化 article and the 建设方案 article became 第二十条.
    expect(rowWithOld(result, 19)).toMatchObject({ kind: "merged", old: [18, 19], new: [20] });
    // 执业兽医: 执业兽医制度 and the 资格考试 article became 第六十九条.
    expect(rowWithNew(result, 69)).toMatchObject({ kind: "merged", old: [67, 68] });
  });

  it("calls what the 二审稿 dropped deleted and what it brought added", () => {
    const result = compare(FIRST_READING, SECOND_READING);
    // 检疫收费, 畜禽养殖保险 and 兽医社会化服务组织 are gone from the 二审稿.
    for (const old of [53, 80, 82]) expectPair(result, [old], [], "deleted");
    // 集贸市场的动物防疫条件 and 实验动物防疫 are new.
    for (const now of [25, 111])
      expect(rowWithNew(result, now)).toMatchObject({ kind: "added", old: [] });
    // A deleted row stands where it stood: 第八十条 right after 第七十九条's row.
    const at = result.rows.findIndex((row) => row.old.includes(80));
    expect(result.rows[at - 1]?.old).toEqual([79]);
  });

  it("follows articles of the 二审稿 to the adopted text", () => {
    const result = compare(SECOND_READING, ADOPTED);
    // 人畜共患传染病: the 协作机制 paragraph became 第十条, the rest 第三十四条.
    expectPair(result, [33], [10, 34], "split");
    // 第一百一十二条 gained its date: 本法自2021年5月1日起施行.
    expectPair(result, [112], [113], "modified");
    // 第二十八条 became 第二十九条, and the reference in 第九十六条 with it.
    expectPair(result, [96], [97], "modified");
    // The 官方兽医…的管理 article was dropped; 村级防疫员 and 动物防疫服务团队 came in.
    expectPair(result, [65], [], "deleted");
    expect(rowWithNew(result, 82)).toMatchObject({ kind: "added", old: [] });
    expect(result.summary).toMatchObject({ added: 1, deleted: 1, split: 1, moved: 0, merged: 0 });
  });
});

describe("生猪屠宰管理条例 2008 → 2011", () => {
  it("has exactly one modified article, 第九条, and nothing else", () => {
    const result = compare("shengzhu-tuzai-tiaoli-2008.txt", "shengzhu-tuzai-tiaoli-2011.txt");
    expect(result.summary).toEqual({
      unchanged: 35,
      modified: 1,
      added: 0,
      deleted: 0,
      moved: 0,
      split: 0,
      merged: 0,
    });
    const modified = result.rows.filter((row) => row.kind === "modified");
    expect(modified.map((row) => [row.old, row.new])).toEqual([[[9], [9]]]);
    // 食品卫生法 became 食品安全法.
    expect(modified[0]!.ops.filter((op) => op.op !== "equal")).toEqual([
      { op: "delete", text: "卫生法" },
      { op: "insert", text: "安全法" },
    ]);
    expect(result.rows.every((row) => !row.renumbered)).toBe(true);
  });
});

describe("the adopted 动物防疫法 as .txt and as .md", () => {
  it("shows no change at all: formatting is not a change", () => {
    const result = compare(ADOPTED, "dongwu-fangyi-fa-2021-lawrefbook.md");
    expect(result.summary).toEqual({
      unchanged: 113,
      modified: 0,
      added: 0,
      deleted: 0,
      moved: 0,
      split: 0,
      merged: 0,
    });
    expect(result.rows.every((row) => !row.renumbered && !row.textChanged)).toBe(true);
    expect(result.rows.every((row) => row.ops.every((op) => op.op === "equal"))).toBe(true);
  });
});

describe("立法法 2015 → 2023", () => {
  const before = "lifa-fa-2015.md";
  const after = "lifa-fa-2023.md";

  it("accounts for every article once and detects the renumbering", () => {
    const result = compare(before, after);
    expectEveryArticleOnce(result, before, after);
    expect(result.rows.filter((row) => row.renumbered).length).toBeGreaterThan(90);
  });

  it("pairs the articles as the texts show", () => {
    const result = compare(before, after);
    // 只能制定法律的事项: 第八条 → 第十一条; 第九条 refers to it and follows it.
    expectPair(result, [8], [11], "modified");
    expectPair(result, [9], [12], "modified");
    // 授权暂时调整或者暂时停止适用法律的部分规定: 第十三条 → 第十六条 (not 第七十九条, the
    // new article modelled on it for the 国务院).
    expectPair(result, [13], [16], "modified");
    expect(rowWithNew(result, 79)).toMatchObject({ kind: "added", old: [] });
    // 法律解释权属于全国人民代表大会常务委员会: unchanged, now 第四十八条.
    expect(expectPair(result, [45], [48], "unchanged").renumbered).toBe(true);
    // 地方性法规: the province paragraph of 第七十二条 is now 第八十条, the 设区的市 ones 第八十一条.
    expectPair(result, [72], [80, 81], "split");
    // 本法自2000年7月1日起施行: the last article, 第一百零五条 → 第一百二十条.
    expectPair(result, [105], [120], "unchanged");
    // 监察法规 did not exist in 2015.
    expect(rowWithNew(result, 118)).toMatchObject({ kind: "added", old: [] });
  });
});

describe("行政复议法 2017 → 2023", () => {
  const before = "xingzheng-fuyi-fa-2017.md";
  const after = "xingzheng-fuyi-fa-2023.md";

  it("accounts for every article once", () => {
    expectEveryArticleOnce(compare(before, after), before, after);
  });

  it("pairs the articles as the texts show, moved ones included", () => {
    const result = compare(before, after);
    // 申请人 (依照本法申请行政复议的…是申请人) moved ahead of the 申请期限 article, and its
    // 第三人 paragraph became the 第三人 article (第十六条).
    const applicant = expectPair(result, [10], [14, 16], "split");
    expect(applicant.renumbered).toBe(true);
    // 六十日 申请期限: 第九条 → 第二十条.
    expectPair(result, [9], [20], "modified");
    // 国务院最终裁决 moved behind the new 管辖 articles.
    expectPair(result, [14], [26], "moved");
    // The decision article was cut into its kinds: 撤销 (64), 履行 (66), 维持 (68) and
    // 不提出书面答复 → 撤销 (70).
    expectPair(result, [28], [64, 66, 68, 70], "split");
    // 六十日内作出决定 (62) and 行政复议决定书 (75) came out of 第三十一条.
    expectPair(result, [31], [62, 75], "split");
    // 外国人…适用本法: word for word, 第四十一条 → 第八十九条.
    expect(expectPair(result, [41], [89], "unchanged").renumbered).toBe(true);
  });
});

describe("动物防疫法 1997 → 2007 (a full revision, 58 → 85 articles)", () => {
  const before = "dongwu-fangyi-fa-1997.txt";
  const after = "dongwu-fangyi-fa-2007.txt";

  it("traces rewritten articles to their source instead of deleting and adding them", () => {
    const result = compare(before, after);
    expectEveryArticleOnce(result, before, after);
    // 各级人民政府应当加强对动物防疫工作的领导 grew into the 统一领导 article, 第六条.
    expect(rowWithOld(result, 7)).toMatchObject({ old: [7], new: [6] });
    // 预防规划 and 预防办法 became 风险评估 (第十二条), 强制免疫 became 第十三条.
    expectPair(result, [11], [12, 13], "split");
    // 动物防疫监督机构…采样、留验、抽检 became the list of 监督检查 measures, 第五十九条.
    expect(rowWithOld(result, 41)).toMatchObject({ old: [41], new: [59] });
  });
});
