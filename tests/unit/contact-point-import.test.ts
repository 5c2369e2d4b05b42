import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseTargetCell, readSheet } from "../../services/contact-point-import.ts";
import { parseCsv } from "../../services/documents/csv.ts";

describe("the opinion spreadsheet's cells", () => {
  it("reads an article as 第N条 (Chinese or Arabic digits) or N, a chapter, or the whole draft", () => {
    expect(parseTargetCell("第二十九条")).toEqual({ kind: "article", number: 29 });
    expect(parseTargetCell("第 29 条")).toEqual({ kind: "article", number: 29 });
    expect(parseTargetCell("第一百一十二条")).toEqual({ kind: "article", number: 112 });
    expect(parseTargetCell("57")).toEqual({ kind: "article", number: 57 });
    expect(parseTargetCell("５７")).toEqual({ kind: "article", number: 57 });
    expect(parseTargetCell("第二章")).toEqual({ kind: "chapter", number: 2 });
    expect(parseTargetCell("整体")).toEqual({ kind: "draft" });
    for (const bad of ["", "二十九", "第条", "条例", "0", "第29款", "abc"])
      expect(parseTargetCell(bad), bad).toBeNull();
  });

  it("parses CSV with quotes, embedded commas, newlines and doubled quotes", () => {
    expect(parseCsv('a,"b, c","d ""e""\nf"\r\n1,2,3\n')).toEqual([
      ["a", "b, c", 'd "e"\nf'],
      ["1", "2", "3"],
    ]);
  });

  it("reads a GB18030 CSV, skips its header and blank lines, and numbers rows as a spreadsheet does", async () => {
    const text = "条文,意见内容,建议修改为,活动,人数\n\n第三条,登记应当免费。,,1,2\n";
    const rows = await readSheet(new Uint8Array(iconv.encode(text, "gb18030")), "意见.csv");
    expect(rows).toEqual([{ line: 3, cells: ["第三条", "登记应当免费。", "", "1", "2"] }]);
  });

  it("refuses a CSV whose quote is never closed as unreadable (400), not as one long cell", async () => {
    const text = '条文,意见内容\n第三条,"登记应当免费。\n第四条,其余各行\n';
    await expect(readSheet(new TextEncoder().encode(text), "意见.csv")).rejects.toMatchObject({
      messageKey: "cp.import.unreadable",
      status: 400,
    });
  });
});
