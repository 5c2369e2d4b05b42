import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeText } from "./import/decode.ts";
import { parseLegalText } from "./import/parse.ts";
import { toReadingTree, type ReadingNode } from "./reading.ts";

const doc = parseLegalText(
  decodeText(
    new Uint8Array(fs.readFileSync("tests/fixtures/laws/dongwu-fangyi-fa-2021-lawrefbook.md")),
  ),
).doc;

function flat(nodes: ReadingNode[]): ReadingNode[] {
  return nodes.flatMap((n) => [n, ...flat(n.children)]);
}

describe("the reading tree", () => {
  it("labels chapters, articles and items as printed, with each paragraph's own text", () => {
    const tree = toReadingTree(doc);
    expect(tree[0]).toMatchObject({ kind: "title", text: "中华人民共和国动物防疫法" });
    const chapters = tree.filter((n) => n.kind === "chapter");
    expect(chapters).toHaveLength(12);
    expect(chapters[0]).toMatchObject({ label: "第一章", text: "总则" });
    const articles = flat(tree).filter((n) => n.kind === "article");
    expect(articles).toHaveLength(113);
    expect(articles[3]!.label).toBe("第四条");
    const fourth = articles[3]!.children[0]!;
    expect(fourth.kind).toBe("paragraph");
    expect(fourth.text).toMatch(/^根据动物疫病对养殖业生产和人体健康的危害程度/);
    expect(fourth.children[0]).toMatchObject({ kind: "item", label: "（一）" });
    expect(fourth.children[0]!.text).toMatch(/^一类疫病/);
  });

  it("labels in English on request", () => {
    const tree = toReadingTree(doc, "en");
    const articles = flat(tree).filter((n) => n.kind === "article");
    expect(articles[112]!.label).toBe("Article 113");
    expect(flat(tree).find((n) => n.kind === "item")!.label).toBe("(a)");
  });
});
