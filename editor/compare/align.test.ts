import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { ArticleJSON, LegalDocJSON } from "../document-json.ts";
import { makeArticle, storedText, textblock } from "../document-json.ts";
import { decodeText } from "../import/decode.ts";
import { parseLegalText } from "../import/parse.ts";
import { deriveProvisions } from "../provisions.ts";
import type { ProvisionRow } from "../provisions.ts";
import { alignProvisions, summarize } from "./align.ts";
import { longestIncreasingSubsequence } from "./order.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);

function readLaw(file: string): LegalDocJSON {
  return parseLegalText(decodeText(new Uint8Array(fs.readFileSync(new URL(file, lawsDir))))).doc;
}

/** Each article node of a document with the array that holds it (a chapter's content). */
function articleSlots(doc: LegalDocJSON): { holder: unknown[]; node: ArticleJSON }[] {
  const slots: { holder: unknown[]; node: ArticleJSON }[] = [];
  const visit = (holder: unknown[]) => {
    for (const child of holder as { type: string; content?: unknown[] }[]) {
      if (child.type === "article") slots.push({ holder, node: child as ArticleJSON });
      else if (child.type === "chapter" || child.type === "section" || child.type === "part")
        visit(child.content ?? []);
    }
  };
  visit(doc.content);
  return slots;
}

describe("alignment of readings that share pids", () => {
  // The 2011 生猪屠宰管理条例 and a next reading of it, edited as a drafter would: 第二十五条
  // moved up after 第十条, a new article inserted after 第三条, 第八条 deleted, 第十五条 reworded.
  const original = readLaw("shengzhu-tuzai-tiaoli-2011.txt");
  const edited = structuredClone(original);
  const slot = (n: number) => articleSlots(edited)[n - 1]!;
  const inserted = makeArticle("国家鼓励生猪定点屠宰厂（场）采用冷链配送，推进生猪产品冷鲜上市。");
  const moved = slot(25);
  const deleted = slot(8);
  const reworded = slot(15).node.content[0]!;
  reworded.content[0] = textblock(
    "para_text",
    `${storedText(reworded.content[0])}屠宰记录保存期限不得少于二年。`,
  );
  moved.holder.splice(moved.holder.indexOf(moved.node), 1);
  const after10 = slot(10);
  after10.holder.splice(after10.holder.indexOf(after10.node) + 1, 0, moved.node);
  deleted.holder.splice(deleted.holder.indexOf(deleted.node), 1);
  const after3 = slot(3);
  after3.holder.splice(after3.holder.indexOf(after3.node) + 1, 0, inserted);

  const before = deriveProvisions(original);
  const after = deriveProvisions(edited);
  const rows = alignProvisions(before, after);
  const pidOf = (list: ProvisionRow[], n: number) =>
    list.find((row) => row.kind === "article" && row.number === n)!.pid;

  it("pairs by pid and lists every row in the new reading's order", () => {
    const shape = rows.map((row) => [row.kind, row.old, row.new]);
    const pushedDown = (from: number, to: number, shift: number) =>
      Array.from({ length: to - from + 1 }, (_, at) => {
        const n = from + at;
        return ["unchanged", [n], [n + shift]];
      });
    expect(shape).toEqual([
      ...pushedDown(1, 3, 0),
      ["added", [], [4]],
      ...pushedDown(4, 7, 1),
      ["deleted", [8], []],
      ...pushedDown(9, 10, 0),
      ["moved", [25], [11]],
      ...pushedDown(11, 14, 1),
      ["modified", [15], [16]],
      ...pushedDown(16, 24, 1),
      ...pushedDown(26, 36, 0),
    ]);
    expect(rows.find((row) => row.kind === "moved")).toMatchObject({
      oldPids: [pidOf(before, 25)],
      newPids: [pidOf(after, 11)],
      renumbered: true,
      textChanged: false,
    });
    expect(pidOf(before, 25)).toBe(pidOf(after, 11));
  });

  it("flags renumbering and text changes separately", () => {
    const byOld = (n: number) => rows.find((row) => row.old[0] === n)!;
    expect(byOld(2)).toMatchObject({ renumbered: false, textChanged: false });
    expect(byOld(5)).toMatchObject({ renumbered: true, textChanged: false });
    expect(byOld(9)).toMatchObject({ renumbered: false, textChanged: false });
    expect(byOld(15)).toMatchObject({ renumbered: true, textChanged: true });
    expect(byOld(8)).toMatchObject({ renumbered: false, textChanged: true, newPids: [] });
  });

  it("summarises the rows by kind", () => {
    expect(summarize(rows)).toEqual({
      unchanged: 33,
      modified: 1,
      added: 1,
      deleted: 1,
      moved: 1,
      split: 0,
      merged: 0,
    });
  });

  it("pairs a rewritten article by its pid, however little of its text is left", () => {
    const rewritten = structuredClone(original);
    const target = articleSlots(rewritten)[5]!.node;
    target.content = makeArticle("本条例自公布之日起施行。").content;
    const aligned = alignProvisions(before, deriveProvisions(rewritten));
    expect(aligned.find((row) => row.old[0] === 6)).toMatchObject({ kind: "modified", new: [6] });
  });
});

