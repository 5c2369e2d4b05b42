import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import * as assignments from "../../app/routes/assignments.tsx";
import * as team from "../../app/routes/bill-team.tsx";
import * as bill from "../../app/routes/bill.tsx";
import * as handling from "../../app/routes/handling.tsx";
import * as publish from "../../app/routes/review-publish.tsx";
import * as review from "../../app/routes/review.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { listAssignments, listBillTeam } from "../../db/queries/disposition-work.ts";
import type { DispositionCode } from "../../db/codes.ts";
import type { Database } from "../../db/schema.ts";
import { grantBillRole } from "../../services/bill-team.ts";
import { saveDispositions } from "../../services/disposition-workflow.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  getRequest,
  makeContext,
  signInCookie,
  TEST_CSRF,
  type Outcome,
} from "../support/routes.ts";
import { contactPointReports } from "../support/submissions.ts";

// The reviewer's pages (assignment, review, publication, the bill team) through their loaders and
// actions, as a browser would call them: what each role may do there, and every refusal — a
// handler gets 403 on review, publication and assignment, a drafter too, and only an
// administrator of the bill's legislature manages its team.

/** A reading of one chapter holding two articles, and a third article outside it. */
function reading() {
  const [ch, a1, a2, a3] = Array.from({ length: 4 }, () => randomUUID()) as [
    string,
    string,
    string,
    string,
  ];
  const para = (pid: string, text: string) => ({
    type: "article",
    attrs: { pid },
    content: [
      {
        type: "paragraph",
        attrs: { pid: randomUUID() },
        content: [{ type: "para_text", content: [{ type: "text", text }] }],
      },
    ],
  });
  const document = {
    type: "doc",
    content: [
      { type: "title", content: [{ type: "text", text: "测试动物防疫条例" }] },
      para(a1, "为了预防动物疫病，制定本条例。"),
      para(a2, "本条例适用于本市行政区域。"),
      para(a3, "本条例自公布之日起施行。"),
    ],
  };
  const row = (
    pid: string,
    kind: "chapter" | "article",
    ordinal: number,
    number: number,
    label: string,
    text: string,
    parentPid: string | null,
  ) => ({
    pid,
    kind,
    ordinal,
    number,
    label,
    headingPath: parentPid ? ["第一章 总则"] : [],
    text,
    parentPid,
  });
  return {
    document,
    provisions: [
      row(ch, "chapter", 0, 1, "第一章", "总则", null),
      row(a1, "article", 1, 1, "第一条", "为了预防动物疫病，制定本条例。", ch),
      row(a2, "article", 2, 2, "第二条", "本条例适用于本市行政区域。", ch),
      row(a3, "article", 3, 3, "第三条", "本条例自公布之日起施行。", null),
    ],
    pids: { ch, a1, a2, a3 },
  };
}

