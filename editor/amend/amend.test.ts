// The amendment decision on the real laws in tests/fixtures/laws: for every amendment (修正) pair,
// the decision written from OLD and NEW, read back from its printed text and applied to OLD,
// gives NEW with every article's label and text identical; full revisions (修订) are refused.
// Then decisions written by hand, in the loose ways people write them, are applied.

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { jiebaSegmenter } from "../compare/segment-jieba.node.ts";
import type { ImportJson } from "../import/contract.ts";
import { toImportJson } from "../import/contract.ts";
import { decodeText } from "../import/decode.ts";
import { parseLegalText } from "../import/parse.ts";
import { AmendRefusal, applyDecision, ApplyError, writeDecision } from "./index.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);
const segment = jiebaSegmenter();

function law(file: string): ImportJson {
  const bytes = new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));
  return toImportJson(parseLegalText(decodeText(bytes), { markupComments: file.endsWith(".md") }));
}

function text(source: string): ImportJson {
  return toImportJson(parseLegalText(source));
}

const articles = (json: ImportJson) => json.articles.map((a) => `${a.label}　${a.text}`);

const AMENDMENTS: [string, string][] = [
  ["lifa-fa-2015.md", "lifa-fa-2023.md"],
  ["shengzhu-tuzai-tiaoli-2008.txt", "shengzhu-tuzai-tiaoli-2011.txt"],
  ["shengzhu-tuzai-tiaoli-2011.txt", "shengzhu-tuzai-tiaoli-2016.txt"],
  ["dongwu-fangyi-fa-2007.txt", "dongwu-fangyi-fa-2013.txt"],
  ["dongwu-fangyi-fa-2013.txt", "dongwu-fangyi-fa-2015.txt"],
];

const REVISIONS: [string, string][] = [
  ["shengzhu-tuzai-tiaoli-2016.txt", "shengzhu-tuzai-tiaoli-2021.txt"],
  ["dongwu-fangyi-fa-2015.txt", "dongwu-fangyi-fa-2021.txt"],
  ["xingzheng-fuyi-fa-2017.md", "xingzheng-fuyi-fa-2023.md"],
];

describe("the decision round trip on real amendments", () => {
  it.each(AMENDMENTS)("apply(%s, amend(…, %s)) gives the new text", (oldFile, newFile) => {
    const before = law(oldFile);
    const after = law(newFile);
    const decision = writeDecision(before, after, { segment });
    const result = applyDecision(before, decision.text);
    expect(articles(result)).toEqual(articles(after));
    // Items are numbered 一、二、… in order, each on a line of its own.
    decision.items.forEach((item, index) => {
      expect(decision.text).toContain(`\n${item.text}`);
      expect(item.number).toBe(index + 1);
    });
  });

  it.each(REVISIONS)("refuses the full revision %s → %s", (oldFile, newFile) => {
    expect(() => writeDecision(law(oldFile), law(newFile), { segment })).toThrow(AmendRefusal);
    expect(() => writeDecision(law(oldFile), law(newFile), { segment })).toThrow(/修订/);
  });

  it("says one identical replacement made in many articles once, citing each (生猪屠宰 2016)", () => {
    const decision = writeDecision(
      law("shengzhu-tuzai-tiaoli-2011.txt"),
      law("shengzhu-tuzai-tiaoli-2016.txt"),
      { segment, title: "生猪屠宰管理条例" },
    );
    expect(decision.title).toBe("关于修改《生猪屠宰管理条例》的决定");
    const merged = decision.items.find((item) => /第二十二条、第二十三条/.test(item.text));
    expect(merged?.text).toMatch(
      /^[一二三四五六七八九十]+、将第三条第一款、第二十二条、.*中的“商务”修改为“畜牧兽医行政”。$/,
    );
    // No article is renumbered, so the order is not adjusted.
    expect(decision.renumber).toBe(false);
    expect(decision.text).not.toContain("条文顺序");
  });

  it("cites the old numbers and ends by adjusting the order when articles were added (立法法 2023)", () => {
    const decision = writeDecision(law("lifa-fa-2015.md"), law("lifa-fa-2023.md"), { segment });
    expect(decision.text.split("\n")[0]).toBe("关于修改《中华人民共和国立法法》的决定");
    expect(decision.text).toContain("增加一条，作为第四条：“立法应当坚持以经济建设为中心");
    expect(decision.text).toMatch(/将第七十二条改为两条，作为第八十条、第八十一条，修改为：/);
    expect(decision.closing.at(-1)).toBe(
      "《中华人民共和国立法法》根据本决定作相应修改并对条文顺序作相应调整，重新公布。",
    );
  });

  it("prints the effective date only when it is given", () => {
    const before = law("shengzhu-tuzai-tiaoli-2008.txt");
    const after = law("shengzhu-tuzai-tiaoli-2011.txt");
    expect(writeDecision(before, after, { segment }).text).not.toContain("本决定自");
    expect(writeDecision(before, after, { segment, effective: "公布之日" }).text).toContain(
      "本决定自公布之日起施行。",
    );
  });

  it("refuses two identical texts", () => {
    const same = law("shengzhu-tuzai-tiaoli-2011.txt");
    expect(() => writeDecision(same, same, { segment })).toThrow(/nothing to amend/);
  });
});

const SMALL = `某市养犬管理条例
第一条　为了规范养犬行为，制定本条例。
第二条　本条例适用于本市行政区域内的养犬活动。
第三条　市公安机关负责养犬登记。
区公安机关负责本区养犬管理工作。
下列场所禁止携犬进入：
（一）学校；
（二）医院；
（三）商场。
第四条　违反本条例的，由公安机关处罚。
第五条　本条例自2020年1月1日起施行。`;

