import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docxBomb, makeZip } from "../../tools/zip-bomb.ts";
import { toImportJson } from "./contract.ts";
import { importFile, ImportError } from "./index.ts";
import { checkZip, DOCX_LIMITS, verifyZip, ZipRefused } from "./zip-guard.node.ts";

describe("zip bombs are refused before they are unpacked", () => {
  it("refuses a .docx whose document.xml unpacks to 64 MB from its directory alone", async () => {
    const bomb = docxBomb(64 * 1024 * 1024);
    // Small on the wire, as the reported bomb was (872 KB for 300 MB).
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => checkZip(bomb, DOCX_LIMITS)).toThrow(ZipRefused);
    const refusal = await importFile(bomb, "bomb.docx").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ImportError);
    expect((refusal as ImportError).code).toBe("too_large");
  });

  it("stops a bomb that declares a small size at that size instead of unpacking it", async () => {
    const liar = docxBomb(40 * 1024 * 1024, 4096);
    expect(() => checkZip(liar, DOCX_LIMITS)).not.toThrow();
    expect(() => verifyZip(liar, DOCX_LIMITS)).toThrow(/more than it declares/);
    await expect(importFile(liar, "liar.docx")).rejects.toMatchObject({ code: "too_large" });
  });

  it("refuses too many entries and a packing ratio no office file has", () => {
    const many = makeZip(
      Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.xml`, data: "<a/>" })),
    );
    expect(() => checkZip(many, { ...DOCX_LIMITS, maxEntries: 20 })).toThrow(
      expect.objectContaining({ reason: "too_many_entries" }),
    );
    const dense = makeZip([{ name: "a.xml", data: { repeat: "a", bytes: 8 * 1024 * 1024 } }]);
    expect(() => checkZip(dense, DOCX_LIMITS)).toThrow(
      expect.objectContaining({ reason: "ratio" }),
    );
    expect(() => checkZip(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), DOCX_LIMITS)).toThrow(
      expect.objectContaining({ reason: "malformed" }),
    );
  });
});

describe("a .txt containing <!--", () => {
  it("keeps the rest of the article (and of the law) after it", async () => {
    const file = "dongwu-fangyi-fa-2021.txt";
    const law = readFileSync(new URL(`../../tests/fixtures/laws/${file}`, import.meta.url), "utf8");
    const plain = toImportJson(await importFile(new TextEncoder().encode(law), file));
    const marked = law.replace(
      "第五条　",
      "第五条　动物防疫实行预防为主<!--此处原有批注，预防与控制并重，",
    );
    expect(marked).not.toBe(law);
    const result = toImportJson(await importFile(new TextEncoder().encode(marked), file));
    const article = result.articles.find((a) => a.number === 5)!;
    const before = plain.articles.find((a) => a.number === 5)!;
    expect(article.text).toContain("<!--此处原有批注，预防与控制并重，");
    expect(article.text.endsWith(before.text)).toBe(true);
    expect(result.articles).toHaveLength(plain.articles.length);
    expect(result.articles.at(-1)!.text).toBe(plain.articles.at(-1)!.text);
  });

  it("still drops a closed comment in markdown, and keeps an unclosed one there too", async () => {
    const md =
      "# 某某条例\n\n<!-- INFO END -->\n\n第一条　本条例<!--未闭合的批注，仍是正文。\n\n第二条　施行。\n";
    const result = toImportJson(await importFile(new TextEncoder().encode(md), "x.md"));
    expect(result.title).toBe("某某条例");
    expect(result.articles.map((a) => a.text)).toEqual([
      "本条例<!--未闭合的批注，仍是正文。",
      "施行。",
    ]);
  });
});
