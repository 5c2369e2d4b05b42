// Recall on the real texts: every imported article whose text contains the query is found (a
// plain scan of the imported article texts is the reference), and nothing else is.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeOrganization } from "../../db/factories.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce } from "../../search/indexer.ts";
import { normalizeText } from "../../search/terms.ts";
import { addReadingFromFile, createBill } from "../../services/readings.ts";
import { useTestDatabase } from "../support/database.ts";

const laws = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/laws");
const files = [
  ["dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt", "first_reading"],
  ["dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt", "second_reading"],
  ["dongwu-fangyi-fa-2021-lawrefbook.md", "promulgated"],
  ["lifa-fa-2015.md", "current_law"],
  ["lifa-fa-2023.md", "promulgated"],
  ["beijing-zhiding-difangxing-fagui-tiaoli-2023.md", "promulgated"],
  ["xingzheng-fuyi-fa-2023.md", "promulgated"],
  ["shengzhu-tuzai-tiaoli-2021.txt", "promulgated"],
] as const;

const queries = [
  "集贸市场",
  "犬只",
  "无害化处理",
  "备案审查",
  "地方性法规",
  "人民代表大会",
  "常务委员会",
  // two-character words
  "检疫",
  "备案",
  "法规",
  "屠宰",
  "复议",
];

describe("search recall on the real laws", () => {
  const t = useTestDatabase();

  it("finds every article that contains the query, and only those", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    for (const [file, label] of files) {
      const billId = await createBill(db, { organizationId: org, title: file, kind: "new" });
      await addReadingFromFile(db, {
        billId,
        bytes: new Uint8Array(fs.readFileSync(path.join(laws, file))),
        filename: file,
        label,
      });
    }
    const engine = embeddedEngine(db);
    for (;;) {
      const { claimed, error } = await drainOnce(db, engine, 1000);
      if (error) throw new Error(error);
      if (!claimed) break;
    }
    const articles = await db
      .selectFrom("provisions")
      .select(["version_id", "pid", "text"])
      .where("kind", "=", "article")
      .execute();
    expect(articles.length).toBeGreaterThan(500);

    for (const q of queries) {
      const expected = articles
        .filter((a) => normalizeText(a.text).includes(q))
        .map((a) => `${a.version_id}/${a.pid}`)
        .sort();
      const found: string[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await engine.search({
          q,
          filters: { kinds: ["provision"], organizations: [] },
          offset,
          limit: 100,
        });
        found.push(...page.hits.map((h) => h.document.entityId));
        if (page.hits.length < 100) {
          expect(page.total, q).toBe(found.length);
          break;
        }
      }
      expect(expected.length, q).toBeGreaterThan(0);
      expect(found.sort(), q).toEqual(expected);
    }
  }, 240_000);
});
