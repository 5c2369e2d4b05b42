import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLegalText } from "./import/parse.ts";
import { decodeText } from "./import/decode.ts";
import { alignProvisions, summarize } from "./compare/align.ts";
import { inheritPidsByAlignment } from "./lineage.ts";
import { deriveProvisions } from "./provisions.ts";

const read = (name: string) =>
  parseLegalText(decodeText(new Uint8Array(fs.readFileSync(`tests/fixtures/laws/${name}`)))).doc;

describe("inheriting pids through the alignment", () => {
  it("pairs the same articles by pid afterwards as the comparison found by text", () => {
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

describe("what inheriting pids leaves alone", () => {
  const align = (
    a: Parameters<typeof alignProvisions>[0],
    b: Parameters<typeof alignProvisions>[1],
  ) => alignProvisions(a, b);

  it("keeps the new reading's text, and gives no pid twice", () => {
    const first = read("dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt");
    const second = read("dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt");
    const after = deriveProvisions(inheritPidsByAlignment(second, first, align));
    const pids = after.map((r) => r.pid);
    expect(new Set(pids).size).toBe(pids.length);
    expect(after.filter((r) => r.kind === "article").map((r) => r.text)).toEqual(
      deriveProvisions(second)
        .filter((r) => r.kind === "article")
        .map((r) => r.text),
    );
    // Chapters inherit by position: 第十二章 keeps its pid.
    const chapter12 = (rows: typeof after) =>
      rows.find((r) => r.kind === "chapter" && r.number === 12)?.pid;
    expect(chapter12(after)).toBe(chapter12(deriveProvisions(first)));
  });

  it("leaves the previous document unchanged", () => {
    const first = read("shengzhu-tuzai-tiaoli-2008.txt");
    const snapshot = JSON.stringify(first);
    inheritPidsByAlignment(read("shengzhu-tuzai-tiaoli-2011.txt"), first, align);
    expect(JSON.stringify(first)).toBe(snapshot);
  });
});
