import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLegalText } from "./import/parse.ts";
import { decodeText } from "./import/decode.ts";
import { inheritPidsByPosition } from "./lineage.ts";
import { deriveProvisions } from "./provisions.ts";

const read = (name: string) =>
  parseLegalText(decodeText(new Uint8Array(fs.readFileSync(`tests/fixtures/laws/${name}`)))).doc;

describe("inheriting pids across readings", () => {
  it("gives every article, paragraph and chapter of the next reading the pid at its position", () => {
    const first = read("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt");
    const second = read("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt");
    const inherited = inheritPidsByPosition(second, first);
    const before = deriveProvisions(first);
    const after = deriveProvisions(inherited);
    const pidOf = (rows: typeof before, kind: string, number: number) =>
      rows.find((r) => r.kind === kind && r.number === number)?.pid;
    for (const n of [1, 50, 112])
      expect(pidOf(after, "article", n)).toBe(pidOf(before, "article", n));
    expect(pidOf(after, "chapter", 12)).toBe(pidOf(before, "chapter", 12));
    // 一审稿 has 113 articles, 二审稿 112: the 113th pid is not reused, and no pid is doubled.
    const pids = after.map((r) => r.pid);
    expect(new Set(pids).size).toBe(pids.length);
    expect(pids).not.toContain(pidOf(before, "article", 113));
    // The text is the new reading's, untouched.
    expect(after.filter((r) => r.kind === "article").map((r) => r.text)).toEqual(
      deriveProvisions(second)
        .filter((r) => r.kind === "article")
        .map((r) => r.text),
    );
  });

  it("leaves the previous document unchanged", () => {
    const first = read("shengzhu-tuzai-tiaoli-2008.txt");
    const snapshot = JSON.stringify(first);
    inheritPidsByPosition(read("shengzhu-tuzai-tiaoli-2011.txt"), first);
    expect(JSON.stringify(first)).toBe(snapshot);
  });
});

describe("inheriting pids through the alignment", () => {
  it("pairs the same articles by pid afterwards as the comparison found by text", async () => {
    const { alignProvisions, summarize } = await import("./compare/align.ts");
    const { inheritPidsByAlignment } = await import("./lineage.ts");
    const first = read("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt");
    const second = read("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt");
    const byText = alignProvisions(deriveProvisions(first), deriveProvisions(second));
    const inherited = inheritPidsByAlignment(second, first, (a, b) => alignProvisions(a, b));
    const byPid = alignProvisions(deriveProvisions(first), deriveProvisions(inherited));
    // Same pairs, now found by pid: the numbers on each side agree row for row.
    const pairs = (rows: typeof byText) =>
      rows.map((r) => `${r.old.join(",")}>${r.new.join(",")}`).sort();
    expect(pairs(byPid)).toEqual(pairs(byText));
    expect(summarize(byPid)).toEqual(summarize(byText));
    const pids = deriveProvisions(inherited).map((r) => r.pid);
    expect(new Set(pids).size).toBe(pids.length);
  });
});
