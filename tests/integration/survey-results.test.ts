// A survey's results (issue 17 item 2): the aggregates of a known set of answers (a conditional
// question's base, a multiple choice counting each option, a scale's mean and median), the
// filters, the drafters' search of written answers, who may read the page before and after
// publication, and the drafters' export (formulas defused, hidden responses left out, nobody's
// e-mail address).
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import * as exportRoute from "../../app/routes/survey-results-export.ts";
import * as resultsPage from "../../app/routes/survey-results.tsx";
import {
  makeBillWithVersion,
  makeContactPoint,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { listTextAnswers, surveyOutcome } from "../../db/queries/survey-results.ts";
import {
  publishSurveyResults,
  searchTextAnswers,
  surveyResults,
} from "../../services/survey-results.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";
import { insertQuestion, insertResponse, insertSurvey } from "../support/surveys.ts";

const HIDDEN = "隐藏答卷机密内容";
const FORMULA = '=HYPERLINK("http://evil.example","点击")';

describe("survey results", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /**
   * Six counted responses and one hidden, to four questions: 1 single choice; 2 a multiple
   * choice shown only to those who chose 反对 in 1; 3 a 1–5 scale on an article; 4 written.
   */
  async function world(options: { resultsPublished?: boolean } = {}) {
    const db = t.handle.db;
    const organizationId = await makeOrganization(db);
    const otherOrg = await makeOrganization(db);
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId });
    const pid = (await db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", versionId)
      .orderBy("ordinal")
      .executeTakeFirstOrThrow())!.pid;
    const pointA = await makeContactPoint(db, { organizationId, name: "和平桥街道联系点" });
    const pointB = await makeContactPoint(db, { organizationId, name: "海门区联系点" });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId }] });
    const otherDrafter = await makeUser(db, {
      roles: [{ role: "drafter", organizationId: otherOrg }],
    });
    const citizen = await makeUser(db);
    const coordinator = await makeUser(db, {
      displayName: "联络员丙",
      roles: [{ role: "coordinator", organizationId, contactPointId: pointA }],
    });
    const surveyId = await insertSurvey(db, {
      organizationId,
      billId,
      versionId,
      title: "动物防疫立法前评估问卷",
      resultsPublished: options.resultsPublished ?? false,
    });
    const q1 = await insertQuestion(db, surveyId, {
      kind: "single",
      prompt: "您是否赞成修订动物防疫法？",
      options: [
        ["a", "赞成"],
        ["b", "反对"],
        ["c", "说不清"],
      ],
    });
    const q2 = await insertQuestion(db, surveyId, {
      kind: "multiple",
      prompt: "您反对的理由是？",
      options: [
        ["x", "成本太高"],
        ["y", "难以执行"],
        ["z", "其他"],
      ],
      showIf: { questionId: q1, optionIds: ["b"] },
    });
    const q3 = await insertQuestion(db, surveyId, {
      kind: "scale",
      prompt: "这一条的规定是否合理？",
      scale: [1, 5, "很不合理", "很合理"],
      provisionPid: pid,
    });
    const q4 = await insertQuestion(db, surveyId, { kind: "text", prompt: "其他意见和建议" });
    const paper = {
      channel: "paper" as const,
      recordedBy: coordinator.id,
      provenance: "2026年3月社区座谈会",
      receivedOn: "2026-03-12",
    };
    await insertResponse(db, surveyId, {
      answers: { [q1]: ["a"], [q3]: 5, [q4]: "建议加强病死动物无害化处理。" },
    });
    await insertResponse(db, surveyId, {
      answers: { [q1]: ["b"], [q2]: ["x", "y"], [q3]: 2, [q4]: FORMULA },
    });
    await insertResponse(db, surveyId, {
      ...paper,
      contactPointId: pointA,
      respondentType: "enterprise",
      answers: { [q1]: ["b"], [q2]: ["y"], [q3]: 3 },
    });
    await insertResponse(db, surveyId, {
      ...paper,
      contactPointId: pointA,
      answers: { [q1]: ["a"], [q3]: 4, [q4]: "ＡＢＣ养殖场的无害化处理设施不足。" },
    });
    await insertResponse(db, surveyId, { answers: { [q1]: ["c"], [q4]: "   " } });
    await insertResponse(db, surveyId, {
      ...paper,
      contactPointId: pointB,
      respondentType: "deputy",
      answers: { [q1]: ["a"], [q3]: 4 },
    });
    await insertResponse(db, surveyId, {
      status: "hidden",
      answers: { [q1]: ["b"], [q2]: ["x"], [q3]: 1, [q4]: HIDDEN },
    });
    return {
      db,
      organizationId,
      surveyId,
      q: [q1, q2, q3, q4] as const,
      pointA,
      drafter,
      otherDrafter,
      citizen,
      coordinator,
    };
  }

  it("adds up each question: shares of those who answered, a conditional question's base, a scale's mean and median", async () => {
    const w = await world();
    const results = await surveyResults(w.db, w.surveyId);
    expect(results.responses).toBe(6);
    const [single, multiple, scale, text] = results.questions;

    expect(single!.base).toBe(6);
    expect(single!.answered).toBe(6);
    expect(single!.options!.map((o) => [o.label, o.count])).toEqual([
      ["赞成", 3],
      ["反对", 2],
      ["说不清", 1],
    ]);
    expect(single!.options![0]!.share).toBeCloseTo(0.5);

    // Shown only to the two who chose 反对 (the hidden third does not count); each option chosen
    // counts, so the shares add up to more than one.
    expect(multiple!.condition).toEqual({ number: 1, options: ["反对"] });
    expect(multiple!.base).toBe(2);
    expect(multiple!.answered).toBe(2);
    expect(multiple!.options!.map((o) => [o.id, o.count, o.share])).toEqual([
      ["x", 1, 0.5],
      ["y", 2, 1],
      ["z", 0, 0],
    ]);

    expect(scale!.provisionLabel).toBe("第1条");
    expect(scale!.base).toBe(6);
    expect(scale!.answered).toBe(5);
    expect(scale!.scale!.distribution.map((d) => d.count)).toEqual([0, 1, 1, 2, 1]);
    expect(scale!.scale!.mean).toBeCloseTo(3.6);
    expect(scale!.scale!.median).toBe(4);

    // A blank written answer is no answer.
    expect(text!.answered).toBe(3);
  });

  it("filters by channel, contact point and respondent type", async () => {
    const w = await world();
    const paper = await surveyResults(w.db, w.surveyId, { channel: "paper" });
    expect(paper.responses).toBe(3);
    expect(paper.questions[0]!.options!.map((o) => o.count)).toEqual([2, 1, 0]);
    expect(paper.questions[1]!.base).toBe(1);
    const point = await surveyResults(w.db, w.surveyId, { contactPointId: w.pointA });
    expect(point.responses).toBe(2);
    expect(point.questions[2]!.scale!.mean).toBeCloseTo(3.5);
    const enterprises = await surveyResults(w.db, w.surveyId, { respondentType: "enterprise" });
    expect(enterprises.responses).toBe(1);
    expect(enterprises.questions[1]!.options!.map((o) => o.count)).toEqual([0, 1, 0]);
  });

  it("finds written answers by a substring, whatever the width of the letters, never the hidden ones", async () => {
    const w = await world();
    const answers = await listTextAnswers(w.db, w.surveyId);
    expect(answers.map((a) => a.text)).not.toContain(HIDDEN);
    expect(answers).toHaveLength(3);
    expect(searchTextAnswers(answers, "无害化").map((a) => a.channel)).toEqual(["online", "paper"]);
    expect(searchTextAnswers(answers, "abc养殖")).toHaveLength(1);
    expect(await surveyOutcome(w.db, w.surveyId)).toEqual({
      responses: 6,
      resultsPublished: false,
    });
  });

  it("shows the results to the public only once published, and their written answers never", async () => {
    const w = await world();
    const path = `/surveys/${w.surveyId}/results`;
    const params = { surveyId: w.surveyId };
    const drafterCookie = await signInCookie(ctx(), w.drafter);
    const otherCookie = await signInCookie(ctx(), w.otherDrafter);
    const citizenCookie = await signInCookie(ctx(), w.citizen);
    const read = (cookie?: string) =>
      callRoute(resultsPage.loader, getRequest(path, cookie), ctx(), params);

    expect((await read()).status).toBe(404);
    expect((await read(citizenCookie)).status).toBe(404);
    expect((await read(otherCookie)).status).toBe(404);
    const preview = await read(drafterCookie);
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.data)).toContain("无害化处理");
    expect(JSON.stringify(preview.data)).not.toContain(HIDDEN);

    // A citizen cannot publish; the drafter can, with a summary of the written question.
    const publish = (cookie: string) =>
      callRoute(
        resultsPage.action,
        formRequest(
          path,
          { intent: "publish", [`summary-${w.q[3]}`]: "多数意见建议加强无害化处理。" },
          { cookie },
        ),
        ctx(),
        params,
      );
    expect((await publish(citizenCookie)).status).toBe(403);
    const done = await publish(drafterCookie);
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ ok: true, message: "surveyResults.publish.done" });
    const audit = await w.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", w.surveyId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["survey_results.publish"]);

    const pub = await read();
    expect(pub.status).toBe(200);
    const text = JSON.stringify(pub.data);
    expect(text).toContain("多数意见建议加强无害化处理。");
    expect(text).not.toContain("病死动物无害化处理");
    expect(text).not.toContain("ＡＢＣ养殖场");
    expect(pub.data.results.responses).toBe(6);
    expect(pub.data.drafter).toBe(false);

    // Withdrawn: the public finds nothing again.
    const withdraw = await callRoute(
      resultsPage.action,
      formRequest(path, { intent: "unpublish" }, { cookie: drafterCookie }),
      ctx(),
      params,
    );
    expect(withdraw.data).toMatchObject({ ok: true, message: "surveyResults.unpublish.done" });
    expect((await read()).status).toBe(404);
  });

  it("refuses to publish the results of a survey that was never announced", async () => {
    const w = await world();
    const hiddenSurvey = await insertSurvey(w.db, {
      organizationId: w.organizationId,
      billId: (await w.db
        .selectFrom("surveys")
        .select("bill_id")
        .where("id", "=", w.surveyId)
        .executeTakeFirstOrThrow())!.bill_id!,
      versionId: null,
      published: false,
    });
    await expect(
      publishSurveyResults(w.db, {
        surveyId: hiddenSurvey,
        summaries: {},
        userId: w.drafter.id,
        ip: null,
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("exports one row per counted response to the drafters alone, formulas defused", async () => {
    // Published results change nothing: the export stays the drafters'.
    const w = await world({ resultsPublished: true });
    const params = (file: string) => ({ surveyId: w.surveyId, file });
    const csvPath = `/surveys/${w.surveyId}/results/export.csv`;
    const get = (path: string, cookie?: string) =>
      callRoute(
        exportRoute.loader,
        getRequest(path, cookie),
        ctx(),
        params(path.split("/").pop()!.split("?")[0]!),
      );

    const anonymous = await get(csvPath);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?next=/);
    expect((await get(csvPath, await signInCookie(ctx(), w.otherDrafter))).status).toBe(403);
    expect((await get(csvPath, await signInCookie(ctx(), w.citizen))).status).toBe(403);

    const drafterCookie = await signInCookie(ctx(), w.drafter);
    const csv = await get(csvPath, drafterCookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = csv.data as string;
    const lines = text
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines).toHaveLength(7); // the header and six counted responses
    expect(lines[0]).toContain("1. 您是否赞成修订动物防疫法？");
    expect(lines[0]).toContain("这一条的规定是否合理？（第1条）");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(text).not.toContain(HIDDEN);
    // The paper responses' provenance, and the coordinator by name, never by e-mail address.
    expect(text).toContain("2026年3月社区座谈会");
    expect(text).toContain("2026-03-12");
    expect(text).toContain("联络员丙");
    expect(text).toContain("成本太高；难以执行");
    expect(text).not.toContain(w.coordinator.email);
    expect(text).not.toContain("@");

    const paperOnly = await get(`${csvPath}?channel=paper`, drafterCookie);
    expect((paperOnly.data as string).split("\r\n").filter(Boolean)).toHaveLength(4);

    const xlsxPath = `/surveys/${w.surveyId}/results/export.xlsx`;
    const answer = await exportRoute.loader({
      request: getRequest(xlsxPath, drafterCookie),
      context: ctx(),
      params: params("export.xlsx"),
    } as never);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (answer as Response).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(7);
    const cells = sheet.getColumn(14).values.filter((v): v is string => typeof v === "string");
    expect(cells).toContain(`'${FORMULA}`);

    expect((await get(`/surveys/${w.surveyId}/results/export.pdf`, drafterCookie)).status).toBe(
      404,
    );
  });
});
