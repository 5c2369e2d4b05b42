import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeText } from "../import/decode.ts";
import { parseLegalText } from "../import/parse.ts";
import { compareDocuments, compareFiles } from "./compare.ts";
import { jiebaSegmenter } from "./segment-jieba.node.ts";
import { intlSegmenter } from "./segment.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);
const bytesOf = (file: string) => new Uint8Array(fs.readFileSync(new URL(file, lawsDir)));

describe("compareFiles", () => {
  it("answers exactly the `kaimen compare --json` object of CONTRACTS.md", async () => {
    const result = await compareFiles(
      bytesOf("shengzhu-tuzai-tiaoli-2008.txt"),
      "shengzhu-tuzai-tiaoli-2008.txt",
      bytesOf("shengzhu-tuzai-tiaoli-2011.txt"),
      "shengzhu-tuzai-tiaoli-2011.txt",
      jiebaSegmenter(),
    );
    const json = JSON.parse(JSON.stringify(result)) as typeof result;
    expect(Object.keys(json)).toEqual(["rows", "summary"]);
    expect(Object.keys(json.summary)).toEqual([
      "unchanged",
      "modified",
      "added",
      "deleted",
      "moved",
      "split",
      "merged",
    ]);
    for (const row of json.rows) {
      expect(Object.keys(row)).toEqual([
        "kind",
        "old",
        "new",
        "oldPids",
        "newPids",
        "renumbered",
        "textChanged",
        "ops",
      ]);
    }
    const ninth = json.rows[8]!;
    expect(ninth).toMatchObject({ kind: "modified", old: [9], new: [9], renumbered: false });
    expect(ninth.oldPids).toHaveLength(1);
    expect(ninth.ops[0]).toEqual({
      op: "equal",
      text: expect.stringMatching(/^生猪屠宰的检疫及其监督，依照动物防疫法/),
    });
    expect(json.rows[0]!.ops).toEqual([
      {
        op: "equal",
        text: "为了加强生猪屠宰管理，保证生猪产品质量安全，保障人民身体健康，制定本条例。",
      },
    ]);
  });

  it("reads files in any supported encoding, as the import does", async () => {
    const text = fs.readFileSync(new URL("shengzhu-tuzai-tiaoli-2011.txt", lawsDir), "utf8");
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const result = await compareFiles(
      bytesOf("shengzhu-tuzai-tiaoli-2011.txt"),
      "a.txt",
      utf16,
      "b.txt",
      intlSegmenter("zh"),
    );
    expect(result.summary.unchanged).toBe(36);
  });
});

describe("compareDocuments", () => {
  it("diffs split and merged rows over the joined texts of their articles", () => {
    const read = (file: string) => parseLegalText(decodeText(bytesOf(file))).doc;
    const result = compareDocuments(
      read("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt"),
      read("dongwu-fangyi-fa-2021.txt"),
      jiebaSegmenter(),
    );
    const split = result.rows.find((row) => row.kind === "split")!;
    expect(split.new).toEqual([10, 34]);
    const newText = split.ops
      .filter((op) => op.op !== "delete")
      .map((op) => op.text)
      .join("");
    expect(newText.split("\n")[0]).toMatch(/^县级以上人民政府卫生健康主管部门和本级人民政府/);
    expect(newText).toContain("\n发生人畜共患传染病疫情时");
    const added = result.rows.find((row) => row.kind === "added")!;
    expect(added.ops).toHaveLength(1);
    expect(added.ops[0]!.op).toBe("insert");
  });
});
