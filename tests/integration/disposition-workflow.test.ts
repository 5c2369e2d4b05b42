import { randomUUID } from "node:crypto";
import type { Insertable, Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import * as handling from "../../app/routes/handling.tsx";
import * as login from "../../app/routes/login.tsx";
import * as me from "../../app/routes/me.tsx";
import { noticeText } from "../../app/lib/notice-text.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import {
  assigneesOf,
  billRolesOf,
  listApprovedByProvision,
  listAssignments,
  listBillTeam,
  listHandlerQueue,
  listReasonTemplates,
  listReviewQueue,
  listTeamCandidates,
} from "../../db/queries/disposition-work.ts";
import { countHandlingScope, listHandlingPage } from "../../db/queries/handling.ts";
import type { Database } from "../../db/schema.ts";
import { assignWork, unassignWork } from "../../services/assignments.ts";
import { grantBillRole, revokeBillRole } from "../../services/bill-team.ts";
import {
  previewDispositions,
  publishDispositions,
  reviewDispositions,
  saveDispositions,
  submitDispositions,
} from "../../services/disposition-workflow.ts";
import { publishHandling } from "../../services/handling.ts";
import { deleteReasonTemplate, saveReasonTemplate } from "../../services/reason-templates.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";
import { contactPointReports } from "../support/submissions.ts";

// The handling process of issue 15, against the services and the database: every transition of
// a disposition's working copy, every refusal (wrong state, wrong role, another bill's team), and
// that nothing of a disposition reaches the public record, the search outbox, notifications or
// the mail outbox before a reviewer publishes it.

const DAY = 86_400_000;

/** A bill with two chapters: 第一章 (第1条 with a paragraph, 第2条), 第二章 (第3条). */
async function makeChapteredBill(db: Kysely<Database>, organizationId: string) {
  const { document } = sampleText(["甲", "乙", "丙"]);
  const [ch1, a1, a1p, a2, ch2, a3] = Array.from({ length: 6 }, () => randomUUID());
  const row = (
    pid: string,
    kind: "chapter" | "article" | "paragraph",
    ordinal: number,
    number: number,
    label: string,
    text: string,
    parentPid: string | null,
  ) => ({ pid, kind, ordinal, number, label, headingPath: [], text, parentPid });
  const { billId, versionId } = await makeBillWithVersion(db, {
    organizationId,
    document,
    provisions: [
      row(ch1!, "chapter", 0, 1, "第一章", "总则", null),
      row(a1!, "article", 1, 1, "第一条", "为了预防动物疫病，制定本条例。", ch1!),
      row(a1p!, "paragraph", 2, 1, "第一条第一款", "为了预防动物疫病，制定本条例。", a1!),
      row(a2!, "article", 3, 2, "第二条", "本条例适用于本市行政区域。", ch1!),
      row(ch2!, "chapter", 4, 2, "第二章", "预防", null),
      row(a3!, "article", 5, 3, "第三条", "实行强制免疫。", ch2!),
    ],
  });
  return {
    billId,
    versionId,
    pids: { ch1: ch1!, a1: a1!, a1p: a1p!, a2: a2!, ch2: ch2!, a3: a3! },
  };
}

