import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeText, detectEncoding } from "./decode.ts";

const law = readFileSync(
  new URL("../../tests/fixtures/laws/dongwu-fangyi-fa-2007.txt", import.meta.url),
  "utf8",
);
// A short excerpt with ASCII, full-width indentation, CJK punctuation and newlines; and a whole law.
const excerpt = law.split("\n").slice(0, 16).join("\n");

function bytes(...parts: (number[] | Buffer)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => Buffer.from(part))));
}

describe.each([
  ["an excerpt", excerpt],
  ["a whole law", law],
])("decodeText on %s", (_, text) => {
  it.each([
    ["UTF-8", () => bytes(Buffer.from(text, "utf8")), "utf-8"],
    ["UTF-8 with BOM", () => bytes([0xef, 0xbb, 0xbf], Buffer.from(text, "utf8")), "utf-8"],
    ["UTF-16LE with BOM", () => bytes([0xff, 0xfe], iconv.encode(text, "utf-16le")), "utf-16le"],
    ["UTF-16LE", () => bytes(iconv.encode(text, "utf-16le")), "utf-16le"],
    ["UTF-16BE with BOM", () => bytes([0xfe, 0xff], iconv.encode(text, "utf-16be")), "utf-16be"],
    ["UTF-16BE", () => bytes(iconv.encode(text, "utf-16be")), "utf-16be"],
    ["GB18030", () => bytes(iconv.encode(text, "gb18030")), "gb18030"],
  ] as const)("reads %s", (_, encode, encoding) => {
    const encoded = encode();
    expect(detectEncoding(encoded).encoding).toBe(encoding);
    expect(decodeText(encoded)).toBe(text);
  });
});

describe("decodeText", () => {
  it("strips a byte order mark and nothing else", () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], Buffer.from("第一条", "utf8")))).toBe("第一条");
    expect(decodeText(bytes([0xfe, 0xff], iconv.encode("第一条", "utf-16be")))).toBe("第一条");
  });

  it("reads plain ASCII and an empty file", () => {
    expect(decodeText(bytes(Buffer.from("Article 1\n", "utf8")))).toBe("Article 1\n");
    expect(decodeText(new Uint8Array())).toBe("");
  });

  it("reads characters outside GBK that GB18030 encodes in four bytes", () => {
    const text = "第一条　𠀀𪚥与€并存，本条例自公布之日起施行。";
    expect(decodeText(bytes(iconv.encode(text, "gb18030")))).toBe(text);
  });
});