describe("applying decisions written by hand", () => {
  it("reads ASCII quotes, half-width punctuation, 之一 articles, phrases, 款 and 项", () => {
    const decision = `关于修改《某市养犬管理条例》的决定
    某市人民代表大会常务委员会决定对《某市养犬管理条例》作如下修改:
    一、将第一条中的"养犬行为"修改为"养犬行为,保障公民健康"。
    二、删去第三条第一款中的"养犬"; 在第三条第二款中的"负责"后增加"协调".
    三、在第三条第三款中增加一项，作为第三项："（三）公园；"
    四、删去第三条第三款第一项。
    五、增加一条，作为第四条之一：“第四条之一　养犬人应当为犬只办理登记。
    未登记的犬只不得出户。”
    六、在第二条中增加一款，作为第二款："军用犬的管理，适用国家有关规定。"
    本决定自公布之日起施行。`;
    const result = applyDecision(text(SMALL), decision);
    expect(articles(result)).toEqual([
      "第一条　为了规范养犬行为,保障公民健康，制定本条例。",
      "第二条　本条例适用于本市行政区域内的养犬活动。\n军用犬的管理，适用国家有关规定。",
      "第三条　市公安机关负责登记。\n区公安机关负责协调本区养犬管理工作。\n下列场所禁止携犬进入：\n（一）医院；\n（二）公园；\n（三）商场。",
      "第四条　违反本条例的，由公安机关处罚。",
      "第四条之一　养犬人应当为犬只办理登记。\n未登记的犬只不得出户。",
      "第五条　本条例自2020年1月1日起施行。",
    ]);
  });

  it("writes and applies an article inserted as 之一, without renumbering what follows", () => {
    const amended = SMALL.replace(
      "第五条　本条例自",
      "第四条之一　养犬人应当为犬只办理登记。\n第五条　本条例自",
    ).replace("市公安机关负责养犬登记。", "市公安机关负责养犬登记和年检。");
    const decision = writeDecision(text(SMALL), text(amended), {
      segment,
      title: "某市养犬管理条例",
    });
    expect(decision.text).toContain("增加一条，作为第四条之一：“养犬人应当为犬只办理登记。”");
    expect(decision.text).toContain("在第三条第一款中的“登记”后增加“和年检”。");
    expect(decision.renumber).toBe(false);
    expect(decision.closing).toEqual(["《某市养犬管理条例》根据本决定作相应修改，重新公布。"]);
    expect(articles(applyDecision(text(SMALL), decision.text))).toEqual(articles(text(amended)));
  });

  it("reads lists of places, several clauses in one item, splits, merges and two added articles", () => {
    const decision = `一、将第三条第一款和第二款中的“公安机关”修改为“公安部门”；第三款中的“禁止”修改为“不得”。
二、删去第三条第三款第二项、第三项。
三、将第一条、第二条合并为一条，作为第一条，修改为：“第一条　为了规范本市行政区域内的养犬行为，制定本条例。”
四、将第四条改为两条，作为第三条、第四条，修改为：
“第三条　违反本条例规定携犬进入禁止场所的，由公安部门处罚。”
“第四条　违反本条例其他规定的，由有关部门处罚。”
五、增加两条，分别作为第五条、第六条：“第五条　本市倡导文明养犬。”“第六条　养犬人应当清理犬只粪便。”
六、条文顺序作相应调整。`;
    const result = applyDecision(text(SMALL), decision);
    expect(articles(result)).toEqual([
      "第一条　为了规范本市行政区域内的养犬行为，制定本条例。",
      "第二条　市公安部门负责养犬登记。\n区公安部门负责本区养犬管理工作。\n下列场所不得携犬进入：\n（一）学校；",
      "第三条　违反本条例规定携犬进入禁止场所的，由公安部门处罚。",
      "第四条　违反本条例其他规定的，由有关部门处罚。",
      "第五条　本市倡导文明养犬。",
      "第六条　养犬人应当清理犬只粪便。",
      "第七条　本条例自2020年1月1日起施行。",
    ]);
  });

  it("renumbers the articles when the decision adjusts their order", () => {
    const decision = `一、删去第二条。
二、增加一条，作为第四条：“第四条　养犬人应当文明养犬。”
此外，对条文顺序作相应调整。`;
    const result = applyDecision(text(SMALL), decision);
    expect(result.articles.map((a) => a.label)).toEqual([
      "第一条",
      "第二条",
      "第三条",
      "第四条",
      "第五条",
    ]);
    expect(result.articles[3]!.text).toBe("养犬人应当文明养犬。");
    expect(result.articles[4]!.text).toBe("本条例自2020年1月1日起施行。");
  });

  it("names the item it cannot apply, and why", () => {
    const apply = (decision: string) => () => applyDecision(text(SMALL), decision);
    expect(apply("一、删去第二条。\n二、删去第九条。")).toThrow(ApplyError);
    expect(apply("一、删去第二条。\n二、删去第九条。")).toThrow(
      /第二项修改（二、）无法适用：原文没有第九条/,
    );
    expect(apply("一、将第一条中的“猫”修改为“狗”。")).toThrow(/第一条中没有“猫”/);
    expect(apply("一、第一条写得不好。")).toThrow(/不是修改决定的标准表述/);
    expect(apply("没有编号的文字")).toThrow(/没有找到/);
  });
});
