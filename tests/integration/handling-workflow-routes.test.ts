import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import * as handling from "../../app/routes/handling.tsx";
import * as templates from "../../app/routes/reason-templates.tsx";
import * as queue from "../../app/routes/workspace-queue.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import type { Database } from "../../db/schema.ts";
import { assignWork } from "../../services/assignments.ts";
import { grantBillRole } from "../../services/bill-team.ts";
import { reviewDispositions } from "../../services/disposition-workflow.ts";
import { saveReasonTemplate } from "../../services/reason-templates.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
  TEST_CSRF,
} from "../support/routes.ts";

// The handlers' pages of the disposition workflow (issue 15), called as the browser would: the
// handling view's drafts, submissions, bulk preview and templates; the queue 待我处理; the
// reason templates page; and who is refused each of them.

const DAY = 86_400_000;
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("the handlers' pages of the disposition workflow", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /** A bill of three articles with its team, an open consultation and opinions on each article. */
  async function world() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const text = sampleText(["第一条的内容。", "第二条的内容。", "第三条的内容。"]);
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      document: text.document,
      provisions: text.provisions,
    });
    const [a1, a2, a3] = text.provisions.map((p) => p.pid) as [string, string, string];
    const consultationId = await makeConsultation(db, { versionId, title: "测试条例征求意见" });
    const admin = await makeUser(db, { roles: [{ role: "admin", organizationId: org }] });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const handler = await makeUser(db, {
      displayName: "李承办",
      roles: [{ role: "citizen", organizationId: org }],
    });
    const reviewer = await makeUser(db, {
      displayName: "王审核",
      roles: [{ role: "citizen", organizationId: org }],
    });
    const citizen = await makeUser(db);
    for (const [user, role] of [
      [handler, "handler"],
      [reviewer, "reviewer"],
    ] as const)
      await grantBillRole(db, { billId, userId: user.id, role, actorId: admin.id, ip: null });
    const opinion = (pid: string, body: string) =>
      db
        .insertInto("opinions")
        .values({
          consultation_id: consultationId,
          version_id: versionId,
          provision_pid: pid,
          scope: "article",
          body,
          channel: "online",
          status: "published",
          receipt: `KMW${randomUUID().slice(0, 10)}`,
          lookup_code_hash: "x",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const o1 = await opinion(a1, "建议第一条增加立法目的。");
    const o2 = await opinion(a2, "建议第二条明确适用范围。");
    const o3 = await opinion(a2, "第二条应当写明不适用的情形。");
    const o4 = await opinion(a3, "第三条的时限太短。");
    // The handler has the first two articles, due yesterday; the third is nobody's.
    await assignWork(db, {
      consultationId,
      handlerId: handler.id,
      provisionPids: [a1, a2],
      dueOn: dateOnly(Date.now() - DAY),
      actorId: reviewer.id,
      ip: null,
    });
    const cookies = {
      admin: await signInCookie(ctx(), admin),
      drafter: await signInCookie(ctx(), drafter),
      handler: await signInCookie(ctx(), handler),
      reviewer: await signInCookie(ctx(), reviewer),
      citizen: await signInCookie(ctx(), citizen),
    };
    return {
      db,
      org,
      billId,
      versionId,
      consultationId,
      pids: { a1, a2, a3 },
      opinions: { o1, o2, o3, o4 },
      users: { admin, drafter, handler, reviewer, citizen },
      cookies,
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const view = (w: World, cookie: string, query = "") =>
    callRoute(
      handling.loader,
      getRequest(`/consultations/${w.consultationId}/handling${query}`, cookie),
      ctx(),
      { id: w.consultationId },
    );
  /** A form POST to the handling view, repeated fields (opinionId, selected) as browsers send them. */
  const post = (w: World, cookie: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: TEST_CSRF });
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const request = new Request(`http://localhost/consultations/${w.consultationId}/handling`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    });
    return callRoute(handling.action, request, ctx(), { id: w.consultationId });
  };
  const work = (w: World, opinionId: string) =>
    w.db
      .selectFrom("disposition_work")
      .selectAll()
      .where("opinion_id", "=", opinionId)
      .executeTakeFirst();
  const publicRecord = (db: Kysely<Database>, opinionId: string) =>
    db
      .selectFrom("dispositions")
      .selectAll()
      .where("opinion_id", "=", opinionId)
      .executeTakeFirst();
  const memberWork = (data: any, opinionId: string) => {
    for (const links of Object.values(data.rows) as any[])
      if (links.work[opinionId]) return links.work[opinionId];
    return undefined;
  };

  it("shows a handler the opinions assigned to him, with their state, handler and overdue deadline", async () => {
    const w = await world();
    const page = await view(w, w.cookies.handler, "?mine=1");
    expect(page.status).toBe(200);
    expect(page.data.total).toBe(3);
    const o2 = memberWork(page.data, w.opinions.o2);
    expect(o2).toMatchObject({ state: "none", assignee: "李承办", mine: true, overdue: true });
    expect(memberWork(page.data, w.opinions.o4)).toBeUndefined();
    // A handler may dispose, not publish the report or keep templates.
    expect(page.data.can).toEqual({ dispose: true, review: false, templates: false });
    expect(page.data.templatesHref).toBeNull();
    // The nobody's opinion is in the full list, unassigned.
    const all = await view(w, w.cookies.handler);
    expect(all.data.total).toBe(4);
    expect(memberWork(all.data, w.opinions.o4)).toMatchObject({ assignee: null, mine: false });
  });

  it("saves a draft, then saves and submits; nothing reaches the public record", async () => {
    const w = await world();
    const saved = await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "adopted",
      reason: "已在第一条增加立法目的。",
      changed: "",
    });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ ok: true, count: 1, message: "work.saved" });
    expect(await work(w, w.opinions.o1)).toMatchObject({ state: "draft", code: "adopted" });
    const submitted = await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "adopted",
      reason: "已在第一条增加立法目的。",
      changed: "",
      submit: "1",
    });
    expect(submitted.data).toMatchObject({ ok: true, message: "work.savedSubmitted" });
    expect((await work(w, w.opinions.o1))?.state).toBe("submitted");
    expect(await publicRecord(w.db, w.opinions.o1)).toBeUndefined();
    // Under review it cannot be changed.
    const again = await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "not_adopted",
      reason: "",
      changed: "",
    });
    expect(again.status).toBe(409);
    expect(again.data.ok).toBe(false);
    expect((await work(w, w.opinions.o1))?.code).toBe("adopted");
  });

  it("previews a bulk decision without writing, then saves exactly what was previewed", async () => {
    const w = await world();
    await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o2,
      opinionId: w.opinions.o2,
      code: "not_adopted",
      reason: "第二条已有规定。",
      changed: "",
    });
    const preview = await post(w, w.cookies.handler, {
      intent: "preview",
      // One row's checkbox, and a cluster's (two opinions joined).
      selected: [w.opinions.o1, `${w.opinions.o2},${w.opinions.o3}`],
      code: "not_adopted",
      reason: "第二条已有规定。",
    });
    expect(preview.status).toBe(200);
    expect(preview.data.intent).toBe("preview");
    expect(preview.data.preview.changing).toBe(2);
    expect(preview.data.preview.unchanged).toBe(1);
    expect(preview.data.preview.values.opinionIds).toEqual([
      w.opinions.o1,
      w.opinions.o2,
      w.opinions.o3,
    ]);
    expect(await work(w, w.opinions.o1)).toBeUndefined();
    const confirmed = await post(w, w.cookies.handler, {
      intent: "bulk-save",
      opinionId: preview.data.preview.values.opinionIds,
      code: "not_adopted",
      reason: "第二条已有规定。",
      submit: "1",
    });
    expect(confirmed.data).toMatchObject({ intent: "bulk", ok: true, count: 3 });
    for (const id of [w.opinions.o1, w.opinions.o2, w.opinions.o3])
      expect(await work(w, id)).toMatchObject({ state: "submitted", code: "not_adopted" });
  });

  it("submits the ticked drafts, and refuses an empty selection", async () => {
    const w = await world();
    for (const id of [w.opinions.o1, w.opinions.o2])
      await post(w, w.cookies.handler, {
        intent: "dispose",
        row: id,
        opinionId: id,
        code: "for_reference",
        reason: "研究参考。",
        changed: "",
      });
    const none = await post(w, w.cookies.handler, { intent: "submit" });
    expect(none.status).toBe(400);
    expect(none.data.message).toBe("work.bulk.noneSelected");
    const done = await post(w, w.cookies.handler, {
      intent: "submit",
      selected: [w.opinions.o1, w.opinions.o2],
    });
    expect(done.data).toMatchObject({ ok: true, count: 2, message: "work.submitted" });
    expect((await work(w, w.opinions.o2))?.state).toBe("submitted");
  });

  it("fills a blank reason from the chosen template (常用答复)", async () => {
    const w = await world();
    const { id } = await saveReasonTemplate(w.db, {
      billId: w.billId,
      title: "已有规定",
      body: "该意见的内容在现行规定中已有体现。",
      code: "already_covered",
      actorId: w.users.reviewer.id,
    });
    const page = await view(w, w.cookies.handler);
    expect(page.data.templates).toEqual([
      {
        id,
        title: "已有规定",
        body: "该意见的内容在现行规定中已有体现。",
        code: "already_covered",
      },
    ]);
    await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "already_covered",
      reason: "",
      template: id,
      changed: "",
    });
    expect((await work(w, w.opinions.o1))?.reason).toBe("该意见的内容在现行规定中已有体现。");
  });

  it("shows the reviewer's comment on a returned disposition, filtered by state", async () => {
    const w = await world();
    await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "adopted",
      reason: "采纳。",
      changed: "",
      submit: "1",
    });
    await reviewDispositions(w.db, {
      consultationId: w.consultationId,
      opinionIds: [w.opinions.o1],
      decision: "return",
      comment: "请写明采纳后修改的条文。",
      actorId: w.users.reviewer.id,
      ip: null,
    });
    const page = await view(w, w.cookies.handler, "?mine=1&state=returned");
    expect(page.data.total).toBe(1);
    expect(memberWork(page.data, w.opinions.o1)).toMatchObject({
      state: "returned",
      reviewComment: "请写明采纳后修改的条文。",
    });
  });

  it("refuses: the report to a handler, dispositions to an admin, everything to another bill's team", async () => {
    const w = await world();
    const report = await post(w, w.cookies.handler, { intent: "publish", note: "" });
    expect(report.status).toBe(403);
    // An administrator sees the handling, but may not dispose without a team role.
    expect((await view(w, w.cookies.admin)).status).toBe(200);
    const byAdmin = await post(w, w.cookies.admin, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "adopted",
      reason: "",
      changed: "",
    });
    expect(byAdmin.status).toBe(403);
    expect(await work(w, w.opinions.o1)).toBeUndefined();
    expect((await view(w, w.cookies.citizen)).status).toBe(403);
    // A handler of this bill has nothing on another bill of the same legislature.
    const other = await makeBillWithVersion(w.db, { organizationId: w.org });
    const otherConsultation = await makeConsultation(w.db, { versionId: other.versionId });
    const elsewhere = await callRoute(
      handling.loader,
      getRequest(`/consultations/${otherConsultation}/handling`, w.cookies.handler),
      ctx(),
      { id: otherConsultation },
    );
    expect(elsewhere.status).toBe(403);
    const templatesElsewhere = await callRoute(
      templates.loader,
      getRequest(`/bills/${other.billId}/reason-templates`, w.cookies.reviewer),
      ctx(),
      { billId: other.billId },
    );
    expect(templatesElsewhere.status).toBe(403);
  });

  it("lists 待我处理 with counts, the nearest deadline and overdue; a reviewer's counts awaiting review", async () => {
    const w = await world();
    await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o1,
      opinionId: w.opinions.o1,
      code: "adopted",
      reason: "采纳。",
      changed: "",
      submit: "1",
    });
    await post(w, w.cookies.handler, {
      intent: "dispose",
      row: w.opinions.o2,
      opinionId: w.opinions.o2,
      code: "not_adopted",
      reason: "不采纳。",
      changed: "",
    });
    const mine = await callRoute(
      queue.loader,
      getRequest("/workspace/queue", w.cookies.handler),
      ctx(),
    );
    expect(mine.status).toBe(200);
    const entry = mine.data.mine.find((e: any) => e.consultationId === w.consultationId);
    expect(entry.counts).toMatchObject({ none: 1, draft: 1, submitted: 1 });
    expect(entry.nearestDue).toBe(dateOnly(Date.now() - DAY));
    expect(entry.overdue).toBe(true);
    expect(entry.handlingHref).toBe(`/consultations/${w.consultationId}/handling?mine=1`);
    expect(mine.data.reviewer).toBe(false);
    const review = await callRoute(
      queue.loader,
      getRequest("/workspace/queue", w.cookies.reviewer),
      ctx(),
    );
    const awaiting = review.data.review.find((e: any) => e.consultationId === w.consultationId);
    expect(awaiting.counts.submitted).toBe(1);
    expect(review.data.mine).toEqual([]);
    expect(
      (await callRoute(queue.loader, getRequest("/workspace/queue", w.cookies.citizen), ctx()))
        .status,
    ).toBe(403);
    expect((await callRoute(queue.loader, getRequest("/workspace/queue"), ctx())).status).toBe(302);
  });

  it("keeps a bill's reason templates: create, refuse a blank one, edit, delete; a handler may not", async () => {
    const w = await world();
    const path = `/bills/${w.billId}/reason-templates`;
    const send = (cookie: string, fields: Record<string, string>) =>
      callRoute(templates.action, formRequest(path, fields, { cookie }), ctx(), {
        billId: w.billId,
      });
    const created = await send(w.cookies.drafter, {
      intent: "save",
      title: "不属于调整范围",
      body: "该意见涉及的事项不属于本条例调整范围。",
      code: "out_of_scope",
    });
    expect(created.status).toBe(302);
    const list = await callRoute(templates.loader, getRequest(path, w.cookies.reviewer), ctx(), {
      billId: w.billId,
    });
    expect(list.data.templates).toHaveLength(1);
    const id = list.data.templates[0].id;
    const blank = await send(w.cookies.drafter, { intent: "save", title: "", body: "内容" });
    expect(blank.status).toBe(400);
    expect(blank.data.errors.title).toBe("work.templates.titleRequired");
    await send(w.cookies.reviewer, {
      intent: "save",
      id,
      title: "不属于调整范围",
      body: "该事项由其他法律法规调整。",
      code: "",
    });
    const edited = await callRoute(templates.loader, getRequest(path, w.cookies.drafter), ctx(), {
      billId: w.billId,
    });
    expect(edited.data.templates[0]).toMatchObject({
      body: "该事项由其他法律法规调整。",
      code: null,
    });
    expect(
      (await send(w.cookies.handler, { intent: "save", title: "甲", body: "乙" })).status,
    ).toBe(403);
    expect(
      (
        await callRoute(templates.loader, getRequest(path, w.cookies.handler), ctx(), {
          billId: w.billId,
        })
      ).status,
    ).toBe(403);
    expect((await send(w.cookies.drafter, { intent: "delete", id })).status).toBe(302);
    const after = await callRoute(templates.loader, getRequest(path, w.cookies.drafter), ctx(), {
      billId: w.billId,
    });
    expect(after.data.templates).toEqual([]);
    // Deleting it again: it is gone.
    expect((await send(w.cookies.drafter, { intent: "delete", id })).status).toBe(404);
  });
});
