// 调研 and 评估 questionnaires (issue 17 item 2): who may build, answer and enter what; answers
// that are idempotent by key and once per person where configured (also when two arrive at
// once); required and conditional questions checked on the server; paper entries by a contact
// point's coordinator; the public list, the API and the timeline shapes.
import { describe, expect, it } from "vitest";
import * as apiOpenapi from "../../app/routes/api.openapi.ts";
import * as apiSurveys from "../../app/routes/api.surveys.ts";
import * as paperPage from "../../app/routes/coordinator.survey-paper.tsx";
import * as surveyPage from "../../app/routes/survey.tsx";
import * as surveysPage from "../../app/routes/surveys.tsx";
import * as builder from "../../app/routes/workspace-survey.tsx";
import * as newSurvey from "../../app/routes/workspace-survey-new.tsx";
import {
  makeBillWithVersion,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import {
  listOpenSurveyCalls,
  listSurveyQuestions,
  listSurveyTimelineEntries,
} from "../../db/queries/surveys.ts";
import {
  addQuestion,
  createSurvey,
  deleteQuestion,
  moveQuestion,
  publishSurvey,
  updateQuestion,
  type DrafterActor,
} from "../../services/surveys.ts";
import { useTestDatabase } from "../support/database.ts";
import { checkSchema } from "../support/openapi.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
  TEST_CSRF,
} from "../support/routes.ts";

const DAY = 86_400_000;
const ARTICLE =
  "饲养犬只应当按照规定定期免疫接种狂犬病疫苗，凭动物诊疗机构出具的免疫证明向所在地养犬登记机关申请登记。";

