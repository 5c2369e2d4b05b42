import { describe, expect, it } from "vitest";
import { csvFile, CsvUnreadable, guardFormula, parseCsv } from "../../services/documents/csv.ts";

describe("the CSV files Kaimen writes", () => {
  it("starts with a UTF-8 byte-order mark, so Excel reads the Chinese, and ends records in CRLF", () => {
    const file = csvFile([
      ["条文", "意见"],
      ["第一条", "同意"],
    ]);
    expect(file.charCodeAt(0)).toBe(0xfeff);
    expect([...Buffer.from(file, "utf8").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.slice(1)).toBe("条文,意见\r\n第一条,同意\r\n");
  });

  it("quotes a cell with a comma or a quote, doubling the quote, and leaves others bare", () => {
    expect(csvFile([["含有逗号, 和", '"引号"', "普通", ""]]).slice(1)).toBe(
      '"含有逗号, 和","""引号""",普通,\r\n',
    );
  });

  it("keeps a line break inside its cell: LF, CR and CRLF are all quoted", () => {
    expect(csvFile([["与立法目的无关，\n不予采纳。", "a\rb", "c\r\nd", "e"]]).slice(1)).toBe(
      '"与立法目的无关，\n不予采纳。","a\rb","c\r\nd",e\r\n',
    );
  });

  it("guards text a spreadsheet would evaluate as a formula, and writes numbers as they are", () => {
    const file = csvFile([["=1+1", "+86", "-5", "@SUM(A1)", "\tx", "a=b", -5, 15]]).slice(1);
    expect(file).toBe("'=1+1,'+86,'-5,'@SUM(A1),'\tx,a=b,-5,15\r\n");
    expect(csvFile([['=HYPERLINK("http://evil.example","点我")']]).slice(1)).toBe(
      `"'=HYPERLINK(""http://evil.example"",""点我"")"\r\n`,
    );
    expect(guardFormula("\r")).toBe("'\r");
    expect(guardFormula("第一条")).toBe("第一条");
  });

  it("reads back what it writes", () => {
    const rows = [
      ["类型", "原条文"],
      ["修改", '含有逗号, 和 "引号"\n第二行'],
    ];
    expect(parseCsv(csvFile(rows))).toEqual(rows);
  });
});

describe("the CSV files Kaimen reads", () => {
  it("takes LF, CR and CRLF line ends, even mixed, and keeps blank lines as empty records", () => {
    expect(parseCsv("a,b\r1,2\n3,4\r\n\n5\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      [""],
      ["5"],
    ]);
  });

  it("reads tab-separated text when the first line has tabs and no comma", () => {
    expect(parseCsv("条文\t意见\n第一条\t同意, 但是\n")).toEqual([
      ["条文", "意见"],
      ["第一条", "同意, 但是"],
    ]);
  });

  it("takes a stray quote inside a cell as text, and refuses a quote left open", () => {
    expect(parseCsv('5"寸,b\n')).toEqual([['5"寸', "b"]]);
    expect(() => parseCsv('a,"never closed\n')).toThrow(CsvUnreadable);
  });
});
