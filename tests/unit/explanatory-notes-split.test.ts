import { describe, expect, it } from "vitest";
import { splitExplanation, type SplitTarget } from "../../services/explanatory-notes.ts";

// A reading with two chapters, one section and five articles (one inserted: 第四条之一).
const targets: SplitTarget[] = [
  { pid: "ch1", kind: "chapter", label: "第一章" },
  { pid: "a1", kind: "article", label: "第一条" },
  { pid: "a2", kind: "article", label: "第二条" },
  { pid: "ch2", kind: "chapter", label: "第二章" },
  { pid: "s1", kind: "section", label: "第一节" },
  { pid: "a3", kind: "article", label: "第三条" },
  { pid: "a4", kind: "article", label: "第四条" },
  { pid: "a41", kind: "article", label: "第四条之一" },
  { pid: "a12", kind: "article", label: "第十二条" },
];

const explanation = [
  "关于《南通市动物防疫条例（草案）》的说明",
  "一、制定条例的必要性",
  "动物防疫关系公共卫生安全，有必要制定本条例。",
  "二、主要内容",
  "（一）关于立法目的。草案第一条规定了立法目的，与上位法保持一致。",
  "第二章规定了动物疫病的预防。",
  "其中第三条、第4条明确了免疫接种的责任主体。",
  "这两条是根据调研意见增写的。",
  "第四条之一是新增的，规定了无害化处理。",
  "草案第12条第二款规定了处罚，依照上位法确定幅度。",
  "三、需要说明的其他问题",
  "条例施行后，市政府应当制定配套办法。",
].join("\n");

describe("splitting a pasted 起草说明 over the provisions it names", () => {
  it("proposes each paragraph naming 第N条 or 第N章 to that provision, in text order", () => {
    const { notes } = splitExplanation(explanation, targets);
    expect(Object.keys(notes)).toEqual(["a1", "ch2", "a3", "a4", "a41", "a12"]);
    expect(notes.a1).toBe("（一）关于立法目的。草案第一条规定了立法目的，与上位法保持一致。");
    expect(notes.ch2).toBe("第二章规定了动物疫病的预防。");
    expect(notes.a12).toBe("草案第12条第二款规定了处罚，依照上位法确定幅度。");
  });

  it("keeps a following paragraph that names nothing with the provisions before it", () => {
    const { notes } = splitExplanation(explanation, targets);
    const both = "其中第三条、第4条明确了免疫接种的责任主体。\n这两条是根据调研意见增写的。";
    expect(notes.a3).toBe(both);
    expect(notes.a4).toBe(both);
  });

  it("tells an inserted article (第四条之一) from the article it follows", () => {
    const { notes } = splitExplanation(explanation, targets);
    expect(notes.a41).toBe("第四条之一是新增的，规定了无害化处理。");
    expect(notes.a4).not.toContain("第四条之一");
  });

  it("leaves the introduction and a new numbered part unplaced for the drafter to see", () => {
    const { unmatched } = splitExplanation(explanation, targets);
    expect(unmatched).toEqual([
      "关于《南通市动物防疫条例（草案）》的说明",
      "一、制定条例的必要性",
      "动物防疫关系公共卫生安全，有必要制定本条例。",
      "二、主要内容",
      "三、需要说明的其他问题",
      "条例施行后，市政府应当制定配套办法。",
    ]);
  });

  it("ignores articles the reading does not have", () => {
    const { notes, unmatched } = splitExplanation("第九十九条规定了施行日期。", targets);
    expect(notes).toEqual({});
    expect(unmatched).toEqual(["第九十九条规定了施行日期。"]);
  });
});
