// The pure half of a survey's results (services/survey-results.ts): aggregates from known counts,
// the written answers' search and their clusters.
import { describe, expect, it } from "vitest";
import type { ResultQuestion, TextAnswer } from "../../db/queries/survey-results.ts";
import {
  aggregateSurvey,
  clusterTextAnswers,
  searchTextAnswers,
} from "../../services/survey-results.ts";

const question = (over: Partial<ResultQuestion> & Pick<ResultQuestion, "id" | "kind">) =>
  ({
    position: 0,
    prompt: "题目",
    options: [],
    scaleMin: null,
    scaleMax: null,
    scaleMinLabel: "",
    scaleMaxLabel: "",
    provisionPid: null,
    provisionLabel: null,
    showIfQuestionId: null,
    showIfOptionIds: null,
    ...over,
  }) satisfies ResultQuestion;

const answer = (text: string, channel: "online" | "paper" = "online"): TextAnswer => ({
  responseId: text,
  questionId: "t",
  text,
  channel,
  contactPoint: null,
  respondentType: "individual",
  createdAt: new Date(0),
});

describe("survey aggregates", () => {
  it("takes the median of an even count as the mean of the middle two, and counts values off the scale", () => {
    const results = aggregateSurvey(
      [question({ id: "s", kind: "scale", scaleMin: 1, scaleMax: 3 })],
      {
        responses: 5,
        answered: new Map([["s", 5]]),
        options: new Map(),
        // 1, 2, 3, 3 and a 5 given before the scale was narrowed.
        scale: new Map([
          [
            "s",
            new Map([
              [1, 1],
              [2, 1],
              [3, 2],
              [5, 1],
            ]),
          ],
        ]),
        shown: new Map(),
      },
    );
    const scale = results.questions[0]!.scale!;
    expect(scale.distribution.map((d) => d.count)).toEqual([1, 1, 2]);
    expect(scale.mean).toBeCloseTo(14 / 5);
    expect(scale.median).toBe(3);
    const even = aggregateSurvey([question({ id: "s", kind: "scale", scaleMin: 1, scaleMax: 4 })], {
      responses: 4,
      answered: new Map([["s", 4]]),
      options: new Map(),
      scale: new Map([
        [
          "s",
          new Map([
            [1, 1],
            [2, 1],
            [3, 1],
            [4, 1],
          ]),
        ],
      ]),
      shown: new Map(),
    });
    expect(even.questions[0]!.scale!.median).toBe(2.5);
  });

  it("gives nobody's mean when nobody answered, and never a base below the answers", () => {
    const results = aggregateSurvey(
      [
        question({
          id: "c",
          kind: "single",
          options: [
            { id: "a", label: "甲" },
            { id: "b", label: "乙" },
          ],
        }),
        question({
          id: "s",
          kind: "scale",
          scaleMin: 0,
          scaleMax: 10,
          showIfQuestionId: "c",
          showIfOptionIds: ["b"],
        }),
      ],
      {
        responses: 3,
        answered: new Map([["c", 3]]),
        options: new Map([["c", new Map([["a", 3]])]]),
        scale: new Map(),
        shown: new Map([["s", 0]]),
      },
    );
    expect(results.questions[0]!.options!.map((o) => o.share)).toEqual([1, 0]);
    expect(results.questions[1]!.condition).toEqual({ number: 1, options: ["乙"] });
    expect(results.questions[1]!.base).toBe(0);
    expect(results.questions[1]!.scale).toMatchObject({ mean: null, median: null });
    expect(results.questions[1]!.scale!.distribution).toHaveLength(11);
  });
});

describe("written answers", () => {
  it("finds a substring whatever the width and case, and everything for a blank search", () => {
    const answers = [answer("ＡＢＣ公司的无害化处理"), answer("abc"), answer("犬只登记")];
    expect(searchTextAnswers(answers, "abc")).toHaveLength(2);
    expect(searchTextAnswers(answers, " 无害化 ")).toHaveLength(1);
    expect(searchTextAnswers(answers, "  ")).toHaveLength(3);
  });

  it("groups like answers, largest first, and leaves out answers too short to say anything", () => {
    const clusters = clusterTextAnswers([
      answer("建议在每个乡镇设立病死动物收集暂存点，统一转运处理。"),
      answer("同意"),
      answer("同意"),
      answer("建议加强基层防疫队伍建设，提高村级防疫员待遇。", "paper"),
      answer("建议在每个乡镇设立病死动物收集暂存点，统一转运处理。希望尽快落实。", "paper"),
      answer("建议加强基层防疫队伍建设，提高村级防疫员待遇。"),
      answer("建议在每个乡镇设立病死动物收集暂存点，统一转运处理！"),
    ]);
    expect(clusters.map((c) => [c.size, c.paper])).toEqual([
      [3, 1],
      [2, 1],
    ]);
    expect(clusters[0]!.sample).toBe("建议在每个乡镇设立病死动物收集暂存点，统一转运处理。");
  });
});