describe("surveys", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /**
   * A legislature with a bill, a published survey on its first reading (an article question, a
   * conditional required one, a scale, free text), its drafter, a drafter elsewhere, a citizen
   * and a coordinator.
   */
  async function world(
    options: { audience?: "anyone" | "signed_in"; onePerPerson?: boolean } = {},
  ) {
    const db = t.handle.db;
    const organizationId = await makeOrganization(db);
    const otherOrg = await makeOrganization(db);
    const pointId = await makeContactPoint(db, {
      organizationId,
      name: `和平桥联系点${Math.random()}`,
    });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId }] });
    const otherDrafter = await makeUser(db, {
      roles: [{ role: "drafter", organizationId: otherOrg }],
    });
    const citizen = await makeUser(db, { displayName: "市民甲" });
    const coordinator = await makeUser(db, {
      roles: [{ role: "coordinator", organizationId, contactPointId: pointId }],
    });
    const text = sampleText([ARTICLE, "本条例自公布之日起施行。"], "动物防疫条例");
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId,
      document: text.document,
      provisions: text.provisions,
    });
    const actor: DrafterActor = { userId: drafter.id, organizationIds: [organizationId], ip: null };
    const surveyId = await createSurvey(
      db,
      {
        billId,
        title: "动物防疫条例草案调研",
        purpose: "reading",
        versionId,
        opensAt: new Date(Date.now() - DAY),
        closesAt: new Date(Date.now() + 30 * DAY),
        audience: options.audience ?? "anyone",
        onePerPerson: options.onePerPerson ?? false,
      },
      actor,
    );
    const dog = await addQuestion(
      db,
      {
        surveyId,
        question: {
          kind: "single",
          prompt: "您家是否养犬？",
          required: true,
          options: [{ label: "是" }, { label: "否" }],
        },
      },
      actor,
    );
    const [yes, no] = (await listSurveyQuestions(db, surveyId))[0]!.options.map((o) => o.id);
    const article = await addQuestion(
      db,
      {
        surveyId,
        question: {
          kind: "single",
          prompt: "您是否赞成本条关于免疫登记的规定？",
          required: true,
          provisionPid: text.provisions[0]!.pid,
          options: [{ label: "赞成" }, { label: "不赞成" }, { label: "说不清" }],
          showIf: { questionId: dog, optionIds: [yes!] },
        },
      },
      actor,
    );
    const agree = (await listSurveyQuestions(db, surveyId))[1]!.options[0]!.id;
    const scale = await addQuestion(
      db,
      {
        surveyId,
        question: { kind: "scale", prompt: "您对城区养犬管理的满意程度", scaleMin: 1, scaleMax: 5 },
      },
      actor,
    );
    const free = await addQuestion(
      db,
      { surveyId, question: { kind: "text", prompt: "其他意见和建议" } },
      actor,
    );
    await publishSurvey(db, { surveyId }, actor);
    return {
      organizationId,
      pointId,
      drafter,
      otherDrafter,
      citizen,
      coordinator,
      billId,
      versionId,
      pid: text.provisions[0]!.pid,
      actor,
      surveyId,
      q: { dog, article, scale, free },
      o: { yes: yes!, no: no!, agree },
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  /** Answers through the form, as a browser without JavaScript would (names may repeat). */
  function answer(
    w: World,
    fields: [string, string][],
    options: { cookie?: string; key?: string; surveyId?: string } = {},
  ) {
    const surveyId = options.surveyId ?? w.surveyId;
    const body = new URLSearchParams([
      ["_csrf", TEST_CSRF],
      ["idempotencyKey", options.key ?? crypto.randomUUID()],
      ...fields,
    ]);
    const request = new Request(`http://localhost/surveys/${surveyId}`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(options.cookie ? { Cookie: options.cookie } : {}),
      },
    });
    return callRoute(surveyPage.action, request, ctx(), { surveyId });
  }

  const responses = (surveyId: string) =>
    t.handle.db
      .selectFrom("survey_responses")
      .selectAll()
      .where("survey_id", "=", surveyId)
      .orderBy("created_at")
      .execute();

  const answersOf = (responseId: string) =>
    t.handle.db
      .selectFrom("survey_answers")
      .selectAll()
      .where("response_id", "=", responseId)
      .execute();

  it("shows a published survey with the provision text beside its article question, and hides a draft", async () => {
    const w = await world();
    const page = await callRoute(surveyPage.loader, getRequest(`/surveys/${w.surveyId}`), ctx(), {
      surveyId: w.surveyId,
    });
    expect(page.status).toBe(200);
    const article = page.data.questions.find((q: { id: string }) => q.id === w.q.article);
    expect(article.provision.text).toBe(ARTICLE);
    expect(article.provision.label).toBe("第1条");
    const draft = await createSurvey(
      t.handle.db,
      {
        billId: w.billId,
        title: "未发布的问卷",
        purpose: "pre_legislative",
        opensAt: new Date(Date.now() - DAY),
        closesAt: new Date(Date.now() + DAY),
      },
      w.actor,
    );
    const hidden = await callRoute(surveyPage.loader, getRequest(`/surveys/${draft}`), ctx(), {
      surveyId: draft,
    });
    expect(hidden.status).toBe(404);
    const post = await answer(w, [[`q-${w.q.free}`, "建议"]], { surveyId: draft });
    expect(post.status).toBe(404);
    const list = await callRoute(surveysPage.loader, getRequest("/surveys"), ctx());
    const ids = list.data.current.map((s: { id: string }) => s.id);
    expect(ids).toContain(w.surveyId);
    expect(ids).not.toContain(draft);
  });

  it("takes an anonymous answer once per key: the same key again gets the same receipt, other answers under it are refused", async () => {
    const w = await world();
    const key = crypto.randomUUID();
    const fields: [string, string][] = [
      [`q-${w.q.dog}`, w.o.yes],
      [`q-${w.q.article}`, w.o.agree],
      [`q-${w.q.scale}`, "4"],
      [`q-${w.q.free}`, "建议加强流浪犬收容。"],
    ];
    const first = await answer(w, fields, { key });
    expect(first.status).toBe(201);
    expect(first.data.receipt).toMatch(/^DY\d{8}[A-Z0-9]{6}$/);
    const again = await answer(w, fields, { key });
    expect(again.status).toBe(200);
    expect(again.data.receipt).toBe(first.data.receipt);
    const rows = await responses(w.surveyId);
    expect(rows).toHaveLength(1);
    expect(await answersOf(rows[0]!.id)).toHaveLength(4);
    const other = await answer(w, [[`q-${w.q.dog}`, w.o.no]], { key });
    expect(other.status).toBe(422);
    expect(await responses(w.surveyId)).toHaveLength(1);
    // A double press: the same answers under one key at once make one response and one receipt.
    const twice = crypto.randomUUID();
    const pair = await Promise.all([
      answer(w, fields, { key: twice }),
      answer(w, fields, { key: twice }),
    ]);
    expect(pair.map((p) => p.status).sort()).toEqual([200, 201]);
    expect(pair[0]!.data.receipt).toBe(pair[1]!.data.receipt);
    expect(await responses(w.surveyId)).toHaveLength(2);
  });

  it("checks required and conditional questions on the server: a hidden question's answer is dropped, and it is required only when shown", async () => {
    const w = await world();
    // The first question is required.
    const missing = await answer(w, [[`q-${w.q.free}`, "无"]]);
    expect(missing.status).toBe(400);
    expect(missing.data.fields[`q-${w.q.dog}`]).toBe("surveys.error.required");
    // "是" shows the article question, which is required then.
    const shown = await answer(w, [[`q-${w.q.dog}`, w.o.yes]]);
    expect(shown.status).toBe(400);
    expect(shown.data.fields[`q-${w.q.article}`]).toBe("surveys.error.required");
    expect(shown.data.values[w.q.dog]).toEqual([w.o.yes]);
    // "否" hides it: not required, and an answer sent anyway (no JavaScript) is dropped.
    const hidden = await answer(w, [
      [`q-${w.q.dog}`, w.o.no],
      [`q-${w.q.article}`, w.o.agree],
    ]);
    expect(hidden.status).toBe(201);
    const [row] = await responses(w.surveyId);
    const stored = await answersOf(row!.id);
    expect(stored.map((a) => a.question_id)).toEqual([w.q.dog]);
    // Out of range on the scale, an option that is not there, two choices on a single choice.
    const bad = await answer(w, [
      [`q-${w.q.dog}`, w.o.yes],
      [`q-${w.q.dog}`, w.o.no],
      [`q-${w.q.article}`, "zzz"],
      [`q-${w.q.scale}`, "9"],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.data.fields[`q-${w.q.dog}`]).toBe("surveys.error.option");
    expect(bad.data.fields[`q-${w.q.scale}`]).toBe("surveys.error.scaleRange");
    expect(await responses(w.surveyId)).toHaveLength(1);
  });

  it("takes one response per person where configured, also when two arrive at once", async () => {
    const w = await world({ audience: "signed_in", onePerPerson: true });
    const anonymous = await answer(w, [[`q-${w.q.dog}`, w.o.no]]);
    expect(anonymous.status).toBe(403);
    const cookie = await signInCookie(ctx(), w.citizen);
    const first = await answer(w, [[`q-${w.q.dog}`, w.o.no]], { cookie });
    expect(first.status).toBe(201);
    const second = await answer(
      w,
      [
        [`q-${w.q.dog}`, w.o.yes],
        [`q-${w.q.article}`, w.o.agree],
      ],
      {
        cookie,
      },
    );
    expect(second.status).toBe(409);
    expect(second.data.message).toBe("surveys.error.alreadyAnswered");
    // The page now shows the receipt instead of the form.
    const page = await callRoute(
      surveyPage.loader,
      getRequest(`/surveys/${w.surveyId}`, cookie),
      ctx(),
      { surveyId: w.surveyId },
    );
    expect(page.data.answered.receipt).toBe(first.data.receipt);

    // Another person in two tabs at once, with different keys: one lands, the other is refused.
    const other = await makeUser(t.handle.db, { displayName: "市民乙" });
    const otherCookie = await signInCookie(ctx(), other);
    const both = await Promise.all([
      answer(w, [[`q-${w.q.dog}`, w.o.no]], { cookie: otherCookie }),
      answer(
        w,
        [
          [`q-${w.q.dog}`, w.o.no],
          [`q-${w.q.free}`, "另一个标签页"],
        ],
        {
          cookie: otherCookie,
        },
      ),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([201, 409]);
    const rows = await responses(w.surveyId);
    expect(rows.filter((r) => r.user_id === other.id)).toHaveLength(1);
  });

  it("lets only the survey's legislature build it: a drafter elsewhere is refused", async () => {
    const w = await world();
    const mine = await signInCookie(ctx(), w.drafter);
    const theirs = await signInCookie(ctx(), w.otherDrafter);
    const fields = {
      target: `bill:${w.billId}`,
      title: "立法前评估问卷",
      purpose: "pre_legislative",
      versionId: "",
      opensAt: "2030-01-01T09:00",
      closesAt: "2030-02-01T18:00",
      audience: "anyone",
    };
    const refused = await callRoute(
      newSurvey.action,
      formRequest("/workspace/surveys/new", fields, { cookie: theirs }),
      ctx(),
    );
    expect(refused.status).toBe(403);
    const made = await callRoute(
      newSurvey.action,
      formRequest("/workspace/surveys/new", fields, { cookie: mine }),
      ctx(),
    );
    expect(made.status).toBe(302);
    const surveyId = made.headers.get("Location")!.split("/").pop()!;
    const view = await callRoute(
      builder.loader,
      getRequest(`/workspace/surveys/${surveyId}`, theirs),
      ctx(),
      { surveyId },
    );
    expect(view.status).toBe(403);
    const add = (cookie: string, extra: Record<string, string> = {}) =>
      callRoute(
        builder.action,
        formRequest(
          `/workspace/surveys/${surveyId}`,
          {
            intent: "add",
            kind: "single",
            prompt: "您认为有必要制定本条例吗？",
            newOptions: "有必要\n没有必要",
            required: "yes",
            ...extra,
          },
          { cookie },
        ),
        ctx(),
        { surveyId },
      );
    expect((await add(theirs)).status).toBe(403);
    expect((await add(mine)).data).toMatchObject({ ok: true });
    const [question] = await listSurveyQuestions(t.handle.db, surveyId);
    expect(question!.options.map((o) => o.label)).toEqual(["有必要", "没有必要"]);
    // Publishing freezes the questions.
    const publish = await callRoute(
      builder.action,
      formRequest(`/workspace/surveys/${surveyId}`, { intent: "publish" }, { cookie: mine }),
      ctx(),
      { surveyId },
    );
    expect(publish.data).toMatchObject({ ok: true });
    const late = await add(mine);
    expect(late.status).toBe(409);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", surveyId)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "survey.create",
      "survey.publish",
      "survey.question_add",
    ]);
  });

  it("keeps conditions sound while the questions are edited, moved and deleted", async () => {
    const w = await world();
    const db = t.handle.db;
    const surveyId = await createSurvey(
      db,
      {
        billId: w.billId,
        title: "条件题",
        purpose: "reading",
        versionId: w.versionId,
        opensAt: new Date(Date.now() - DAY),
        closesAt: new Date(Date.now() + DAY),
      },
      w.actor,
    );
    const a = await addQuestion(
      db,
      {
        surveyId,
        question: { kind: "multiple", prompt: "甲", options: [{ label: "一" }, { label: "二" }] },
      },
      w.actor,
    );
    const [one, two] = (await listSurveyQuestions(db, surveyId))[0]!.options;
    const b = await addQuestion(
      db,
      {
        surveyId,
        question: {
          kind: "text",
          prompt: "乙",
          showIf: { questionId: a, optionIds: [one!.id, two!.id] },
        },
      },
      w.actor,
    );
    // A condition must name an earlier choice question, and an article a provision of the text.
    await expect(
      addQuestion(
        db,
        {
          surveyId,
          question: { kind: "text", prompt: "丙", showIf: { questionId: b, optionIds: ["x"] } },
        },
        w.actor,
      ),
    ).rejects.toMatchObject({ code: "invalid", messageKey: "surveys.error.condition" });
    await expect(
      addQuestion(
        db,
        { surveyId, question: { kind: "text", prompt: "丙", provisionPid: "nope" } },
        w.actor,
      ),
    ).rejects.toMatchObject({ messageKey: "surveys.error.provision" });
    // The dependent cannot move above its source.
    await expect(
      moveQuestion(db, { surveyId, questionId: b, direction: "up" }, w.actor),
    ).rejects.toMatchObject({ code: "conflict" });
    // Dropping an option drops it from the condition; deleting the source drops the condition.
    await updateQuestion(
      db,
      {
        surveyId,
        questionId: a,
        question: { kind: "multiple", prompt: "甲", options: [one!, { label: "三" }] },
      },
      w.actor,
    );
    expect((await listSurveyQuestions(db, surveyId))[1]!.showIf).toEqual({
      questionId: a,
      optionIds: [one!.id],
    });
    await deleteQuestion(db, { surveyId, questionId: a }, w.actor);
    const left = await listSurveyQuestions(db, surveyId);
    expect(left.map((q) => [q.id, q.showIf])).toEqual([[b, null]]);
  });

  it("lets a coordinator enter paper responses for their own point, idempotently, with provenance", async () => {
    const w = await world();
    const cookie = await signInCookie(ctx(), w.coordinator);
    const today = new Date().toISOString().slice(0, 10);
    const enter = (who: string | undefined, key: string, extra: Record<string, string> = {}) =>
      callRoute(
        paperPage.action,
        formRequest(
          `/coordinator/surveys/${w.surveyId}/paper`,
          {
            idempotencyKey: key,
            provenance: "3月12日社区座谈会",
            receivedOn: today,
            respondentType: "deputy",
            // A required question left blank on paper is what the respondent answered.
            [`q-${w.q.scale}`]: "2",
            ...extra,
          },
          who ? { cookie: who } : {},
        ),
        ctx(),
        { surveyId: w.surveyId },
      );
    const key = crypto.randomUUID();
    const first = await enter(cookie, key);
    expect(first.status).toBe(201);
    const again = await enter(cookie, key);
    expect(again.data.receipt).toBe(first.data.receipt);
    const rows = await responses(w.surveyId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: "paper",
      contact_point_id: w.pointId,
      provenance: "3月12日社区座谈会",
      received_on: today,
      respondent_type: "deputy",
    });
    expect((await enter(cookie, crypto.randomUUID(), { provenance: "" })).status).toBe(400);
    // Nobody else enters paper responses: not a citizen, not a drafter, not signed out.
    for (const user of [w.citizen, w.drafter]) {
      const other = await signInCookie(ctx(), user);
      expect((await enter(other, crypto.randomUUID())).status).toBe(403);
      const page = await callRoute(
        paperPage.loader,
        getRequest(`/coordinator/surveys/${w.surveyId}/paper`, other),
        ctx(),
        { surveyId: w.surveyId },
      );
      expect(page.status).toBe(403);
    }
    expect((await enter(undefined, crypto.randomUUID())).status).toBe(302);
    // The page lists the point's own entries.
    const page = await callRoute(
      paperPage.loader,
      getRequest(`/coordinator/surveys/${w.surveyId}/paper`, cookie),
      ctx(),
      { surveyId: w.surveyId },
    );
    expect(page.data.entered.total).toBe(1);
  });

  it("answers GET /api/v1/surveys in its OpenAPI shape with paging, and gives the timeline its entries", async () => {
    const w = await world();
    const w2 = await world();
    const doc = JSON.parse(await apiOpenapi.loader().text());
    const schema = doc.paths["/surveys"].get.responses["200"].content["application/json"].schema;
    const seen: string[] = [];
    let next: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await callRoute(
        apiSurveys.loader,
        getRequest(`/api/v1/surveys?limit=1${next ? `&next=${next}` : ""}`),
        ctx(),
      );
      expect(res.status).toBe(200);
      expect(checkSchema(doc, schema, res.data, "GET /surveys")).toEqual([]);
      seen.push(...res.data.items.map((i: { id: string }) => i.id));
      next = res.data.next;
      if (!next) break;
    }
    expect(seen).toEqual(expect.arrayContaining([w.surveyId, w2.surveyId]));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await callRoute(apiSurveys.loader, getRequest("/api/v1/surveys?next=xyz"), ctx());
    expect(bad.status).toBe(400);

    const entries = await listSurveyTimelineEntries(t.handle.db, w.billId);
    expect(entries).toEqual([
      expect.objectContaining({
        stage: "survey",
        status: "open",
        title: "动物防疫条例草案调研",
        href: `/surveys/${w.surveyId}`,
        outcome: null,
      }),
    ]);
    const calls = await listOpenSurveyCalls(t.handle.db, new Date());
    expect(calls.find((c) => c.href === `/surveys/${w.surveyId}`)).toMatchObject({
      stage: "survey",
      subject: expect.any(String),
    });
  });
});
