import { describe, expect, it } from "vitest";
import { parseProvisionQuery, resolveProvision, suggestProvisions } from "./provision-query.ts";

// A draft shaped like the ones coordinators pick from: chapters, a section, and articles with an
// inserted 之一, so "25", "第25条", "二十五" and "10之一" each name one provision.
const targets = [
  { pid: "c1", kind: "chapter", label: "第一章", text: "总则" },
  ...Array.from({ length: 9 }, (_, i) => ({
    pid: `a${i + 1}`,
    kind: "article",
    label: [
      "第一条",
      "第二条",
      "第三条",
      "第四条",
      "第五条",
      "第六条",
      "第七条",
      "第八条",
      "第九条",
    ][i]!,
    text: `第${i + 1}条的文字`,
  })),
  { pid: "a10", kind: "article", label: "第十条", text: "饲养犬只应当登记。" },
  { pid: "a10-1", kind: "article", label: "第十条之一", text: "犬只应当拴绳。" },
  { pid: "c2", kind: "chapter", label: "第二章", text: "管理" },
  { pid: "s1", kind: "section", label: "第一节", text: "一般规定" },
  ...Array.from({ length: 20 }, (_, i) => ({
    pid: `a${i + 11}`,
    kind: "article",
    label: `第${["十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十"][i]}条`,
    text: i + 11 === 25 ? "病死动物应当无害化处理。" : `第${i + 11}条的文字`,
  })),
];

describe("picking a provision by typing its number", () => {
  it("reads the ways people write an article number", () => {
    for (const typed of [
      "25",
      "２５",
      "第25条",
      "第二十五条",
      "二十五",
      "25条",
      " 第 25 条 ",
      "art. 25",
      "Article 25",
    ])
      expect(parseProvisionQuery(typed), typed).toEqual({ kind: "article", number: 25, suffix: 0 });
    for (const typed of ["10之一", "第十条之一", "第10条之1", "10-1", "Article 10A"])
      expect(parseProvisionQuery(typed), typed).toEqual({ kind: "article", number: 10, suffix: 1 });
    expect(parseProvisionQuery("第二章")).toEqual({ kind: "chapter", number: 2, suffix: 0 });
    expect(parseProvisionQuery("2章")).toEqual({ kind: "chapter", number: 2, suffix: 0 });
    expect(parseProvisionQuery("第一节")).toEqual({ kind: "section", number: 1, suffix: 0 });
    for (const typed of ["", "犬只", "0", "第零条", "25之", "之一"])
      expect(parseProvisionQuery(typed), typed).toBeNull();
  });

  it("resolves a typed number to the one provision it names", () => {
    for (const typed of ["25", "第25条", "二十五", "第二十五条"])
      expect(resolveProvision(targets, typed), typed).toEqual({ ok: true, pid: "a25" });
    expect(resolveProvision(targets, "10之一")).toEqual({ ok: true, pid: "a10-1" });
    expect(resolveProvision(targets, "10")).toEqual({ ok: true, pid: "a10" });
    expect(resolveProvision(targets, "第二章")).toEqual({ ok: true, pid: "c2" });
  });

  it("says why a typed text names nothing", () => {
    expect(resolveProvision(targets, "99")).toEqual({ ok: false, reason: "unknown" });
    expect(resolveProvision(targets, "10之二")).toEqual({ ok: false, reason: "unknown" });
    expect(resolveProvision(targets, "犬只")).toEqual({ ok: false, reason: "notANumber" });
    expect(resolveProvision(targets, "  ")).toEqual({ ok: false, reason: "empty" });
  });

  it("suggests the exact article first, then those the digits begin, then text matches", () => {
    const labels = (q: string) => suggestProvisions(targets, q).map((t) => t.label);
    expect(labels("25")[0]).toBe("第二十五条");
    expect(labels("2")).toEqual([
      "第二条",
      "第二十条",
      "第二十一条",
      "第二十二条",
      "第二十三条",
      "第二十四条",
      "第二十五条",
      "第二十六条",
    ]);
    expect(labels("10")).toEqual(["第十条", "第十条之一"]);
    expect(labels("犬只")).toEqual(["第十条", "第十条之一"]);
    expect(labels("无害化")).toEqual(["第二十五条"]);
    expect(labels("")).toEqual([]);
  });
});
