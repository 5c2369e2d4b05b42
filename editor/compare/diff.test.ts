import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeText } from "../import/decode.ts";
import { parseLegalText } from "../import/parse.ts";
import { deriveProvisions } from "../provisions.ts";
import { cleanUp, diffTexts } from "./diff.ts";
import type { DiffOp } from "./diff.ts";
import { jiebaSegmenter } from "./segment-jieba.node.ts";
import { characterSegmenter, intlSegmenter } from "./segment.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);

function article(file: string, n: number): string {
  const bytes = new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));
  const rows = deriveProvisions(parseLegalText(decodeText(bytes)).doc);
  return rows.find((row) => row.kind === "article" && row.number === n)!.text;
}

const oldSide = (ops: DiffOp[]) =>
  ops
    .filter((op) => op.op !== "insert")
    .map((op) => op.text)
    .join("");
const newSide = (ops: DiffOp[]) =>
  ops
    .filter((op) => op.op !== "delete")
    .map((op) => op.text)
    .join("");
const changes = (ops: DiffOp[]) => ops.filter((op) => op.op !== "equal");

// 动物防疫法 一审稿 第七条 → 二审稿 第八条: 机构和 dropped, 城市 dropped, a comma dropped.
const FIRST = "dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt";
const SECOND = "dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt";

describe("diffTexts", () => {
  it("shows a real modified article as whole words and phrases, with jieba", () => {
    const before = article(FIRST, 1);
    const after = article(SECOND, 1);
    const ops = diffTexts(before, after, jiebaSegmenter());
    expect(oldSide(ops)).toBe(before);
    expect(newSide(ops)).toBe(after);
    // 保护人体健康，维护公共卫生安全 → 维护生物安全和公共卫生安全，保护人体健康: phrases move,
    // and no change is a lone character.
    expect(changes(ops)).toEqual([
      { op: "delete", text: "保护人体健康，维护" },
      { op: "insert", text: "维护生物安全和" },
      { op: "insert", text: "，保护人体健康" },
    ]);
  });

  it("drops the (畜牧兽医) of the 一审稿 as whole phrases", () => {
    const ops = diffTexts(article(FIRST, 8), article(SECOND, 9), jiebaSegmenter());
    expect(changes(ops)).toEqual([
      { op: "delete", text: "（畜牧兽医）" },
      { op: "delete", text: "（畜牧兽医）" },
      { op: "delete", text: "、动物防疫监督管理和执法" },
    ]);
  });

  it("works with the Intl segmenter too", () => {
    const before = article(FIRST, 7);
    const after = article(SECOND, 8);
    const ops = diffTexts(before, after, intlSegmenter("zh"));
    expect(oldSide(ops)).toBe(before);
    expect(newSide(ops)).toBe(after);
    expect(changes(ops).map((op) => op.text)).toEqual(["机构和", "城市", "，"]);
  });

  it("diffs English by words", () => {
    const ops = diffTexts(
      "The drafter publishes the first reading.",
      "The drafter publishes the second reading.",
      intlSegmenter("en"),
    );
    expect(changes(ops)).toEqual([
      { op: "delete", text: "first" },
      { op: "insert", text: "second" },
    ]);
  });

  it("reports identical texts as one equal run, and empty ones as nothing", () => {
    expect(
      diffTexts("本条例自公布之日起施行。", "本条例自公布之日起施行。", jiebaSegmenter()),
    ).toEqual([{ op: "equal", text: "本条例自公布之日起施行。" }]);
    expect(diffTexts("", "", jiebaSegmenter())).toEqual([]);
    expect(diffTexts("", "新增", jiebaSegmenter())).toEqual([{ op: "insert", text: "新增" }]);
  });

  it("falls back to replaced within its bound on a huge pathological pair", () => {
    // Two unrelated 60,000-character texts: every token differs, so the edit is enormous.
    const noise = (seed: number) =>
      Array.from({ length: 60_000 }, (_, at) =>
        String.fromCharCode(0x4e00 + ((at * 7919 + seed * 104_729) % 20_000)),
      ).join("");
    const before = noise(1);
    const after = noise(2);
    const started = performance.now();
    const ops = diffTexts(before, after, characterSegmenter(), { timeoutMs: 50 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(ops).toEqual([
      { op: "delete", text: before },
      { op: "insert", text: after },
    ]);
  });

  it("keeps what the two ends share when it falls back", () => {
    const ops = diffTexts("甲乙丙丁戊", "甲子丑寅戊", characterSegmenter(), { maxEditLength: 1 });
    expect(ops).toEqual([
      { op: "equal", text: "甲" },
      { op: "delete", text: "乙丙丁" },
      { op: "insert", text: "子丑寅" },
      { op: "equal", text: "戊" },
    ]);
  });

  it("falls back to characters when a segmenter loses text", () => {
    const lossy = (text: string) => text.split("，");
    const ops = diffTexts("甲，乙", "甲，丙", lossy);
    expect(oldSide(ops)).toBe("甲，乙");
    expect(newSide(ops)).toBe("甲，丙");
  });
});

describe("cleanUp", () => {
  it("folds a short equal run between two changes into them", () => {
    expect(
      cleanUp([
        { op: "equal", text: "依照" },
        { op: "delete", text: "本法" },
        { op: "insert", text: "本条例" },
        { op: "equal", text: "的" },
        { op: "delete", text: "规定" },
        { op: "insert", text: "要求" },
        { op: "equal", text: "执行。" },
      ]),
    ).toEqual([
      { op: "equal", text: "依照" },
      { op: "delete", text: "本法的规定" },
      { op: "insert", text: "本条例的要求" },
      { op: "equal", text: "执行。" },
    ]);
  });

  it("keeps a longer equal run, and short runs at either end", () => {
    const ops: DiffOp[] = [
      { op: "equal", text: "的" },
      { op: "delete", text: "甲" },
      { op: "equal", text: "人民政府" },
      { op: "insert", text: "乙" },
      { op: "equal", text: "。" },
    ];
    expect(cleanUp(ops)).toEqual(ops);
  });

  it("folds a run of punctuation, and merges neighbours of a kind", () => {
    expect(
      cleanUp([
        { op: "insert", text: "甲" },
        { op: "insert", text: "乙" },
        { op: "equal", text: "”、“" },
        { op: "delete", text: "丙" },
        { op: "equal", text: "" },
      ]),
    ).toEqual([
      { op: "delete", text: "”、“丙" },
      { op: "insert", text: "甲乙”、“" },
    ]);
  });
});
