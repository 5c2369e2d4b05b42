import { describe, expect, it } from "vitest";
import * as statsApi from "../../app/routes/api.stats.ts";
import { consultationStats, uncountedOpinions } from "../../services/consultation-stats.ts";
import { useTestDatabase } from "../support/database.ts";
import { reportFixture } from "../support/report-fixture.ts";
import { callRoute, getRequest, makeContext } from "../support/routes.ts";

describe("a consultation's figures (统计)", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  it("counts published opinions at once, and a contact point's only once its report is submitted", async () => {
    const db = t.handle.db;
    const f = await reportFixture(db);
    const [a1, a2, a3] = f.pids;
    // Online: two published, one waiting for moderation, one hidden.
    await f.addOpinion({
      pid: a1,
      region: "崇川区",
      disposition: { code: "adopted", reason: "已采纳" },
      createdAt: new Date("2026-03-01T17:30:00Z"), // 3月2日 in Asia/Shanghai
    });
    await f.addOpinion({
      pid: a2,
      region: "通州区",
      respondentType: "enterprise",
      createdAt: new Date("2026-03-03T02:00:00Z"),
    });
    await f.addOpinion({ pid: a1, status: "pending" });
    await f.addOpinion({ pid: a2, status: "hidden" });
    // A letter recorded by the drafters, on the whole draft, received on a given day.
    await f.addOpinion({
      pid: null,
      channel: "letter",
      respondentType: "department",
      receivedOn: "2026-03-02",
      disposition: { code: "not_adopted" },
    });
    // Contact point A: a symposium opinion of 15 people, its report still a draft.
    const draftA = await f.submission(f.pointA, "draft");
    const symposium = await f.addOpinion({
      pid: a2,
      channel: "symposium",
      contactPointId: f.pointA,
      submissionId: draftA,
      headcount: 15,
      createdAt: new Date("2026-03-02T03:00:00Z"),
    });
    // Contact point B: an opinion not yet in any report.
    await f.addOpinion({ pid: a3, channel: "visit", contactPointId: f.pointB, headcount: 4 });

    const before = await consultationStats(db, f.consultationId, "Asia/Shanghai");
    expect(before.total).toBe(3);
    expect(before.byChannel).toMatchObject({ online: 2, letter: 1, symposium: 0, visit: 0 });
    expect(before.byContactPoint).toEqual([]);
    expect(await uncountedOpinions(db, f.consultationId)).toEqual({
      pending: 1,
      hidden: 1,
      unsubmitted: 2,
    });

    // Point A submits its report: its opinion (and its 15 people) now count.
    await db
      .updateTable("submissions")
      .set({ status: "submitted", submitted_at: new Date() })
      .where("id", "=", draftA)
      .execute();
    const after = await consultationStats(db, f.consultationId, "Asia/Shanghai");
    expect(after.total).toBe(4);
    expect(after.headcount).toBe(1 + 1 + 1 + 15);
    expect(after.byChannel).toMatchObject({ online: 2, letter: 1, symposium: 1, visit: 0 });
    expect(after.byContactPoint).toEqual([
      { id: f.pointA, name: "崇川区和平桥联系点", opinions: 1, headcount: 15 },
    ]);
    expect(after.byProvision.map((p) => [p.number, p.count])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(after.wholeDraft).toBe(1);
    expect(after.articles.map((a) => a.count)).toEqual([1, 2, 0]);
    expect(after.byRespondentType).toMatchObject({ individual: 2, enterprise: 1, department: 1 });
    expect(after.byDisposition).toMatchObject({ adopted: 1, not_adopted: 1, partly_adopted: 0 });
    expect(after.handled).toBe(2);
    expect(after.adopted).toBe(1);
    // The symposium opinion's region is its contact point's district.
    expect(after.byRegion).toEqual(
      expect.arrayContaining([
        { region: "崇川区", count: 2 },
        { region: "通州区", count: 1 },
        { region: null, count: 1 },
      ]),
    );
    // Days in Asia/Shanghai; an offline opinion on the day it was received; gaps filled.
    expect(after.perDay).toEqual([
      { date: "2026-03-02", count: 3 },
      { date: "2026-03-03", count: 1 },
    ]);
    expect(symposium).toBeTruthy();

    // A correction replaces the submitted report: the replaced report's opinion no longer counts.
    const correction = await f.submission(f.pointA, "submitted");
    await db
      .updateTable("submissions")
      .set({ replaces_id: draftA })
      .where("id", "=", correction)
      .execute();
    await f.addOpinion({
      pid: a2,
      channel: "symposium",
      contactPointId: f.pointA,
      submissionId: correction,
      headcount: 12,
    });
    const corrected = await consultationStats(db, f.consultationId, "Asia/Shanghai");
    expect(corrected.total).toBe(4);
    expect(corrected.byContactPoint).toEqual([
      { id: f.pointA, name: "崇川区和平桥联系点", opinions: 1, headcount: 12 },
    ]);
  });

  it("answers GET /api/v1/consultations/:id/stats exactly as CONTRACTS.md, and 404 for an unknown id", async () => {
    const db = t.handle.db;
    const f = await reportFixture(db);
    await f.addOpinion({ pid: f.pids[1], disposition: { code: "partly_adopted" } });
    const received = await f.submission(f.pointB, "received");
    await f.addOpinion({
      pid: f.pids[1],
      channel: "questionnaire",
      contactPointId: f.pointB,
      submissionId: received,
      headcount: 30,
      respondentType: "enterprise",
    });
    const answer = await callRoute(
      statsApi.loader,
      getRequest(`/api/v1/consultations/${f.consultationId}/stats`),
      ctx(),
      { id: f.consultationId },
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.data).sort()).toEqual(
      [
        "byChannel",
        "byContactPoint",
        "byDisposition",
        "byProvision",
        "byRespondentType",
        "total",
      ].sort(),
    );
    expect(answer.data).toEqual({
      total: 2,
      byChannel: {
        online: 1,
        symposium: 0,
        visit: 0,
        questionnaire: 1,
        letter: 0,
        hearing: 0,
        expert_meeting: 0,
        department: 0,
        other: 0,
      },
      byProvision: [{ pid: f.pids[1], number: 2, count: 2 }],
      byContactPoint: [{ id: f.pointB, name: "海门区联系点", opinions: 1, headcount: 30 }],
      byRespondentType: {
        individual: 1,
        enterprise: 1,
        organization: 0,
        deputy: 0,
        cppcc_member: 0,
        expert: 0,
        department: 0,
        other: 0,
      },
      byDisposition: {
        adopted: 0,
        partly_adopted: 1,
        not_adopted: 0,
        already_covered: 0,
        out_of_scope: 0,
        for_reference: 0,
      },
    });

    for (const id of ["00000000-0000-0000-0000-000000000000", "not-an-id"]) {
      const missing = await callRoute(
        statsApi.loader,
        getRequest(`/api/v1/consultations/${id}/stats`, undefined, { "Accept-Language": "en" }),
        ctx(),
        { id },
      );
      expect(missing.status).toBe(404);
      expect(missing.data.error.code).toBe("not_found");
      expect(missing.data.error.message).toMatch(/[A-Za-z]/);
    }
  });
});
