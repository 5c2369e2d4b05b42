import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createComparePool } from "../../server/compare-pool.ts";
import { compareRows } from "../../editor/compare/compare.ts";
import { jiebaSegmenter } from "../../editor/compare/segment-jieba.node.ts";
import { decodeText } from "../../editor/import/decode.ts";
import { parseLegalText } from "../../editor/import/parse.ts";
import { deriveProvisions } from "../../editor/provisions.ts";

const rows = (name: string) =>
  deriveProvisions(
    parseLegalText(decodeText(new Uint8Array(fs.readFileSync(`tests/fixtures/laws/${name}`)))).doc,
  );

describe("comparisons off the request thread", () => {
  it("gives the same result in the worker as in this thread, and keeps this thread free meanwhile", async () => {
    const before = rows("lifa-fa-2015.md");
    const after = rows("lifa-fa-2023.md");
    const pool = createComparePool();
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const inWorker = await pool.compare(before, after);
      clearInterval(timer);
      expect(inWorker).toEqual(compareRows(before, after, jiebaSegmenter()));
      // The timer kept firing while the worker compared (this thread was not blocked).
      expect(ticks).toBeGreaterThan(2);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
