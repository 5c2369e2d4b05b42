// Full revisions (修订) against answer keys read off the texts (issue 16, item 1): for each pair
// in tests/fixtures/alignment, where every article of the new text came from and where every
// article of the old text went. The comparison must trace at least 95 % of the articles of each
// pair as the key has them; the score and the articles it misses are printed.

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeText } from "../import/decode.ts";
import { parseLegalText } from "../import/parse.ts";
import { deriveProvisions } from "../provisions.ts";
import type { ProvisionRow } from "../provisions.ts";
import { answerKeySchema, scoreAgainstKey } from "./answer-key.ts";
import type { AnswerKey } from "./answer-key.ts";
import { compareRows } from "./compare.ts";
import { jiebaSegmenter } from "./segment-jieba.node.ts";

const keysDir = new URL("../../tests/fixtures/alignment/", import.meta.url);
const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);

function rowsOf(file: string): ProvisionRow[] {
  const bytes = new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));
  return deriveProvisions(parseLegalText(decodeText(bytes)).doc);
}

function keyOf(file: string): AnswerKey {
  return answerKeySchema.parse(JSON.parse(fs.readFileSync(new URL(file, keysDir), "utf8")));
}

const KEYS = [
  "xingzheng-fuyi-fa-2017-2023.json",
  "dongwu-fangyi-fa-2015-2021.json",
  "shengzhu-tuzai-tiaoli-2016-2021.json",
];

describe("full revisions against their answer keys", () => {
  it("has a key for every pair in the fixtures folder", () => {
    const files = fs.readdirSync(keysDir).filter((name) => name.endsWith(".json"));
    expect(files.sort()).toEqual([...KEYS].sort());
  });

  for (const file of KEYS) {
    it(`${file}: the key names every article of both texts once`, () => {
      const key = keyOf(file);
      const numbers = (rows: ProvisionRow[]) =>
        rows.filter((row) => row.kind === "article").map((row) => String(row.number));
      expect(Object.keys(key.oldTargets)).toEqual(numbers(rowsOf(key.old)));
      expect(Object.keys(key.newSources)).toEqual(numbers(rowsOf(key.new)));
    });

    it(`${file}: traces at least 95 % of the articles as the key has them`, () => {
      const key = keyOf(file);
      const result = compareRows(rowsOf(key.old), rowsOf(key.new), jiebaSegmenter());
      const score = scoreAgainstKey(result.rows, key);
      const misses = score.misses.map(
        (miss) =>
          `${miss.side} ${miss.article}: traced ${JSON.stringify(miss.traced)}, key ${JSON.stringify(miss.expected)}`,
      );
      console.log(
        `${key.old} → ${key.new}: ${(score.score * 100).toFixed(1)} % (${score.matched}/${score.total})` +
          misses.map((line) => `\n  ${line}`).join(""),
      );
      expect(score.score).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe("scoring against a key", () => {
  const key: AnswerKey = {
    old: "a",
    new: "b",
    about: "",
    newSources: { "1": [1], "2": "new", "3": { core: [], optional: [2] } },
    oldTargets: { "1": [1], "2": { core: [], optional: [3] } },
    ambiguous: {},
  };

  it("counts an article right when its row holds exactly the keyed articles", () => {
    const rows = [
      { old: [1], new: [1] },
      { old: [], new: [2] },
      { old: [2], new: [3] },
    ];
    expect(scoreAgainstKey(rows, key)).toMatchObject({ score: 1, matched: 5, total: 5 });
  });

  it("accepts none for an ambiguous entry without core articles, and names each miss", () => {
    const rows = [
      { old: [1], new: [2] },
      { old: [], new: [1] },
      { old: [], new: [3] },
      { old: [2], new: [] },
    ];
    const score = scoreAgainstKey(rows, key);
    // new 3 and old 2 may stand alone; new 1, new 2 and old 1 are traced wrong.
    expect(score.matched).toBe(2);
    expect(score.misses.map((miss) => `${miss.side} ${miss.article}`)).toEqual([
      "new 1",
      "new 2",
      "old 1",
    ]);
  });
});