describe("the reviewer's pages: assignment, review, publication, bill team", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /** A bill with its team (a reviewer, a handler), an admin, a drafter, and opinions on it. */
  async function world() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const other = await makeOrganization(db);
    const text = reading();
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      document: text.document,
      provisions: text.provisions,
    });
    const consultationId = await makeConsultation(db, { versionId });
    const member = (role: "drafter" | "admin" | "citizen", organizationId = org) =>
      makeUser(db, {
        displayName: `${role}-${randomUUID().slice(0, 4)}`,
        roles: [{ role, organizationId }],
      });
    const admin = await member("admin");
    const otherAdmin = await member("admin", other);
    const drafter = await member("drafter");
    // The team: users of the legislature whose only standing on the bill is their team role.
    const reviewer = await member("citizen");
    const handler = await member("citizen");
    const handler2 = await member("citizen");
    for (const [u, role] of [
      [reviewer, "reviewer"],
      [handler, "handler"],
      [handler2, "handler"],
    ] as const)
      await grantBillRole(db, { billId, userId: u.id, role, actorId: admin.id, ip: null });
    const author = await makeUser(db, { displayName: "王市民" });
    const pointId = await makeContactPoint(db, { organizationId: org });
    const coordinator = await makeUser(db, {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointId }],
    });
    const opinion = (
      pid: string | null,
      body: string,
      extra: Partial<{ author: string; point: string }> = {},
    ) => addOpinion(db, { consultationId, versionId, pid, body, ...extra });
    const o1 = await opinion(text.pids.a1, "建议明确免疫费用由财政承担。", { author: author.id });
    const o2 = await opinion(text.pids.a1, "建议明确免疫费用由财政承担！");
    const o3 = await opinion(text.pids.a2, "建议写明适用于本市全部行政区域。", { point: pointId });
    const o4 = await opinion(text.pids.a3, "建议自公布之日起三十日后施行。", { author: author.id });
    const cookie = async (u: { email: string; password: string }) => signInCookie(ctx(), u);
    return {
      db,
      org,
      billId,
      versionId,
      consultationId,
      pids: text.pids,
      ids: { o1, o2, o3, o4 },
      users: { admin, otherAdmin, drafter, reviewer, handler, handler2, author, coordinator },
      as: {
        admin: await cookie(admin),
        otherAdmin: await cookie(otherAdmin),
        drafter: await cookie(drafter),
        reviewer: await cookie(reviewer),
        handler: await cookie(handler),
      },
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const get = (
    route: { loader: (args: never) => Promise<unknown> },
    path: string,
    cookie: string | undefined,
    params: Record<string, string>,
  ) => callRoute(route.loader, getRequest(path, cookie), ctx(), params);
  /** A form POST as a browser sends it; repeated fields (checkboxes) as pairs. */
  const post = (
    route: { action: (args: never) => Promise<unknown> },
    path: string,
    fields: Record<string, string> | [string, string][],
    cookie: string | undefined,
    params: Record<string, string>,
  ): Promise<Outcome> => {
    const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
    body.set("_csrf", TEST_CSRF);
    return callRoute(
      route.action,
      new Request(`http://localhost${path}`, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...(cookie ? { Cookie: cookie } : {}),
        },
      }),
      ctx(),
      params,
    );
  };
  const postMany = post;

  /** The handler drafts and submits a disposition for each listed opinion. */
  async function submitted(
    w: World,
    ids: string[],
    code: DispositionCode = "adopted",
    reason = "已采纳。",
  ) {
    await saveDispositions(w.db, {
      consultationId: w.consultationId,
      billId: w.billId,
      versionSeq: 1,
      values: { opinionIds: ids, code, reason, changed: "" },
      submit: true,
      actorId: w.users.handler.id,
      ip: null,
    });
  }

  const stateOf = async (db: Kysely<Database>, id: string) =>
    (await db
      .selectFrom("disposition_work")
      .select(["state", "review_comment"])
      .where("opinion_id", "=", id)
      .executeTakeFirst()) ?? null;

  const paths = (w: World) => ({
    assign: `/consultations/${w.consultationId}/assignments`,
    review: `/consultations/${w.consultationId}/review`,
    publish: `/consultations/${w.consultationId}/review/publish`,
    team: `/bills/${w.billId}/team`,
  });

  it("assigns a chapter and an article to handlers with a due date, reassigns, and shows who has what", async () => {
    const w = await world();
    const p = paths(w);
    const id = { id: w.consultationId };
    // The handling page's header leads a reviewer, and only a reviewer, here and to the review.
    const handlingPath = `/consultations/${w.consultationId}/handling`;
    const forReviewer = await get(handling, handlingPath, w.as.reviewer, id);
    expect(forReviewer.data.consultation.reviewer).toBe(true);
    const forHandler = await get(handling, handlingPath, w.as.handler, id);
    expect(forHandler.data.consultation.reviewer).toBe(false);
    const page = await get(assignments, p.assign, w.as.reviewer, id);
    expect(page.status).toBe(200);
    expect(page.data.lines.map((l: { label: string }) => l.label)).toEqual([
      "第一章",
      "第一条",
      "第二条",
      "第三条",
    ]);
    expect(page.data.lines.find((l: { label: string }) => l.label === "第一章").count).toBe(3);
    expect(page.data.unassigned).toBe(4);

    const chapter = await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler.id],
        ["dueOn", "2026-12-31"],
        ["provisionPid", w.pids.ch],
        ["provisionPid", w.pids.a3],
      ],
      w.as.reviewer,
      id,
    );
    expect(chapter.data).toMatchObject({ ok: true, intent: "assign", count: 2 });
    // The second article goes to the other handler: the article beats its chapter.
    const moved = await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler2.id],
        ["dueOn", ""],
        ["provisionPid", w.pids.a2],
      ],
      w.as.reviewer,
      id,
    );
    expect(moved.data).toMatchObject({ ok: true, count: 1 });
    const after = await get(assignments, p.assign, w.as.reviewer, id);
    const who = Object.fromEntries(
      after.data.who.map((h: { id: string; total: number }) => [h.id, h.total]),
    );
    expect(who[w.users.handler.id]).toBe(3);
    expect(who[w.users.handler2.id]).toBe(1);
    expect(after.data.unassigned).toBe(0);
    const second = after.data.lines.find((l: { label: string }) => l.label === "第二条");
    expect(second.own.handlerId).toBe(w.users.handler2.id);
    expect(second.inherited.handlerId).toBe(w.users.handler.id);
    const chapterLine = after.data.lines.find((l: { label: string }) => l.label === "第一章");
    expect(chapterLine.own).toMatchObject({ handlerId: w.users.handler.id, dueOn: "2026-12-31" });

    // Reassigning the chapter moves it; the article assigned on its own stays.
    await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler2.id],
        ["dueOn", ""],
        ["provisionPid", w.pids.ch],
      ],
      w.as.reviewer,
      id,
    );
    const rows = await listAssignments(w.db, w.consultationId);
    expect(Object.fromEntries(rows.map((r) => [r.provisionLabel, r.handlerId]))).toEqual({
      第一章: w.users.handler2.id,
      第二条: w.users.handler2.id,
      第三条: w.users.handler.id,
    });
  });

  it("assigns a cluster of opinions on an article to another handler, and unassigns it", async () => {
    const w = await world();
    const p = paths(w);
    const id = { id: w.consultationId };
    await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler.id],
        ["provisionPid", w.pids.a1],
      ],
      w.as.reviewer,
      id,
    );
    const opened = await get(assignments, `${p.assign}?provision=${w.pids.a1}`, w.as.reviewer, id);
    expect(opened.status).toBe(200);
    // The two near-identical opinions on 第一条 are one cluster, offered as one choice.
    expect(opened.data.opinions.rows).toHaveLength(1);
    const cluster = opened.data.opinions.rows[0];
    expect([...cluster.ids].sort()).toEqual([w.ids.o1, w.ids.o2].sort());
    // Both are the article's handler's now.
    expect(cluster.holders).toEqual([expect.stringMatching(/^citizen-/)]);

    const given = await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler2.id],
        ["dueOn", "2026-12-20"],
        ["opinionIds", cluster.ids.join(",")],
      ],
      w.as.reviewer,
      id,
    );
    expect(given.data).toMatchObject({ ok: true, count: 2 });
    const after = await get(assignments, p.assign, w.as.reviewer, id);
    const h2 = after.data.who.find((h: { id: string }) => h.id === w.users.handler2.id);
    expect(h2.total).toBe(2);
    expect(h2.assignments).toHaveLength(2);

    const removed = await post(
      assignments,
      p.assign,
      { intent: "unassign", opinionId: w.ids.o1 },
      w.as.reviewer,
      id,
    );
    expect(removed.data).toMatchObject({ ok: true, intent: "unassign" });
    const back = await get(assignments, p.assign, w.as.reviewer, id);
    expect(back.data.who.find((h: { id: string }) => h.id === w.users.handler2.id).total).toBe(1);
    expect(back.data.who.find((h: { id: string }) => h.id === w.users.handler.id).total).toBe(1);
  });

  it("refuses to assign to someone outside the bill's team, an empty choice, and a bad date", async () => {
    const w = await world();
    const p = paths(w);
    const id = { id: w.consultationId };
    const outsider = await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.drafter.id],
        ["provisionPid", w.pids.a1],
      ],
      w.as.reviewer,
      id,
    );
    expect(outsider.status).toBe(400);
    const none = await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler.id],
      ],
      w.as.reviewer,
      id,
    );
    expect(none.status).toBe(400);
    expect(none.data.message).toBe("assign.nothingChosen");
    const badDate = await postMany(
      assignments,
      p.assign,
      [
        ["intent", "assign"],
        ["handlerId", w.users.handler.id],
        ["dueOn", "2026-02-30"],
        ["provisionPid", w.pids.a1],
      ],
      w.as.reviewer,
      id,
    );
    expect(badDate.status).toBe(400);
    expect(await listAssignments(w.db, w.consultationId)).toEqual([]);
  });

  it("refuses the assignment, review and publication pages to a handler, a drafter and an admin (403), and sends the signed-out to sign in", async () => {
    const w = await world();
    const p = paths(w);
    const id = { id: w.consultationId };
    await submitted(w, [w.ids.o4]);
    for (const who of [w.as.handler, w.as.drafter, w.as.admin]) {
      for (const [route, path] of [
        [assignments, p.assign],
        [review, p.review],
        [publish, p.publish],
      ] as const)
        expect((await get(route, path, who, id)).status, path).toBe(403);
      const assign = await postMany(
        assignments,
        p.assign,
        [
          ["intent", "assign"],
          ["handlerId", w.users.handler.id],
          ["provisionPid", w.pids.a1],
        ],
        who,
        id,
      );
      expect(assign.status).toBe(403);
      const approve = await postMany(
        review,
        p.review,
        [
          ["decision", "approve"],
          ["opinionId", w.ids.o4],
        ],
        who,
        id,
      );
      expect(approve.status).toBe(403);
      expect((await post(publish, p.publish, {}, who, id)).status).toBe(403);
    }
    expect(await listAssignments(w.db, w.consultationId)).toEqual([]);
    expect((await stateOf(w.db, w.ids.o4))?.state).toBe("submitted");
    const anonymous = await get(review, p.review, undefined, id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?next=/);
  });

  it("lists submitted dispositions per article with who drafted them; approves in bulk, returns with a comment", async () => {
    const w = await world();
    const p = paths(w);
    const id = { id: w.consultationId };
    await submitted(w, [w.ids.o1, w.ids.o2], "partly_adopted", "二审稿已部分吸收。");
    await submitted(w, [w.ids.o4], "not_adopted", "施行日期另行研究。");
    const page = await get(review, p.review, w.as.reviewer, id);
    expect(page.status).toBe(200);
    expect(page.data.counts).toEqual({ submitted: 3, approved: 0 });
    expect(page.data.groups.map((g: { label: string }) => g.label)).toEqual(["第一条", "第三条"]);
    const first = page.data.groups[0].rows[0];
    expect(first).toMatchObject({ code: "partly_adopted", reason: "二审稿已部分吸收。" });
    expect(first.drafterName).toMatch(/^citizen-/);

    // Returning without a comment changes nothing.
    const bare = await postMany(
      review,
      p.review,
      [
        ["decision", "return"],
        ["opinionId", w.ids.o4],
        ["comment", "  "],
      ],
      w.as.reviewer,
      id,
    );
    expect(bare.status).toBe(400);
    expect(bare.data.message).toBe("review.commentRequired");
    expect((await stateOf(w.db, w.ids.o4))?.state).toBe("submitted");
    const nothing = await postMany(review, p.review, [["decision", "approve"]], w.as.reviewer, id);
    expect(nothing.data.message).toBe("review.nothingChosen");

    const returned = await postMany(
      review,
      p.review,
      [
        ["decision", "return"],
        ["opinionId", w.ids.o4],
        ["comment", "请写明研究的方向。"],
      ],
      w.as.reviewer,
      id,
    );
    expect(returned.data).toEqual({ ok: true, decision: "return", count: 1 });
    expect(await stateOf(w.db, w.ids.o4)).toEqual({
      state: "returned",
      review_comment: "请写明研究的方向。",
    });
    // An article's button sends every one of its ids.
    const approved = await postMany(
      review,
      p.review,
      [
        ["decision", "approve"],
        ["opinionId", w.ids.o1],
        ["opinionId", w.ids.o2],
      ],
      w.as.reviewer,
      id,
    );
    expect(approved.data).toEqual({ ok: true, decision: "approve", count: 2 });
    const after = await get(review, p.review, w.as.reviewer, id);
    expect(after.data.counts).toEqual({ submitted: 0, approved: 2 });
    expect(after.data.approved).toMatchObject([{ label: "第一条", count: 2 }]);
    // Approving again what is no longer submitted is refused.
    const again = await postMany(
      review,
      p.review,
      [
        ["decision", "approve"],
        ["opinionId", w.ids.o1],
      ],
      w.as.reviewer,
      id,
    );
    expect(again.status).toBe(409);
  });

  it("confirms before publishing, saying how many and whom it notifies; publishes one article, then the rest", async () => {
    const w = await world();
    const p = paths(w);
    const id = { id: w.consultationId };
    await submitted(w, [w.ids.o1, w.ids.o2], "adopted", "已采纳。");
    await submitted(w, [w.ids.o3], "already_covered", "现行规定已经涵盖。");
    await submitted(w, [w.ids.o4], "not_adopted", "施行日期另行研究。");
    await postMany(
      review,
      p.review,
      [
        ["decision", "approve"],
        ...[w.ids.o1, w.ids.o2, w.ids.o3, w.ids.o4].map((o): [string, string] => ["opinionId", o]),
      ],
      w.as.reviewer,
      id,
    );
    const all = await get(publish, p.publish, w.as.reviewer, id);
    expect(all.status).toBe(200);
    expect(all.data.preview).toMatchObject({ count: 4, authors: 1, points: 1, coordinators: 1 });
    // Nothing is public before the button of the confirmation page.
    const publicRows = () =>
      w.db
        .selectFrom("dispositions")
        .select("opinion_id")
        .where("opinion_id", "in", Object.values(w.ids))
        .execute();
    expect(await publicRows()).toEqual([]);

    const one = await get(publish, `${p.publish}?provision=${w.pids.a2}`, w.as.reviewer, id);
    expect(one.data).toMatchObject({
      label: "第二条",
      preview: { count: 1, authors: 0, points: 1 },
    });
    const done = await post(publish, p.publish, { provision: w.pids.a2 }, w.as.reviewer, id);
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`${p.review}?published=1&mails=1`);
    expect((await publicRows()).map((r) => r.opinion_id)).toEqual([w.ids.o3]);
    const coordinatorNotes = await w.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", w.users.coordinator.id)
      .execute();
    // The batch notice, and one per opinion of the point (issue 18).
    expect(coordinatorNotes.map((n) => n.kind).sort()).toEqual([
      "point_dispositions_published",
      "point_opinion_disposed",
    ]);

    const rest = await post(publish, p.publish, {}, w.as.reviewer, id);
    expect(rest.headers.get("Location")).toBe(`${p.review}?published=3&mails=2`);
    expect(await publicRows()).toHaveLength(4);
    const authorNotes = await w.db
      .selectFrom("notifications")
      .select(["kind", "subject_id"])
      .where("user_id", "=", w.users.author.id)
      .execute();
    expect(authorNotes.map((n) => n.subject_id).sort()).toEqual([w.ids.o1, w.ids.o4].sort());
    // Nothing is left to publish: the confirmation says so and the button is refused.
    const empty = await get(publish, p.publish, w.as.reviewer, id);
    expect(empty.data.preview.count).toBe(0);
    expect((await post(publish, p.publish, {}, w.as.reviewer, id)).status).toBe(409);
    const unknown = await get(publish, `${p.publish}?provision=nope`, w.as.reviewer, id);
    expect(unknown.status).toBe(404);
  });

  it("lets an administrator grant team roles from the legislature's users, and revoke one only through the confirmation step", async () => {
    const w = await world();
    const p = paths(w);
    const id = { billId: w.billId };
    const page = await get(team, p.team, w.as.admin, id);
    expect(page.status).toBe(200);
    expect(page.data.team).toHaveLength(3);
    const candidates = page.data.candidates.map((c: { id: string }) => c.id);
    expect(candidates).toContain(w.users.drafter.id);
    // The citizen author and the other legislature's admin are not its users.
    expect(candidates).not.toContain(w.users.author.id);
    expect(candidates).not.toContain(w.users.otherAdmin.id);

    const granted = await post(
      team,
      p.team,
      { intent: "grant", userId: w.users.drafter.id, role: "reviewer" },
      w.as.admin,
      id,
    );
    expect(granted.status).toBe(302);
    const notice = await get(team, granted.headers.get("Location")!, w.as.admin, id);
    expect(notice.data.done).toMatchObject({ what: "granted", role: "reviewer" });
    expect(
      (await listBillTeam(w.db, w.billId)).some(
        (m) => m.userId === w.users.drafter.id && m.role === "reviewer",
      ),
    ).toBe(true);
    const outsider = await post(
      team,
      p.team,
      { intent: "grant", userId: w.users.author.id, role: "handler" },
      w.as.admin,
      id,
    );
    expect(outsider.status).toBe(400);

    // A revoke without the confirmation's answer goes to the confirmation step; nothing changes.
    const asked = await post(
      team,
      p.team,
      { intent: "revoke", userId: w.users.handler.id, role: "handler" },
      w.as.admin,
      id,
    );
    expect(asked.status).toBe(302);
    const step = await get(team, asked.headers.get("Location")!, w.as.admin, id);
    expect(step.data.revoking).toMatchObject({ userId: w.users.handler.id, role: "handler" });
    const held = async () =>
      (await listBillTeam(w.db, w.billId)).some(
        (m) => m.userId === w.users.handler.id && m.role === "handler",
      );
    expect(await held()).toBe(true);
    const revoked = await post(
      team,
      p.team,
      { intent: "revoke", userId: w.users.handler.id, role: "handler", confirm: "yes" },
      w.as.admin,
      id,
    );
    expect(revoked.status).toBe(302);
    expect(await held()).toBe(false);
    const audit = await w.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", w.billId)
      .where("action", "like", "bill_team.%")
      .execute();
    expect(audit.map((a) => a.action)).toContain("bill_team.revoke");
  });

  it("refuses the bill team to everyone but an administrator of the bill's legislature", async () => {
    const w = await world();
    const p = paths(w);
    const id = { billId: w.billId };
    for (const who of [w.as.drafter, w.as.reviewer, w.as.handler, w.as.otherAdmin]) {
      expect((await get(team, p.team, who, id)).status).toBe(403);
      const grant = await post(
        team,
        p.team,
        { intent: "grant", userId: w.users.drafter.id, role: "reviewer" },
        who,
        id,
      );
      expect(grant.status).toBe(403);
      const revoke = await post(
        team,
        p.team,
        { intent: "revoke", userId: w.users.handler.id, role: "handler", confirm: "yes" },
        who,
        id,
      );
      expect(revoke.status).toBe(403);
    }
    expect(await listBillTeam(w.db, w.billId)).toHaveLength(3);
    // The bill page links its administrators, and only them, to the team.
    const forAdmin = await get(bill, `/bills/${w.billId}`, w.as.admin, id);
    expect(forAdmin.data.teamLink).toBe(p.team);
    const forDrafter = await get(bill, `/bills/${w.billId}`, w.as.drafter, id);
    expect(forDrafter.data.teamLink).toBeNull();
  });
});

/** Stores a published opinion as the public form (or a contact point's report) would have. */
async function addOpinion(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    versionId: string;
    pid: string | null;
    body: string;
    author?: string;
    point?: string;
  },
): Promise<string> {
  const reports = contactPointReports(db);
  const submissionId = input.point
    ? await reports.create({
        contactPointId: input.point,
        consultationId: input.consultationId,
        status: "submitted",
      })
    : null;
  const row = await db
    .insertInto("opinions")
    .values({
      consultation_id: input.consultationId,
      version_id: input.versionId,
      provision_pid: input.pid,
      scope: input.pid ? "article" : "draft",
      body: input.body,
      channel: input.point ? "symposium" : "online",
      contact_point_id: input.point ?? null,
      submission_id: submissionId,
      author_user_id: input.author ?? null,
      headcount: 1,
      respondent_type: "individual",
      status: await reports.opinionStatus(submissionId, "published"),
      receipt: `KMR${randomUUID().slice(0, 12)}`,
      lookup_code_hash: "x",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await reports.settle(submissionId);
  return row.id;
}