describe("alignment without shared pids", () => {
  const rows = (texts: string[], pidPrefix: string): ProvisionRow[] =>
    texts.map((text, at) => ({
      pid: `${pidPrefix}${at}`,
      kind: "article",
      ordinal: at,
      number: at + 1,
      label: "",
      headingPath: [],
      text,
      parentPid: null,
    }));
  const law = deriveProvisions(readLaw("shengzhu-tuzai-tiaoli-2011.txt"))
    .filter((row) => row.kind === "article")
    .map((row) => row.text);

  it("pairs identical and similar texts, and leaves an unrelated new article added", () => {
    const changed = [...law];
    changed[3] = `${law[3]}具体办法由国务院商务主管部门制定。`;
    changed.splice(20, 0, "鼓励保险机构开发生猪屠宰责任保险产品。");
    const aligned = alignProvisions(rows(law, "a"), rows(changed, "b"));
    expect(summarize(aligned)).toMatchObject({ unchanged: 35, modified: 1, added: 1, deleted: 0 });
    expect(aligned.find((row) => row.kind === "added")!.new).toEqual([21]);
  });

  it("finds an article cut in two and two articles joined into one", () => {
    // 第六条 has three paragraphs: the first stays, the other two become an article of their
    // own; 第十一条 and 第十二条 are joined.
    const [first, ...rest] = law[5]!.split("\n");
    const changed = [
      ...law.slice(0, 5),
      first!,
      rest.join("\n"),
      ...law.slice(6, 10),
      `${law[10]}\n${law[11]}`,
      ...law.slice(12),
    ];
    const aligned = alignProvisions(rows(law, "a"), rows(changed, "b"));
    expect(aligned.filter((row) => row.kind === "split" || row.kind === "merged")).toEqual([
      expect.objectContaining({ kind: "split", old: [6], new: [6, 7], renumbered: true }),
      expect.objectContaining({ kind: "merged", old: [11, 12], new: [12], textChanged: false }),
    ]);
    expect(summarize(aligned)).toMatchObject({ unchanged: 33, split: 1, merged: 1 });
  });

  it("traces a short article taken whole into a long rewritten one, as a full revision does", () => {
    // 第十四条 (无害化处理 补助) is kept word for word inside a new, much longer 第十四条 that
    // adds six paragraphs of new duties: its Dice similarity is low, its overlap complete.
    const grown = [
      law[13]!,
      "县级以上地方人民政府应当统筹规划病害生猪及生猪产品无害化处理场所的建设，保障运行经费。",
      "生猪定点屠宰厂（场）应当建立无害化处理台账，如实记录处理的数量、方式和时间，台账保存期限不得少于二年。",
      "农业农村主管部门应当对无害化处理情况进行抽查，发现问题的，责令限期整改并向社会公布整改结果。",
      "运输病害生猪的车辆应当密闭，装卸前后清洗消毒，不得在途中随意弃置。",
      "鼓励保险机构开发无害化处理相关保险产品，引导养殖场户参加保险。",
      "具体管理办法由省、自治区、直辖市人民政府结合本地实际制定，报国务院备案。",
    ].join("\n");
    const changed = [...law.slice(0, 13), grown, ...law.slice(14)];
    changed[9] = "国家鼓励生猪定点屠宰厂（场）建立冷链配送体系。";
    const aligned = alignProvisions(rows(law, "a"), rows(changed, "b"));
    expect(aligned.find((row) => row.new.includes(14))).toMatchObject({
      kind: "modified",
      old: [14],
    });
    // The unrelated replacement of 第十条 is still a deletion and an addition.
    expect(aligned.find((row) => row.new.includes(10))).toMatchObject({ kind: "added" });
    expect(aligned.find((row) => row.old.includes(10))).toMatchObject({ kind: "deleted" });
  });

  it("ignores whitespace and the width of punctuation", () => {
    const reformatted = law.map((text) =>
      text.replace(/，/g, ",").replace(/（/g, "(").replace(/）/g, ")").replace(/。/g, "。 "),
    );
    const aligned = alignProvisions(rows(law, "a"), rows(reformatted, "b"));
    expect(summarize(aligned).unchanged).toBe(law.length);
  });

  it("ignores chapters and sections: only articles are rows", () => {
    const provisions = deriveProvisions(readLaw("shengzhu-tuzai-tiaoli-2011.txt"));
    const aligned = alignProvisions(provisions, provisions);
    expect(aligned).toHaveLength(provisions.filter((row) => row.kind === "article").length);
  });
});

describe("longestIncreasingSubsequence", () => {
  it("keeps the pairs in order and leaves out the one that jumped", () => {
    // Old positions of the pairs in new order: old article 7 was moved to the front.
    const values = [7, 0, 1, 2, 3, 4, 5, 6, 8];
    expect(longestIncreasingSubsequence(values).map((at) => values[at])).toEqual([
      0, 1, 2, 3, 4, 5, 6, 8,
    ]);
  });

  it("handles the empty and the reversed", () => {
    expect(longestIncreasingSubsequence([])).toEqual([]);
    expect(longestIncreasingSubsequence([3, 2, 1])).toHaveLength(1);
  });
});

describe("alignment of 之一 articles", () => {
  it("reports 第二条 becoming 第二条之一 as renumbered, though both carry the number 2", () => {
    const text = (articles: string[]) =>
      deriveProvisions(parseLegalText(["测试条例", ...articles].join("\n")).doc).filter(
        (row) => row.kind === "article",
      );
    const before = text([
      "第一条　为了规范生猪屠宰活动，制定本条例。",
      "第二条　国家实行生猪定点屠宰、集中检疫制度。",
    ]);
    const after = text([
      "第一条　为了规范生猪屠宰活动，制定本条例。",
      "第二条　生猪屠宰企业应当建立质量安全追溯制度，并如实记录生猪来源和产品流向。",
      "第二条之一　国家实行生猪定点屠宰、集中检疫制度。",
    ]);
    expect(after.map((row) => row.label)).toEqual(["第一条", "第二条", "第二条之一"]);
    const moved = alignProvisions(before, after).find((row) => row.old[0] === 2)!;
    expect(moved).toMatchObject({ old: [2], new: [2], textChanged: false, renumbered: true });
  });
});