describe("the disposition workflow (草拟 → 提交审核 → 审核通过/退回 → 已公开)", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  async function world(options: { closed?: boolean } = {}) {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const bill = await makeChapteredBill(db, org);
    const consultationId = await makeConsultation(db, {
      versionId: bill.versionId,
      title: `养殖户意见征集 ${randomUUID().slice(0, 6)}`,
      ...(options.closed
        ? { opensAt: new Date(Date.now() - 40 * DAY), closesAt: new Date(Date.now() - DAY) }
        : {}),
    });
    const member = (role: "citizen" | "drafter" | "admin") => ({ role, organizationId: org });
    const drafter = await makeUser(db, { roles: [member("drafter")], displayName: "起草人" });
    const handler = await makeUser(db, { roles: [member("citizen")], displayName: "承办人甲" });
    const handler2 = await makeUser(db, { roles: [member("citizen")], displayName: "承办人乙" });
    const reviewer = await makeUser(db, { roles: [member("citizen")], displayName: "审核人" });
    const admin = await makeUser(db, { roles: [member("admin")], displayName: "管理员" });
    const author = await makeUser(db, { displayName: "王市民" });
    const pointId = await makeContactPoint(db, { organizationId: org });
    const coordinator = await makeUser(db, {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointId }],
    });
    for (const [user, role] of [
      [handler, "handler"],
      [handler2, "handler"],
      [reviewer, "reviewer"],
    ] as const)
      await grantBillRole(db, {
        billId: bill.billId,
        userId: user.id,
        role,
        actorId: admin.id,
        ip: null,
      });
    // Another bill of the same organization with a team of its own.
    const other = await makeBillWithVersion(db, { organizationId: org });
    const otherTeam = await makeUser(db, { roles: [member("citizen")], displayName: "别的审核人" });
    await grantBillRole(db, {
      billId: other.billId,
      userId: otherTeam.id,
      role: "reviewer",
      actorId: admin.id,
      ip: null,
    });
    // Opinions: the author's on 第一条's paragraph, an anonymous one on 第二条, and a contact
    // point's (submitted report) on 第三条.
    const reports = contactPointReports(db);
    const addOpinion = async (
      pid: string | null,
      body: string,
      extra: Partial<Insertable<Database["opinions"]>> = {},
    ) => {
      const row = await db
        .insertInto("opinions")
        .values({
          consultation_id: consultationId,
          version_id: bill.versionId,
          provision_pid: pid,
          scope: pid ? "article" : "draft",
          body,
          channel: "online",
          status: "published",
          receipt: `KMT${randomUUID().slice(0, 12)}`,
          lookup_code_hash: "x",
          ...extra,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const mine = await addOpinion(bill.pids.a1p, "建议明确免疫费用由财政承担。", {
      author_user_id: author.id,
    });
    const anonymous = await addOpinion(bill.pids.a2, "建议扩大适用范围。");
    const submissionId = await reports.create({
      contactPointId: pointId,
      consultationId,
      status: "submitted",
    });
    const fromPoint = await addOpinion(bill.pids.a3, "座谈会：建议细化强制免疫的程序。", {
      channel: "symposium",
      contact_point_id: pointId,
      submission_id: submissionId,
      status: await reports.opinionStatus(submissionId, "published"),
    });
    await reports.settle(submissionId);
    return {
      db,
      org,
      ...bill,
      consultationId,
      drafter,
      handler,
      handler2,
      reviewer,
      admin,
      author,
      coordinator,
      pointId,
      other,
      otherTeam,
      ids: { mine, anonymous, fromPoint },
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const save = (
    w: World,
    actorId: string,
    opinionIds: string[],
    code: "adopted" | "not_adopted" | "partly_adopted" = "adopted",
    reason = "已在二审稿中规定。",
    submit = false,
  ) =>
    saveDispositions(w.db, {
      consultationId: w.consultationId,
      billId: w.billId,
      versionSeq: 1,
      values: { opinionIds, code, reason, changed: "" },
      submit,
      actorId,
      ip: "127.0.0.1",
    });
  const submit = (w: World, actorId: string, opinionIds: string[]) =>
    submitDispositions(w.db, { consultationId: w.consultationId, opinionIds, actorId, ip: null });
  const review = (
    w: World,
    actorId: string,
    opinionIds: string[],
    decision: "approve" | "return",
    comment = "",
  ) =>
    reviewDispositions(w.db, {
      consultationId: w.consultationId,
      opinionIds,
      decision,
      comment,
      actorId,
      ip: null,
    });
  const publish = (w: World, actorId: string, provisionPid?: string) =>
    publishDispositions(w.db, {
      consultationId: w.consultationId,
      ...(provisionPid ? { provisionPid } : {}),
      actorId,
      ip: null,
      render: noticeText,
    });
  const states = async (w: World) =>
    Object.fromEntries(
      (
        await w.db
          .selectFrom("disposition_work")
          .select(["opinion_id", "state"])
          .where("consultation_id", "=", w.consultationId)
          .execute()
      ).map((r) => [r.opinion_id, r.state]),
    );
  /** Everything a disposition may reach outside the drafters' working copy. */
  const outside = async (w: World) => {
    const ids = Object.values(w.ids);
    const users = [w.author.id, w.coordinator.id];
    const count = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
    return {
      dispositions: await count(
        w.db
          .selectFrom("dispositions")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("opinion_id", "in", ids)
          .executeTakeFirstOrThrow(),
      ),
      mirrored: await count(
        w.db
          .selectFrom("opinions")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("id", "in", ids)
          .where("disposition_code", "is not", null)
          .executeTakeFirstOrThrow(),
      ),
      outbox: await count(
        w.db
          .selectFrom("search_outbox")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("entity", "=", "opinion")
          .where("entity_id", "in", ids)
          .executeTakeFirstOrThrow(),
      ),
      notifications: await count(
        w.db
          .selectFrom("notifications")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("user_id", "in", users)
          .executeTakeFirstOrThrow(),
      ),
      mail: await count(
        w.db
          .selectFrom("mail_outbox as m")
          .innerJoin("users as u", "u.email", "m.recipient")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("u.id", "in", users)
          .executeTakeFirstOrThrow(),
      ),
    };
  };
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      const e = error as { status?: number; messageKey?: string; fields?: Record<string, string> };
      return { status: e.status, key: e.messageKey, fields: e.fields };
    }
    throw new Error("expected a refusal");
  };

  it("moves a disposition through every state; nothing reaches the public before publication, which notifies once", async () => {
    const w = await world();
    const all = Object.values(w.ids);
    const before = await outside(w);

    expect(await save(w, w.handler.id, all)).toEqual({ count: 3 });
    expect(new Set(Object.values(await states(w)))).toEqual(new Set(["draft"]));
    expect(await outside(w)).toEqual(before);
    expect(await submit(w, w.handler.id, all)).toEqual({ count: 3 });
    expect(new Set(Object.values(await states(w)))).toEqual(new Set(["submitted"]));
    expect(await outside(w)).toEqual(before);
    expect(await review(w, w.reviewer.id, all, "approve")).toEqual({ count: 3 });
    expect(new Set(Object.values(await states(w)))).toEqual(new Set(["approved"]));
    expect(await outside(w)).toEqual(before);
    // The author's 我的意见 shows no disposition yet.
    const cookie = cookieFrom(
      (
        await callRoute(
          login.action,
          formRequest("/login", { email: w.author.email, password: w.author.password }),
          ctx(),
        )
      ).headers,
    );
    const unpublished = await callRoute(me.loader, getRequest("/me", cookie), ctx());
    expect(unpublished.data.opinions[0]).toMatchObject({ dispositionCode: null });

    // What publishing will do, per article.
    const approved = await listApprovedByProvision(w.db, w.consultationId);
    expect(approved.map((g) => [g.label, g.count, g.changing, g.authors, g.points])).toEqual([
      ["第一条", 1, 1, 1, 0],
      ["第二条", 1, 1, 0, 0],
      ["第三条", 1, 1, 0, 1],
    ]);

    const published = await publish(w, w.reviewer.id);
    expect(published.count).toBe(3);
    expect(published.mails.map((m) => m.to).sort()).toEqual(
      [w.author.email, w.coordinator.email].sort(),
    );
    expect(published.mails.find((m) => m.to === w.coordinator.email)!.text).toContain(
      "报送的 1 条意见的处理结果已公开",
    );
    expect(new Set(Object.values(await states(w)))).toEqual(new Set(["published"]));
    const after = await outside(w);
    expect(after).toEqual({
      dispositions: 3,
      mirrored: 3,
      outbox: before.outbox + 3,
      // The author's, the coordinator's batch notice and their notice of the one point opinion
      // (in-app only: the batch notice carries the coordinator's e-mail).
      notifications: 3,
      mail: 2,
    });
    const told = await w.db
      .selectFrom("notifications")
      .select(["user_id", "kind", "data"])
      .where("user_id", "in", [w.author.id, w.coordinator.id])
      .execute();
    expect(told.map((n) => `${n.user_id}:${n.kind}`).sort()).toEqual(
      [
        `${w.author.id}:opinion_disposed`,
        `${w.coordinator.id}:point_dispositions_published`,
        `${w.coordinator.id}:point_opinion_disposed`,
      ].sort(),
    );
    expect(told.find((n) => n.kind === "point_dispositions_published")!.data).toMatchObject({
      count: 1,
      link: `/coordinator/consultations/${w.consultationId}`,
    });
    const published2 = await callRoute(me.loader, getRequest("/me", cookie), ctx());
    expect(published2.data.opinions[0]).toMatchObject({
      dispositionCode: "adopted",
      dispositionReason: "已在二审稿中规定。",
    });
    // Every transition is in the audit log, in order, by who made it.
    const trail = await w.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("subject_type", "=", "opinion")
      .where("subject_id", "=", w.ids.mine)
      .orderBy("id")
      .execute();
    expect(trail).toEqual([
      { action: "disposition.save", actor_user_id: w.handler.id },
      { action: "disposition.submit", actor_user_id: w.handler.id },
      { action: "disposition.approve", actor_user_id: w.reviewer.id },
      { action: "disposition.publish", actor_user_id: w.reviewer.id },
    ]);

    // Republishing the same disposition (saved, submitted at once, approved) tells no one.
    await save(w, w.handler.id, [w.ids.mine], "adopted", "已在二审稿中规定。", true);
    expect((await states(w))[w.ids.mine]).toBe("submitted");
    await review(w, w.reviewer.id, [w.ids.mine], "approve");
    const again = await publish(w, w.reviewer.id);
    expect(again).toEqual({ count: 1, mails: [] });
    expect(await outside(w)).toEqual(after);

    // Editing a published one sends it back to draft; the public record keeps the published
    // text until the new one is published.
    await save(w, w.handler.id, [w.ids.mine], "not_adopted", "费用分担另行规定。");
    expect((await states(w))[w.ids.mine]).toBe("draft");
    const still = await w.db
      .selectFrom("dispositions")
      .select(["code", "reason"])
      .where("opinion_id", "=", w.ids.mine)
      .executeTakeFirstOrThrow();
    expect(still).toEqual({ code: "adopted", reason: "已在二审稿中规定。" });
    await submit(w, w.handler.id, [w.ids.mine]);
    await review(w, w.reviewer.id, [w.ids.mine], "approve");
    const changed = await publish(w, w.reviewer.id);
    expect(changed.mails.map((m) => m.to)).toEqual([w.author.email]);
  });

  it("returns a disposition only with a comment, which the drafters see, and takes it again once resubmitted", async () => {
    const w = await world();
    await save(w, w.handler.id, [w.ids.anonymous], "not_adopted", "不采纳。", true);
    for (const comment of ["", "   "]) {
      const refused = await refusal(review(w, w.reviewer.id, [w.ids.anonymous], "return", comment));
      expect(refused).toMatchObject({
        status: 400,
        key: "workflow.error.commentRequired",
        fields: { comment: "workflow.error.commentRequired" },
      });
    }
    expect((await states(w))[w.ids.anonymous]).toBe("submitted");
    await review(w, w.reviewer.id, [w.ids.anonymous], "return", "请写明不采纳的理由。");
    expect((await states(w))[w.ids.anonymous]).toBe("returned");
    const page = await listHandlingPage(
      w.db,
      w.consultationId,
      { workState: "returned" },
      {
        size: 10,
      },
    );
    expect(page.rows.map((r) => [r.id, r.workState, r.reviewComment, r.publicCode])).toEqual([
      [w.ids.anonymous, "returned", "请写明不采纳的理由。", null],
    ]);
    // A returned one is submitted again as it is, or saved (a draft) first.
    await submit(w, w.handler.id, [w.ids.anonymous]);
    await review(w, w.reviewer.id, [w.ids.anonymous], "return", "仍需说明。");
    await save(w, w.handler.id, [w.ids.anonymous], "not_adopted", "该建议与上位法规定不一致。");
    expect((await states(w))[w.ids.anonymous]).toBe("draft");
    await submit(w, w.handler.id, [w.ids.anonymous]);
    await review(w, w.reviewer.id, [w.ids.anonymous], "approve");
    const row = await w.db
      .selectFrom("disposition_work")
      .select(["state", "review_comment"])
      .where("opinion_id", "=", w.ids.anonymous)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: "approved", review_comment: "" });
    expect(
      (
        await w.db
          .selectFrom("audit_log")
          .select("action")
          .where("subject_id", "=", w.ids.anonymous)
          .orderBy("id")
          .execute()
      ).map((a) => a.action),
    ).toEqual([
      "disposition.save",
      "disposition.submit",
      "disposition.return",
      "disposition.submit",
      "disposition.return",
      "disposition.save",
      "disposition.submit",
      "disposition.approve",
    ]);
  });

  it("refuses every transition the state does not allow, with 409 and a catalogue key", async () => {
    const w = await world();
    const { mine, anonymous } = w.ids;
    // Nothing drafted: nothing to submit, review or publish.
    expect(await refusal(submit(w, w.handler.id, [mine]))).toMatchObject({
      status: 409,
      key: "workflow.error.notSubmittable",
    });
    expect(await refusal(review(w, w.reviewer.id, [mine], "approve"))).toMatchObject({
      status: 409,
      key: "workflow.error.notSubmitted",
    });
    expect(await refusal(publish(w, w.reviewer.id))).toMatchObject({
      status: 409,
      key: "workflow.error.nothingApproved",
    });
    // A draft cannot be approved or returned; a submitted one cannot be edited or resubmitted.
    await save(w, w.handler.id, [mine, anonymous]);
    expect(await refusal(review(w, w.reviewer.id, [mine], "approve"))).toMatchObject({
      status: 409,
    });
    await submit(w, w.handler.id, [mine]);
    expect(await refusal(save(w, w.handler.id, [mine, anonymous], "not_adopted"))).toMatchObject({
      status: 409,
      key: "workflow.error.underReview",
    });
    expect(await refusal(submit(w, w.handler.id, [mine]))).toMatchObject({ status: 409 });
    // An approved one cannot be approved, returned or submitted again; a published one not
    // published again.
    await review(w, w.reviewer.id, [mine], "approve");
    expect(await refusal(review(w, w.reviewer.id, [mine], "return", "x"))).toMatchObject({
      status: 409,
    });
    expect(await refusal(submit(w, w.handler.id, [mine]))).toMatchObject({ status: 409 });
    await publish(w, w.reviewer.id);
    expect(await refusal(publish(w, w.reviewer.id))).toMatchObject({ status: 409 });
    // A batch with one opinion in the wrong state changes none of it.
    expect(await refusal(submit(w, w.handler.id, [anonymous, mine]))).toMatchObject({
      status: 409,
    });
    expect((await states(w))[anonymous]).toBe("draft");
    // An opinion of another consultation refuses the whole batch (404).
    const elsewhere = await makeConsultation(w.db, { versionId: w.versionId });
    const foreign = await w.db
      .insertInto("opinions")
      .values({
        consultation_id: elsewhere,
        version_id: w.versionId,
        provision_pid: null,
        scope: "draft",
        body: "别处的意见",
        channel: "online",
        status: "published",
        receipt: `KMT${randomUUID().slice(0, 12)}`,
        lookup_code_hash: "x",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await refusal(save(w, w.handler.id, [anonymous, foreign.id]))).toMatchObject({
      status: 404,
    });
  });

  it("refuses the roles that may not act: handlers cannot approve or publish, admins cannot dispose, another bill's team nothing", async () => {
    const w = await world({ closed: true });
    const { mine } = w.ids;
    const forbidden = { status: 403, key: "error.forbidden" };
    // An administrator grants roles but does not draft; a stranger and another bill's reviewer
    // cannot draft here.
    const stranger = await makeUser(w.db, {
      roles: [{ role: "drafter", organizationId: await makeOrganization(w.db) }],
    });
    for (const actor of [w.admin.id, stranger.id, w.otherTeam.id, w.author.id])
      expect(await refusal(save(w, actor, [mine])), actor).toMatchObject(forbidden);
    // An org drafter and a handler may draft and submit.
    await save(w, w.drafter.id, [mine], "adopted", "起草人的意见", true);
    // Only the bill's reviewer approves, returns and publishes.
    for (const actor of [w.handler.id, w.drafter.id, w.admin.id, w.otherTeam.id]) {
      expect(await refusal(review(w, actor, [mine], "approve"))).toMatchObject(forbidden);
      expect(await refusal(review(w, actor, [mine], "return", "不行"))).toMatchObject(forbidden);
    }
    await review(w, w.reviewer.id, [mine], "approve");
    for (const actor of [w.handler.id, w.drafter.id, w.admin.id, w.otherTeam.id])
      expect(await refusal(publish(w, actor))).toMatchObject(forbidden);
    expect((await outside(w)).dispositions).toBe(0);
    // Assigning work, and the report, are the reviewer's too.
    for (const actor of [w.handler.id, w.drafter.id, w.admin.id]) {
      expect(
        await refusal(
          assignWork(w.db, {
            consultationId: w.consultationId,
            handlerId: w.handler.id,
            provisionPids: [w.pids.a1],
            dueOn: null,
            actorId: actor,
            ip: null,
          }),
        ),
      ).toMatchObject(forbidden);
      expect(
        await refusal(
          publishHandling(w.db, {
            consultationId: w.consultationId,
            note: "",
            publishedBy: actor,
            ip: null,
            render: noticeText,
          }),
        ),
      ).toMatchObject(forbidden);
    }
    expect(
      await publishHandling(w.db, {
        consultationId: w.consultationId,
        note: "",
        publishedBy: w.reviewer.id,
        ip: null,
        render: noticeText,
      }),
    ).toMatchObject({ first: true });
    // Granting is the administrator's alone.
    for (const actor of [w.reviewer.id, w.drafter.id])
      expect(
        await refusal(
          grantBillRole(w.db, {
            billId: w.billId,
            userId: w.handler.id,
            role: "reviewer",
            actorId: actor,
            ip: null,
          }),
        ),
      ).toMatchObject(forbidden);

    // The pages refuse the same people: another bill's reviewer gets 403 on this handling view,
    // a handler of this bill sees it.
    const signIn = async (user: { email: string; password: string }) =>
      cookieFrom(
        (
          await callRoute(
            login.action,
            formRequest("/login", { email: user.email, password: user.password }),
            ctx(),
          )
        ).headers,
      );
    const view = (cookie: string) =>
      callRoute(
        handling.loader,
        getRequest(`/consultations/${w.consultationId}/handling`, cookie),
        ctx(),
        { id: w.consultationId },
      );
    expect((await view(await signIn(w.otherTeam))).status).toBe(403);
    expect((await view(await signIn(w.handler))).status).toBe(200);
    // A handler lands on the queue after signing in; the drafter on the workspace.
    const landed = await callRoute(
      login.action,
      formRequest("/login", { email: w.handler.email, password: w.handler.password }),
      ctx(),
    );
    expect(landed.headers.get("Location")).toBe("/workspace/queue");
    const drafterLanded = await callRoute(
      login.action,
      formRequest("/login", { email: w.drafter.email, password: w.drafter.password }),
      ctx(),
    );
    expect(drafterLanded.headers.get("Location")).toBe("/workspace");
  });

  it("assigns chapters, articles and opinions to handlers, resolves who has each opinion, and counts their queues", async () => {
    const w = await world();
    const assign = (
      handlerId: string,
      targets: { provisionPids?: string[]; opinionIds?: string[] },
      dueOn: string | null = null,
    ) =>
      assignWork(w.db, {
        consultationId: w.consultationId,
        handlerId,
        ...targets,
        dueOn,
        actorId: w.reviewer.id,
        ip: null,
      });
    // The first chapter to one handler; its 第二条 to the other (the article beats the chapter).
    expect(await assign(w.handler.id, { provisionPids: [w.pids.ch1] }, "2000-01-01")).toEqual({
      count: 1,
    });
    await assign(w.handler2.id, { provisionPids: [w.pids.a2] }, "2999-12-31");
    let who = await assigneesOf(w.db, w.consultationId, Object.values(w.ids));
    expect(who.get(w.ids.mine)).toMatchObject({ userId: w.handler.id, dueOn: "2000-01-01" });
    expect(who.get(w.ids.anonymous)).toMatchObject({ userId: w.handler2.id, dueOn: "2999-12-31" });
    expect(who.has(w.ids.fromPoint)).toBe(false);
    // An opinion assigned itself beats its provision's handler; reassigning is one more call.
    await assign(w.handler2.id, { opinionIds: [w.ids.mine] });
    who = await assigneesOf(w.db, w.consultationId, [w.ids.mine]);
    expect(who.get(w.ids.mine)).toMatchObject({ userId: w.handler2.id, dueOn: null });
    await assign(w.handler.id, { opinionIds: [w.ids.mine] }, "2000-01-02");
    who = await assigneesOf(w.db, w.consultationId, [w.ids.mine]);
    expect(who.get(w.ids.mine)).toMatchObject({ userId: w.handler.id, dueOn: "2000-01-02" });
    expect((await listAssignments(w.db, w.consultationId)).length).toBe(3);

    // The handling view's scope "assigned to me", and the rows name the assignee.
    const scoped = await listHandlingPage(
      w.db,
      w.consultationId,
      { assignee: w.handler.id },
      { size: 10 },
    );
    expect(scoped.rows.map((r) => [r.id, r.assigneeName])).toEqual([[w.ids.mine, "承办人甲"]]);
    expect(
      (await countHandlingScope(w.db, w.consultationId, { assignee: w.handler2.id })).count,
    ).toBe(1);
    expect((await countHandlingScope(w.db, w.consultationId, { workState: "none" })).count).toBe(3);

    // 待我处理: counts by state, the nearest due date of what is still to do, overdue.
    await save(w, w.handler.id, [w.ids.mine], "adopted", "理由", false);
    const queue = await listHandlerQueue(w.db, w.handler.id, "2026-01-01");
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      consultationId: w.consultationId,
      total: 1,
      counts: { none: 0, draft: 1 },
      nearestDue: "2000-01-02",
      overdue: true,
    });
    const queue2 = await listHandlerQueue(w.db, w.handler2.id, "2026-01-01");
    expect(queue2[0]).toMatchObject({ total: 1, counts: { none: 1 }, overdue: false });
    await submit(w, w.handler.id, [w.ids.mine]);
    const reviewing = await listReviewQueue(w.db, w.reviewer.id);
    expect(reviewing.find((e) => e.consultationId === w.consultationId)).toMatchObject({
      counts: { submitted: 1 },
    });
    expect(await listReviewQueue(w.db, w.handler.id)).toEqual([]);
    // Submitted work is no longer "to do": nothing left is overdue.
    expect((await listHandlerQueue(w.db, w.handler.id, "2026-01-01"))[0]).toMatchObject({
      counts: { submitted: 1 },
      nearestDue: null,
      overdue: false,
    });

    // Only the bill's team can be assigned work, only provisions of the reading, only real dates.
    expect(await refusal(assign(w.drafter.id, { provisionPids: [w.pids.a3] }))).toMatchObject({
      status: 400,
      key: "workflow.assign.notTeam",
    });
    expect(await refusal(assign(w.handler.id, { provisionPids: [randomUUID()] }))).toMatchObject({
      status: 400,
      key: "workflow.assign.provisionUnknown",
    });
    expect(
      await refusal(assign(w.handler.id, { provisionPids: [w.pids.a3] }, "2026-02-30")),
    ).toMatchObject({ status: 400, key: "workflow.assign.dueInvalid" });
    expect(await refusal(assign(w.handler.id, {}))).toMatchObject({ status: 400 });
    // Unassigning the opinion falls back to its provision's handler.
    expect(
      await unassignWork(w.db, {
        consultationId: w.consultationId,
        opinionIds: [w.ids.mine],
        actorId: w.reviewer.id,
        ip: null,
      }),
    ).toEqual({ count: 1 });
    who = await assigneesOf(w.db, w.consultationId, [w.ids.mine]);
    expect(who.get(w.ids.mine)).toMatchObject({ userId: w.handler.id, dueOn: "2000-01-01" });
    const audited = await w.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_type", "=", "consultation")
      .where("subject_id", "=", w.consultationId)
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      "assignment.assign",
      "assignment.assign",
      "assignment.assign",
      "assignment.assign",
      "assignment.unassign",
    ]);
  });

  it("publishes one article's approved dispositions, and previews what a bulk decision changes", async () => {
    const w = await world();
    const all = Object.values(w.ids);
    await save(w, w.handler.id, [w.ids.mine], "not_adopted", "另有规定。");
    const preview = await previewDispositions(w.db, {
      consultationId: w.consultationId,
      values: { opinionIds: all, code: "not_adopted", reason: "另有规定。", changed: "" },
    });
    expect(preview.changing).toBe(2);
    expect(preview.unchanged).toBe(1);
    expect(preview.rows.map((r) => [r.opinionId, r.before?.state ?? null])).toEqual([
      [w.ids.mine, "draft"],
      [w.ids.anonymous, null],
      [w.ids.fromPoint, null],
    ]);
    expect(preview.rows[0]!.provisionLabel).toBe("第一条第一款");
    expect(await states(w)).toEqual({ [w.ids.mine]: "draft" });

    await save(w, w.handler.id, all, "adopted", "采纳。", true);
    await review(w, w.reviewer.id, all, "approve");
    // 第一条 (the opinion on its paragraph counts with it) alone.
    const one = await publish(w, w.reviewer.id, w.pids.a1);
    expect(one.count).toBe(1);
    expect(await states(w)).toEqual({
      [w.ids.mine]: "published",
      [w.ids.anonymous]: "approved",
      [w.ids.fromPoint]: "approved",
    });
    expect((await listApprovedByProvision(w.db, w.consultationId)).map((g) => g.label)).toEqual([
      "第二条",
      "第三条",
    ]);
    // A chapter publishes its articles.
    expect((await publish(w, w.reviewer.id, w.pids.ch2)).count).toBe(1);
    expect((await states(w))[w.ids.anonymous]).toBe("approved");
    expect(await refusal(publish(w, w.reviewer.id, randomUUID()))).toMatchObject({ status: 400 });
  });

  it("lets an administrator grant and revoke team roles, and drafters and reviewers keep reason templates", async () => {
    const w = await world();
    expect(await billRolesOf(w.db, w.handler.id, w.billId)).toEqual(["handler"]);
    expect((await listBillTeam(w.db, w.billId)).map((m) => `${m.name}:${m.role}`)).toEqual(
      expect.arrayContaining(["承办人甲:handler", "审核人:reviewer"]),
    );
    const candidates = (await listTeamCandidates(w.db, w.billId)).map((c) => c.id);
    expect(candidates).toEqual(expect.arrayContaining([w.handler.id, w.drafter.id]));
    expect(candidates).not.toContain(w.author.id);
    // Someone outside the organization cannot be granted a role.
    expect(
      await refusal(
        grantBillRole(w.db, {
          billId: w.billId,
          userId: w.author.id,
          role: "handler",
          actorId: w.admin.id,
          ip: null,
        }),
      ),
    ).toMatchObject({ status: 400, key: "workflow.team.notCandidate" });
    // Granting again changes nothing; revoking takes the right away at once.
    expect(
      await grantBillRole(w.db, {
        billId: w.billId,
        userId: w.handler.id,
        role: "handler",
        actorId: w.admin.id,
        ip: null,
      }),
    ).toEqual({ granted: false });
    await revokeBillRole(w.db, {
      billId: w.billId,
      userId: w.handler.id,
      role: "handler",
      actorId: w.admin.id,
      ip: "127.0.0.1",
    });
    expect(await billRolesOf(w.db, w.handler.id, w.billId)).toEqual([]);
    expect(await refusal(save(w, w.handler.id, [w.ids.mine]))).toMatchObject({ status: 403 });
    expect(
      await refusal(
        revokeBillRole(w.db, {
          billId: w.billId,
          userId: w.handler.id,
          role: "handler",
          actorId: w.admin.id,
          ip: null,
        }),
      ),
    ).toMatchObject({ status: 404 });
    const trail = await w.db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("subject_type", "=", "bill")
      .where("subject_id", "=", w.billId)
      .where("action", "in", ["bill_team.grant", "bill_team.revoke"])
      .orderBy("id")
      .execute();
    expect(trail.map((a) => a.action)).toEqual([
      "bill_team.grant",
      "bill_team.grant",
      "bill_team.grant",
      "bill_team.revoke",
    ]);

    // Reason templates: the drafter and the reviewer manage them, a handler may not.
    const { id } = await saveReasonTemplate(w.db, {
      billId: w.billId,
      title: "已有规定",
      body: "该建议的内容已在条例其他条款中作出规定。",
      code: "already_covered",
      actorId: w.drafter.id,
    });
    await saveReasonTemplate(w.db, {
      billId: w.billId,
      id,
      title: "已有规定",
      body: "该建议的内容已在条例第二条中作出规定。",
      code: "already_covered",
      actorId: w.reviewer.id,
    });
    expect(await listReasonTemplates(w.db, w.billId)).toMatchObject([
      { id, body: "该建议的内容已在条例第二条中作出规定。", code: "already_covered" },
    ]);
    expect(
      await refusal(
        saveReasonTemplate(w.db, {
          billId: w.billId,
          title: "x",
          body: "y",
          actorId: w.handler2.id,
        }),
      ),
    ).toMatchObject({ status: 403 });
    expect(
      await refusal(
        saveReasonTemplate(w.db, {
          billId: w.billId,
          title: " ",
          body: "y",
          actorId: w.drafter.id,
        }),
      ),
    ).toMatchObject({ status: 400, fields: { title: "workflow.template.titleRequired" } });
    // Another bill's template cannot be changed or deleted through this bill.
    expect(
      await refusal(
        deleteReasonTemplate(w.db, { billId: w.other.billId, id, actorId: w.otherTeam.id }),
      ),
    ).toMatchObject({ status: 404 });
    await deleteReasonTemplate(w.db, { billId: w.billId, id, actorId: w.drafter.id });
    expect(await listReasonTemplates(w.db, w.billId)).toEqual([]);
  });
});
