import { describe, expect, it } from "vitest";
import type { ArticleJSON, LegalDocJSON, TextJSON } from "./document-json.ts";
import { makeArticle, makeItem, makeParagraph, textblock } from "./document-json.ts";
import { deriveProvisions } from "./provisions.ts";
import { legalSchema } from "./schema.ts";

function reference(text: string, pid: string): TextJSON {
  return { type: "text", text, marks: [{ type: "xref", attrs: { pid } }] };
}

function citing(...runs: TextJSON[]): ArticleJSON {
  const article = makeArticle("");
  article.content[0]!.content[0] = { type: "para_text", content: runs };
  return article;
}

function textOf(doc: LegalDocJSON, pid: string): string {
  return deriveProvisions(doc).find((row) => row.pid === pid)!.text;
}

describe("cross-references", () => {
  const target = makeArticle("目标条文。");
  const secondParagraph = makeParagraph("第二款。");
  const item = makeItem("第一项；");
  secondParagraph.content.push(item);
  target.content.push(secondParagraph);
  const lone = makeArticle("只有一款：");
  const loneItem = makeItem("唯一一项。");
  lone.content[0]!.content.push(loneItem);

  const citer = citing(
    { type: "text", text: "依照本条例" },
    reference("第一条", target.attrs.pid),
    { type: "text", text: "、" },
    reference("第一条第二款", secondParagraph.attrs.pid),
    { type: "text", text: "、" },
    reference("第一条第二款第一项", item.attrs.pid),
    { type: "text", text: "和" },
    reference("第二条第一项", loneItem.attrs.pid),
    { type: "text", text: "的规定。" },
  );

  it("renders each reference from the target's current number", () => {
    const doc: LegalDocJSON = {
      type: "doc",
      content: [textblock("title", "某条例"), target, lone, citer],
    };
    legalSchema.nodeFromJSON(doc).check();
    expect(textOf(doc, citer.attrs.pid)).toBe(
      "依照本条例第一条、第一条第二款、第一条第二款第一项和第二条第一项的规定。",
    );
  });

  it("follows the target when an article is inserted before it", () => {
    const inserted = makeArticle("新增的条文。");
    const doc: LegalDocJSON = {
      type: "doc",
      content: [textblock("title", "某条例"), inserted, target, lone, citer],
    };
    expect(textOf(doc, citer.attrs.pid)).toBe(
      "依照本条例第二条、第二条第二款、第二条第二款第一项和第三条第一项的规定。",
    );
  });

  it("keeps the last rendering when the target is gone", () => {
    const doc: LegalDocJSON = { type: "doc", content: [textblock("title", "某条例"), lone, citer] };
    expect(textOf(doc, citer.attrs.pid)).toBe(
      "依照本条例第一条、第一条第二款、第一条第二款第一项和第一条第一项的规定。",
    );
  });
});
