// The demo's surveys (cli/seed/surveys.ts): the 立法前评估 of 2020 on the 一审稿 with its 320
// responses and published results, and the open 立法后评估 on the adopted text.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../cli/seed/demo.ts";
import { postSurveyTitle, preSurveyTitle } from "../../cli/seed/surveys.ts";
import { getSurveyForResults, listTextAnswers } from "../../db/queries/survey-results.ts";
import { clusterTextAnswers, surveyResults } from "../../services/survey-results.ts";
import { useTestDatabase } from "../support/database.ts";

describe("the demo's surveys", () => {
  const t = useTestDatabase();
  beforeAll(async () => {
    await seedDemo(t.handle.db);
    // Seeding again adds nothing twice.
    await seedDemo(t.handle.db);
  }, 240_000);

  const surveyId = async (title: string) =>
    (await t.handle.db
      .selectFrom("surveys")
      .select("id")
      .where("title", "=", title)
      .executeTakeFirstOrThrow())!.id;

  it("publishes the 立法前评估's results: 320 responses online and on paper, article questions on the 一审稿, a summary per written question", async () => {
    const db = t.handle.db;
    expect(await db.selectFrom("surveys").select("id").execute()).toHaveLength(2);
    const id = await surveyId(preSurveyTitle);
    const survey = (await getSurveyForResults(db, id))!;
    expect(survey).toMatchObject({ purpose: "pre_legislative", versionLabel: "first_reading" });
    expect(survey.resultsPublishedAt).not.toBeNull();
    const results = await surveyResults(db, id);
    expect(results.responses).toBe(320);
    const paper = await surveyResults(db, id, { channel: "paper" });
    expect(paper.responses).toBeGreaterThan(60);
    expect(paper.responses).toBeLessThan(160);
    const articles = results.questions.filter((q) => q.provisionLabel);
    expect(articles.map((q) => q.provisionLabel)).toEqual([
      "第十五条",
      "第二十八条",
      "第五十六条",
      "第五十四条",
    ]);
    // The farmers' question is conditional: its base is the farmers alone.
    const farmers = results.questions[0]!.options!.find((o) => o.id === "farm")!.count;
    expect(results.questions[3]!.condition).not.toBeNull();
    expect(results.questions[3]!.base).toBe(farmers);
    const notes = await db
      .selectFrom("survey_result_notes")
      .select("question_id")
      .where("survey_id", "=", id)
      .execute();
    expect(notes).toHaveLength(2);
    // Like answers group into clusters for the drafters.
    const texts = (await listTextAnswers(db, id)).filter(
      (a) => a.questionId === results.questions[7]!.id,
    );
    expect(clusterTextAnswers(texts).length).toBeGreaterThan(3);
  });

  it("leaves the 立法后评估 open on the adopted text with a few answers and no results yet", async () => {
    const db = t.handle.db;
    const id = await surveyId(postSurveyTitle);
    const survey = (await getSurveyForResults(db, id))!;
    expect(survey).toMatchObject({ purpose: "post_legislative", versionLabel: "promulgated" });
    expect(survey.resultsPublishedAt).toBeNull();
    expect(survey.opensAt.getTime()).toBeLessThan(Date.now());
    expect(survey.closesAt.getTime()).toBeGreaterThan(Date.now());
    const results = await surveyResults(db, id);
    expect(results.responses).toBe(12);
    expect(results.questions[1]!.provisionLabel).toBe("第三十条");
    expect((await surveyResults(db, id, { channel: "paper" })).responses).toBe(3);
  });
});
