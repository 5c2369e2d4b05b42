import { describe, expect, it } from "vitest";
import { escapeXml, xmlSafe } from "./xml.ts";

describe("xmlSafe", () => {
  it("drops C0 controls but tab, LF and CR, U+FFFE, U+FFFF and lone surrogates", () => {
    expect(xmlSafe("a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi")).toBe("abcdefghi");
    expect(xmlSafe("x\uD800y\uDC00z")).toBe("xyz");
  });

  it("keeps tab, line breaks, characters beyond the BMP and other noncharacters XML allows", () => {
    const kept = "第一条\t甲\n乙\r\n丙 𠀀 🙂 \uFDD0 \uFFFD";
    expect(xmlSafe(kept)).toBe(kept);
  });

  it("is what escapeXml drops before escaping markup", () => {
    expect(escapeXml("<a\uFFFF&b>")).toBe("&lt;a&amp;b&gt;");
  });
});
