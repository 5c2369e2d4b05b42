import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as root from "../../app/root.tsx";
import * as handling from "../../app/routes/handling.tsx";
import * as record from "../../app/routes/handling-record.tsx";
import * as login from "../../app/routes/login.tsx";
import * as me from "../../app/routes/me.tsx";
import * as notifications from "../../app/routes/notifications.tsx";
import type { Channel } from "../../db/codes.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { insertVersion } from "../../db/queries/bills.ts";
import type { Database } from "../../db/schema.ts";
import { deliverPendingMail, messageIdFor } from "../../services/mail-delivery.ts";
import { useMailTransport, type OutgoingMessage } from "../../services/notifications.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { publishDispositions, reviewDispositions } from "../../services/disposition-workflow.ts";
import { noticeText } from "../../app/lib/notice-text.ts";
import type { Kysely } from "kysely";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";
import { makeReviewer, publishDisposition } from "../support/dispositions.ts";
import { contactPointReports } from "../support/submissions.ts";

const call = callRoute;
const DAY = 86_400_000;

const TEMPLATE =
  "我们是本市的生猪养殖户，建议第一条规定的强制免疫费用由财政全额承担，不要再向养殖户收取任何费用。";

/** A bill of two chapters and three articles, its 一审稿 and a 二审稿 that keeps two of them. */
async function makeReadings(db: Kysely<Database>, organizationId: string) {
  const { document } = sampleText(["甲", "乙", "丙"]);
  const [ch1, a1, a2, ch2, a3, a4] = Array.from({ length: 6 }, () => randomUUID());
  const row = (
    pid: string,
    kind: "chapter" | "article",
    ordinal: number,
    number: number,
    label: string,
    headingPath: string[],
    text: string,
    parentPid: string | null,
  ) => ({ pid, kind, ordinal, number, label, headingPath, text, parentPid });
  const first = [
    row(ch1!, "chapter", 0, 1, "第一章", [], "总则", null),
    row(a1!, "article", 1, 1, "第一条", ["第一章 总则"], "为了预防动物疫病，制定本条例。", ch1!),
    row(a2!, "article", 2, 2, "第二条", ["第一章 总则"], "本条例适用于本市行政区域。", ch1!),
    row(ch2!, "chapter", 3, 2, "第二章", [], "动物疫病的预防", null),
    row(a3!, "article", 4, 3, "第三条", ["第二章 动物疫病的预防"], "实行强制免疫。", ch2!),
  ];
  const { billId, versionId } = await makeBillWithVersion(db, {
    organizationId,
    document,
    provisions: first,
  });
  const secondId = await insertVersion(db, {
    billId,
    label: "second_reading",
    title: "二审稿",
    document,
    provisions: [
      row(ch1!, "chapter", 0, 1, "第一章", [], "总则", null),
      row(
        a1!,
        "article",
        1,
        1,
        "第一条",
        ["第一章 总则"],
        "为了预防和控制动物疫病，制定本条例。",
        ch1!,
      ),
      row(a4!, "article", 2, 2, "第二条", ["第一章 总则"], "强制免疫费用由财政承担。", ch1!),
      row(a3!, "article", 3, 3, "第三条", ["第一章 总则"], "实行强制免疫。", ch1!),
    ],
  });
  return {
    billId,
    versionId,
    secondId,
    pids: { ch1: ch1!, a1: a1!, a2: a2!, ch2: ch2!, a3: a3!, a4: a4! },
  };
}

/** Stores an opinion as another channel would have (the contact points' own forms are elsewhere). */
async function addOpinion(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    versionId: string;
    pid: string | null;
    body: string;
    channel?: Channel;
    contactPointId?: string;
    submissionId?: string;
    headcount?: number;
    authorUserId?: string;
    respondentType?: "individual" | "expert" | "enterprise";
    status?: "published" | "pending";
  },
) {
  const reports = contactPointReports(db);
  const row = await db
    .insertInto("opinions")
    .values({
      consultation_id: input.consultationId,
      version_id: input.versionId,
      provision_pid: input.pid,
      scope: input.pid ? "article" : "draft",
      body: input.body,
      channel: input.channel ?? "online",
      contact_point_id: input.contactPointId ?? null,
      submission_id: input.submissionId ?? null,
      headcount: input.headcount ?? 1,
      author_user_id: input.authorUserId ?? null,
      respondent_type: input.respondentType ?? "individual",
      status: await reports.opinionStatus(input.submissionId, input.status ?? "published"),
      receipt: `KMT${randomUUID().slice(0, 12)}`,
      lookup_code_hash: "x",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await reports.settle(input.submissionId);
  return row.id;
}

function addSubmission(
  db: Kysely<Database>,
  input: {
    pointId: string;
    consultationId: string;
    status: "draft" | "submitted" | "received";
    replacesId?: string;
  },
) {
  return contactPointReports(db).create({ contactPointId: input.pointId, ...input });
}

describe("handling opinions (处理情况)", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  // The e-mails the worker would deliver: requests only queue them in the mail outbox, so each
  // test delivers what its requests queued before looking. Rows a test left unsent are cleared
  // first, so no test reads another's mail (files run their tests in any order).
  const mails: OutgoingMessage[] = [];
  const deliver = async () => {
    const transport = {
      async sendMail(message: OutgoingMessage) {
        mails.push(message);
      },
    };
    while ((await deliverPendingMail(t.handle.db, { transport })).claimed > 0);
    return mails;
  };
  beforeEach(async () => {
    mails.length = 0;
    await t.handle.db.deleteFrom("mail_outbox").where("sent_at", "is", null).execute();
  });
  afterEach(() => useMailTransport(null));
  const signIn = async (user: { email: string; password: string }) =>
    cookieFrom(
      (
        await call(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );

  async function world(options: { closed?: boolean } = {}) {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const readings = await makeReadings(db, org);
    const consultationId = await makeConsultation(db, {
      versionId: readings.versionId,
      ...(options.closed
        ? { opensAt: new Date(Date.now() - 40 * DAY), closesAt: new Date(Date.now() - DAY) }
        : {}),
    });
    const drafterUser = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const citizenUser = await makeUser(db, { displayName: "王市民" });
    // Contact points are found by name: each world gets its own.
    const pointName = `崇川区和平桥街道基层立法联系点（${randomUUID().slice(0, 6)}）`;
    const pointId = await makeContactPoint(db, { organizationId: org, name: pointName });
    const coordinatorUser = await makeUser(db, {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointId }],
    });
    return {
      db,
      org,
      ...readings,
      consultationId,
      pointId,
      pointName,
      drafterUser,
      citizenUser,
      coordinatorUser,
      drafter: await signIn(drafterUser),
      citizen: await signIn(citizenUser),
      coordinator: await signIn(coordinatorUser),
    };
  }

  const page = async (w: { consultationId: string; drafter: string }, query = "") =>
    call(
      handling.loader,
      getRequest(`/consultations/${w.consultationId}/handling${query}`, w.drafter),
      ctx(),
      {
        id: w.consultationId,
      },
    );
  const bodies = (data: { groups: { rows: { members: { body: string }[] }[] }[] }) =>
    data.groups.flatMap((g) => g.rows.flatMap((r) => r.members.map((m) => m.body)));

  it("publishes a disposition while the mail server is unreachable; the e-mail goes out once it answers", async () => {
    const w = await world();
    const body = { provisionPid: w.pids.a1, body: "建议明确免疫费用的承担主体。" };
    const answer = await submitOpinion(w.db, {
      consultationId: w.consultationId,
      key: randomUUID(),
      hash: requestHash(body),
      body,
      userId: w.citizenUser.id,
    });
    // A mail server that never answers: a request that waited for it would never end.
    let asked = 0;
    useMailTransport({
      sendMail: () => {
        asked++;
        return new Promise(() => {});
      },
    });
    const saved = await call(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        {
          opinionId: answer.id,
          code: "adopted",
          reason: "已在二审稿中明确由财政承担。",
          submit: "1",
        },
        { cookie: w.drafter },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(saved.data).toMatchObject({ ok: true, count: 1 });
    // Saved and submitted is still internal: nothing is queued until a reviewer publishes it.
    expect(
      await w.db
        .selectFrom("mail_outbox")
        .select("id")
        .where("recipient", "=", w.citizenUser.email)
        .execute(),
    ).toEqual([]);
    await makeReviewer(w.db, w.billId, w.drafterUser.id);
    const review = { consultationId: w.consultationId, actorId: w.drafterUser.id, ip: null };
    await reviewDispositions(w.db, {
      ...review,
      opinionIds: [answer.id],
      decision: "approve",
      comment: "",
    });
    await publishDispositions(w.db, { ...review, render: noticeText });
    expect(asked).toBe(0);
    const queued = await w.db
      .selectFrom("mail_outbox")
      .select(["id", "recipient", "sent_at"])
      .where("recipient", "=", w.citizenUser.email)
      .execute();
    expect(queued).toMatchObject([{ recipient: w.citizenUser.email, sent_at: null }]);

    // The worker's first try is refused: the message waits, with the reason, for a later one.
    const refused = await deliverPendingMail(w.db, {
      transport: {
        sendMail: () =>
          Promise.reject(
            Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), {
              code: "ECONNREFUSED",
            }),
          ),
      },
    });
    expect(refused.retried).toMatchObject([{ id: queued[0]!.id, attempts: 1 }]);
    expect(await deliver()).toEqual([]); // not due yet
    // Time passes; the server answers again.
    await w.db
      .updateTable("mail_outbox")
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where("id", "=", queued[0]!.id)
      .execute();
    await deliver();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: w.citizenUser.email,
      messageId: messageIdFor(queued[0]!.id),
    });
    expect(mails[0]!.text).toContain("采纳");
    expect(
      await w.db
        .selectFrom("mail_outbox")
        .select(["attempts", "last_error"])
        .where("id", "=", queued[0]!.id)
        .where("sent_at", "is not", null)
        .executeTakeFirst(),
    ).toEqual({ attempts: 2, last_error: "connect ECONNREFUSED 127.0.0.1:25" });
  });

  it("lets the bill's drafters draft a disposition that the citizen sees once it is published; nobody else may", async () => {
    const w = await world();
    const body = { provisionPid: w.pids.a1, body: "建议增加罚则。" };
    const answer = await submitOpinion(w.db, {
      consultationId: w.consultationId,
      key: "k1",
      hash: requestHash(body),
      body,
      userId: w.citizenUser.id,
    });
    const opinionId = answer.id;
    const saved = await call(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        { opinionId, code: "partly_adopted", reason: "罚则在第五章统一规定。" },
        { cookie: w.drafter },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(saved.data).toMatchObject({ ok: true, count: 1 });
    expect(bodies((await page(w, "?handled=no")).data)).toEqual([]);
    expect(
      await w.db
        .selectFrom("audit_log")
        .select("action")
        .where("subject_id", "=", opinionId)
        .execute(),
    ).toEqual([{ action: "disposition.save" }]);
    // The drafters see their draft; the citizen sees nothing of it yet, and is not told.
    const drafted = (await page(w)).data.groups[0].rows[0].members[0];
    expect(drafted).toMatchObject({ code: "partly_adopted", workState: "draft", publicCode: null });
    const before = await call(me.loader, getRequest("/me", w.citizen), ctx());
    expect(before.data.opinions[0]).toMatchObject({ dispositionCode: null });
    expect(await deliver()).toEqual([]);
    await publishDisposition(w.db, {
      opinionIds: [opinionId],
      code: "partly_adopted",
      reason: "罚则在第五章统一规定。",
      actorId: w.drafterUser.id,
    });
    const mine = await call(me.loader, getRequest("/me", w.citizen), ctx());
    expect(mine.data.opinions[0]).toMatchObject({
      dispositionCode: "partly_adopted",
      dispositionReason: "罚则在第五章统一规定。",
    });
    // The citizen is told, in the app and by e-mail.
    await deliver();
    expect(mails.map((m) => m.to)).toEqual([w.citizenUser.email]);
    expect(mails[0]!.text).toContain("部分采纳");

    const stranger = await signIn(
      await makeUser(w.db, {
        roles: [{ role: "drafter", organizationId: await makeOrganization(w.db) }],
      }),
    );
    expect((await page({ ...w, drafter: stranger })).status).toBe(403);
    const refused = await call(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        { opinionId, code: "adopted", reason: "" },
        {
          cookie: w.citizen,
        },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(refused.status).toBe(403);
    const noCsrf = await call(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        { opinionId, code: "adopted", reason: "" },
        {
          cookie: w.drafter,
          csrf: null,
        },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(noCsrf.status).toBe(403);
    const kept = await w.db
      .selectFrom("dispositions")
      .select("code")
      .where("opinion_id", "=", opinionId)
      .executeTakeFirstOrThrow();
    expect(kept.code).toBe("partly_adopted");
  });

  it("records opinions from letters, departments, expert meetings, hearings and others with their provenance", async () => {
    const w = await world();
    const post = (fields: Record<string, string>, cookie = w.drafter) =>
      call(
        record.action,
        formRequest(`/consultations/${w.consultationId}/handling/record`, fields, { cookie }),
        ctx(),
        { id: w.consultationId },
      );
    const cases = [
      ["letter", "南通市养殖业协会来函（通养协〔2026〕12号）", w.pids.a1, "organization", "3"],
      ["department", "市农业农村局书面意见", w.pids.a3, "department", "1"],
      ["expert_meeting", "动物防疫法修订专家论证会", "", "expert", "7"],
      ["hearing", "强制免疫费用听证会", w.pids.ch2, "individual", "12"],
      ["other", "市民热线 12345 转来", w.pids.a2, "individual", "1"],
    ] as const;
    const receipts: string[] = [];
    for (const [channel, provenance, target, respondentType, headcount] of cases) {
      const answer = await post({
        channel,
        provenance,
        receivedOn: "2026-03-02",
        target,
        body: `${provenance}：建议进一步明确强制免疫的组织实施主体。`,
        proposedText: "县级人民政府农业农村主管部门负责组织实施强制免疫。",
        authorName: channel === "letter" ? "南通市养殖业协会" : "",
        respondentType,
        headcount,
      });
      expect(answer.status).toBe(200);
      expect(answer.data).toMatchObject({ ok: true, receipt: expect.stringMatching(/^KM\d{8}/) });
      receipts.push(answer.data.receipt);
    }
    const stored = await w.db
      .selectFrom("opinions")
      .select([
        "channel",
        "provenance",
        "received_on",
        "recorded_by",
        "status",
        "scope",
        "headcount",
        "respondent_type",
        "author_name",
      ])
      .where("receipt", "in", receipts)
      .orderBy("created_at")
      .execute();
    expect(
      stored.map((o) => [o.channel, o.provenance, o.scope, o.headcount, o.respondent_type]),
    ).toEqual([
      ["letter", cases[0][1], "article", 3, "organization"],
      ["department", cases[1][1], "article", 1, "department"],
      ["expert_meeting", cases[2][1], "draft", 7, "expert"],
      ["hearing", cases[3][1], "chapter", 12, "individual"],
      ["other", cases[4][1], "article", 1, "individual"],
    ]);
    expect(new Set(stored.map((o) => `${o.received_on}|${o.recorded_by}|${o.status}`))).toEqual(
      new Set([`2026-03-02|${w.drafterUser.id}|published`]),
    );
    expect(stored[0]!.author_name).toBe("南通市养殖业协会");
    const audited = await w.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "opinion.record")
      .where("actor_user_id", "=", w.drafterUser.id)
      .execute();
    expect(audited).toHaveLength(5);

    // They sit beside the online ones in the handling view, with their provenance.
    const view = (await page(w)).data;
    expect(view.total).toBe(5);
    expect(view.people).toBe(24);
    expect(view.groups.map((g: { label: string | null }) => g.label)).toEqual([
      null,
      "第一条",
      "第二条",
      "第二章",
      "第三条",
    ]);

    // Bad input: a message for the field, and nothing stored.
    const before = await w.db
      .selectFrom("opinions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const good = {
      channel: "letter",
      provenance: "来信",
      receivedOn: "2026-03-02",
      target: w.pids.a1,
      body: "建议增加罚则。",
      respondentType: "individual",
      headcount: "1",
    };
    const bad: [Record<string, string>, string, string][] = [
      [{ ...good, provenance: "  " }, "provenance", "handling.record.provenanceRequired"],
      [{ ...good, body: "" }, "body", "handling.record.bodyRequired"],
      [{ ...good, receivedOn: "2026-02-30" }, "receivedOn", "handling.record.dateInvalid"],
      [{ ...good, receivedOn: "2999-01-01" }, "receivedOn", "handling.record.dateFuture"],
      [{ ...good, headcount: "0" }, "headcount", "handling.record.headcountInvalid"],
      [{ ...good, headcount: "2.5" }, "headcount", "handling.record.headcountInvalid"],
      [{ ...good, channel: "online" }, "channel", "handling.record.channelRequired"],
      [{ ...good, target: randomUUID() }, "target", "handling.record.targetUnknown"],
      [{ ...good, authorName: "名".repeat(51) }, "authorName", "handling.record.tooLong50"],
    ];
    for (const [fields, field, message] of bad) {
      const answer = await post(fields);
      expect(answer.status, field).toBe(400);
      expect(answer.data.fields[field], field).toBe(message);
    }
    // The same form sent twice records one opinion; the form's key with other content is refused.
    const formKey = randomUUID();
    const once = await post({ ...good, formKey });
    const twice = await post({ ...good, formKey });
    expect(once.data.lookupCode).toMatch(/^[A-Z0-9]{8}$/);
    expect(twice.data).toEqual({ ok: true, receipt: once.data.receipt, lookupCode: null });
    const changed = await post({ ...good, body: "另一条意见。", formKey });
    expect(changed.status).toBe(422);
    expect(changed.data.message).toBe("handling.record.changedRepeat");
    await w.db
      .deleteFrom("audit_log")
      .where("subject_id", "=", once.data.id ?? "")
      .execute();
    await w.db.deleteFrom("opinions").where("receipt", "=", once.data.receipt).execute();

    expect((await post(good, w.citizen)).status).toBe(403);
    const noCsrf = await call(
      record.action,
      formRequest(`/consultations/${w.consultationId}/handling/record`, good, {
        cookie: w.drafter,
        csrf: null,
      }),
      ctx(),
      { id: w.consultationId },
    );
    expect(noCsrf.status).toBe(403);
    const after = await w.db
      .selectFrom("opinions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("groups by article in text order and filters by channel, contact point, respondent type and status; a point's opinions appear once submitted", async () => {
    const w = await world();
    const base = { consultationId: w.consultationId, versionId: w.versionId };
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a3,
      body: "建议明确强制免疫的病种目录由谁公布。",
      authorUserId: w.citizenUser.id,
    });
    await addOpinion(w.db, {
      ...base,
      pid: null,
      body: "希望尽快出台配套规定。",
      respondentType: "expert",
    });
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: "建议写明立法目的包括保障公共卫生安全。",
      status: "pending",
    });
    const sent = await addSubmission(w.db, {
      pointId: w.pointId,
      consultationId: w.consultationId,
      status: "submitted",
    });
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: "座谈会上居民建议增加宠物犬免疫的规定。",
      channel: "symposium",
      contactPointId: w.pointId,
      submissionId: sent,
      headcount: 15,
    });
    const draft = await addSubmission(w.db, {
      pointId: w.pointId,
      consultationId: w.consultationId,
      status: "draft",
    });
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: "尚未报送的走访意见。",
      channel: "visit",
      contactPointId: w.pointId,
      submissionId: draft,
      headcount: 4,
    });
    const all = (await page(w)).data;
    expect(all.total).toBe(4);
    expect(all.people).toBe(18);
    expect(bodies(all)).not.toContain("尚未报送的走访意见。");
    expect(
      all.groups.map(
        (g: { label: string | null; heading: string | null; count: number; people: number }) => [
          g.label,
          g.heading,
          g.count,
          g.people,
        ],
      ),
    ).toEqual([
      [null, null, 1, 1],
      ["第一条", "第一章 总则", 2, 16],
      ["第三条", "第二章 动物疫病的预防", 1, 1],
    ]);
    expect(all.points).toEqual([{ id: w.pointId, name: w.pointName }]);
    expect(bodies((await page(w, "?channel=symposium")).data)).toEqual([
      "座谈会上居民建议增加宠物犬免疫的规定。",
    ]);
    expect(bodies((await page(w, `?point=${w.pointId}`)).data)).toEqual([
      "座谈会上居民建议增加宠物犬免疫的规定。",
    ]);
    expect(bodies((await page(w, "?respondent=expert")).data)).toEqual(["希望尽快出台配套规定。"]);
    expect(bodies((await page(w, "?status=pending")).data)).toEqual([
      "建议写明立法目的包括保障公共卫生安全。",
    ]);
    expect((await page(w, "?handled=yes")).data.total).toBe(0);

    // Once the point submits, the visit is there too; a correction replaces what it corrects.
    await w.db
      .updateTable("submissions")
      .set({ status: "submitted", submitted_at: new Date() })
      .where("id", "=", draft)
      .execute();
    expect(bodies((await page(w, "?channel=visit")).data)).toEqual(["尚未报送的走访意见。"]);
    const correction = await addSubmission(w.db, {
      pointId: w.pointId,
      consultationId: w.consultationId,
      status: "submitted",
      replacesId: sent,
    });
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: "更正后的座谈会意见。",
      channel: "visit",
      contactPointId: w.pointId,
      submissionId: correction,
      headcount: 15,
    });
    expect(bodies((await page(w, "?channel=symposium")).data)).toEqual([]);
  });

  it("clusters near-identical opinions across channels, and one decision covers every member", async () => {
    const w = await world();
    const base = { consultationId: w.consultationId, versionId: w.versionId };
    const sent = await addSubmission(w.db, {
      pointId: w.pointId,
      consultationId: w.consultationId,
      status: "received",
    });
    const members = [
      await addOpinion(w.db, {
        ...base,
        pid: w.pids.a1,
        body: TEMPLATE,
        authorUserId: w.citizenUser.id,
      }),
      await addOpinion(w.db, {
        ...base,
        pid: w.pids.a1,
        body: TEMPLATE.replace("全额", "全部").replace(/，/g, ","),
        channel: "letter",
      }),
      await addOpinion(w.db, {
        ...base,
        pid: null,
        body: `${TEMPLATE}`.replace("本市的", "本市"),
        channel: "symposium",
        contactPointId: w.pointId,
        submissionId: sent,
        headcount: 20,
      }),
    ];
    const different = await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: "建议第一条的强制免疫费用由中央和地方财政按比例分担，养殖户只承担疫苗运输费用。",
    });
    const other = await addOpinion(w.db, {
      ...base,
      pid: w.pids.a3,
      body: "建议规定病死动物无害化处理场所的选址条件。",
    });
    const view = (await page(w)).data;
    expect(view.clusters).toBe(1);
    const rows = view.groups.flatMap(
      (g: { rows: { members: { id: string }[]; people: number }[] }) => g.rows,
    );
    const cluster = rows.find((r: { members: unknown[] }) => r.members.length > 1);
    expect(new Set(cluster.members.map((m: { id: string }) => m.id))).toEqual(new Set(members));
    expect(cluster.people).toBe(22);
    expect(
      rows
        .filter((r: { members: unknown[] }) => r.members.length === 1)
        .map((r: { members: { id: string }[] }) => r.members[0]!.id)
        .sort(),
    ).toEqual([different, other].sort());

    const dispose = (fields: [string, string][]) => {
      const body = new URLSearchParams(fields);
      body.set("_csrf", "test-csrf-token-0123456789abcdefghij");
      return call(
        handling.action,
        new Request(`http://localhost/consultations/${w.consultationId}/handling`, {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: w.drafter },
        }),
        ctx(),
        { id: w.consultationId },
      );
    };
    const decision = (changed: string, ids = members): [string, string][] => [
      ...ids.map((id) => ["opinionId", id] as [string, string]),
      ["code", "adopted"],
      ["reason", "二审稿第二条已规定强制免疫费用由财政承担。"],
      ["changed", changed],
    ];
    // The changed provision must be a provision of a later reading of the same bill.
    const otherBill = await makeBillWithVersion(w.db, { organizationId: w.org });
    const otherPid = await w.db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", otherBill.versionId)
      .executeTakeFirstOrThrow();
    for (const wrong of [
      `${w.versionId}:${w.pids.a1}`,
      `${otherBill.versionId}:${otherPid.pid}`,
      `${w.secondId}:${w.pids.a2}`,
      "nonsense",
    ]) {
      const refused = await dispose(decision(wrong));
      expect(refused.status, wrong).toBe(400);
      expect(refused.data.message).toBe("handling.changedInvalid");
    }
    // An opinion of another consultation in the list refuses the whole decision.
    const elsewhere = await makeConsultation(w.db, { versionId: otherBill.versionId });
    const foreign = await addOpinion(w.db, {
      consultationId: elsewhere,
      versionId: otherBill.versionId,
      pid: null,
      body: TEMPLATE,
    });
    expect((await dispose(decision("", [...members, foreign]))).status).toBe(404);
    expect(
      await w.db
        .selectFrom("dispositions")
        .select("id")
        .where("opinion_id", "in", members)
        .execute(),
    ).toEqual([]);

    const saved = await dispose(decision(`${w.secondId}:${w.pids.a4}`));
    expect(saved.data).toMatchObject({ ok: true, count: 3 });
    const stored = await w.db
      .selectFrom("disposition_work")
      .select(["opinion_id", "code", "reason", "changed_version_id", "changed_pid"])
      .where("opinion_id", "in", members)
      .execute();
    expect(stored).toHaveLength(3);
    for (const d of stored)
      expect(d).toMatchObject({
        code: "adopted",
        changed_version_id: w.secondId,
        changed_pid: w.pids.a4,
      });
    const audit = await w.db
      .selectFrom("audit_log")
      .select(["subject_id", "data"])
      .where("action", "=", "disposition.save")
      .where("subject_id", "in", [...members, different, other, foreign])
      .execute();
    expect(audit.map((a) => a.subject_id).sort()).toEqual([...members].sort());
    expect(audit.every((a) => (a.data as { cluster?: number }).cluster === 3)).toBe(true);
    // The two others are untouched; nobody is told of a draft.
    expect((await page(w, "?handled=no")).data.total).toBe(2);
    expect(await deliver()).toEqual([]);
    // A not-adopted decision keeps no changed provision.
    await dispose([
      ["opinionId", different],
      ["code", "not_adopted"],
      ["reason", "费用分担另行规定。"],
      ["changed", `${w.secondId}:${w.pids.a1}`],
    ]);
    const notAdopted = await w.db
      .selectFrom("disposition_work")
      .select("changed_pid")
      .where("opinion_id", "=", different)
      .executeTakeFirstOrThrow();
    expect(notAdopted.changed_pid).toBeNull();
  });

  it("publishes the handling only once the consultation has closed, and tells authors and the point's coordinator", async () => {
    const open = await world();
    await makeReviewer(open.db, open.billId, open.drafterUser.id);
    const refused = await call(
      handling.action,
      formRequest(
        `/consultations/${open.consultationId}/handling`,
        { intent: "publish", note: "" },
        { cookie: open.drafter },
      ),
      ctx(),
      { id: open.consultationId },
    );
    expect(refused.status).toBe(409);
    expect(refused.data.message).toBe("handling.publish.notClosed");

    const w = await world({ closed: true });
    const base = { consultationId: w.consultationId, versionId: w.versionId };
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: TEMPLATE,
      authorUserId: w.citizenUser.id,
    });
    // A drafter who is not a reviewer of the bill cannot publish the report.
    const notReviewer = await call(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        { intent: "publish", note: "" },
        { cookie: w.drafter },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(notReviewer.status).toBe(403);
    await makeReviewer(w.db, w.billId, w.drafterUser.id);
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a3,
      body: "第二条意见",
      authorUserId: w.citizenUser.id,
    });
    const sent = await addSubmission(w.db, {
      pointId: w.pointId,
      consultationId: w.consultationId,
      status: "submitted",
    });
    await addOpinion(w.db, {
      ...base,
      pid: w.pids.a1,
      body: "座谈会意见",
      channel: "symposium",
      contactPointId: w.pointId,
      submissionId: sent,
      headcount: 9,
    });
    // Another point that only drafted: its coordinator is not told.
    const quietPoint = await makeContactPoint(w.db, { organizationId: w.org });
    const quiet = await makeUser(w.db, {
      roles: [{ role: "coordinator", organizationId: w.org, contactPointId: quietPoint }],
    });
    const quietDraft = await addSubmission(w.db, {
      pointId: quietPoint,
      consultationId: w.consultationId,
      status: "draft",
    });
    await addOpinion(w.db, {
      ...base,
      pid: null,
      body: "草稿意见",
      channel: "visit",
      contactPointId: quietPoint,
      submissionId: quietDraft,
    });

    const publish = (note: string) =>
      call(
        handling.action,
        formRequest(
          `/consultations/${w.consultationId}/handling`,
          { intent: "publish", note },
          { cookie: w.drafter },
        ),
        ctx(),
        { id: w.consultationId },
      );
    const first = await publish("共收到意见 3 条，采纳 1 条。");
    expect(first.data).toEqual({ intent: "publish", ok: true, first: true, notified: 2 });
    const c = await w.db
      .selectFrom("consultations")
      .select(["report_published_at", "report_note"])
      .where("id", "=", w.consultationId)
      .executeTakeFirstOrThrow();
    expect(c.report_published_at).toBeInstanceOf(Date);
    expect(c.report_note).toBe("共收到意见 3 条，采纳 1 条。");
    await deliver();
    expect(mails.map((m) => m.to).sort()).toEqual(
      [w.citizenUser.email, w.coordinatorUser.email].sort(),
    );
    const told = await w.db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where("subject_id", "=", w.consultationId)
      .execute();
    expect(told.map((n) => `${n.user_id}:${n.kind}`).sort()).toEqual(
      [
        `${w.citizenUser.id}:handling_published`,
        `${w.coordinatorUser.id}:point_handling_published`,
      ].sort(),
    );
    expect(told.some((n) => n.user_id === quiet.id)).toBe(false);
    // The page shows it and links to the report.
    const view = (await page(w)).data;
    expect(view.consultation.reportPublishedAt).toBeInstanceOf(Date);

    // Publishing again updates the note and the date, without telling everyone twice.
    mails.length = 0;
    const again = await publish("更正：采纳 2 条。");
    expect(again.data).toMatchObject({ ok: true, first: false });
    expect(await deliver()).toEqual([]);
    const updated = await w.db
      .selectFrom("consultations")
      .select(["report_note", "report_published_at"])
      .where("id", "=", w.consultationId)
      .executeTakeFirstOrThrow();
    expect(updated.report_note).toBe("更正：采纳 2 条。");
    expect(updated.report_published_at!.getTime()).toBeGreaterThanOrEqual(
      c.report_published_at!.getTime(),
    );
    expect(
      await w.db
        .selectFrom("audit_log")
        .select("action")
        .where("subject_id", "=", w.consultationId)
        .orderBy("id")
        .execute(),
    ).toEqual([
      { action: "consultation.publish_handling" },
      { action: "consultation.republish_handling" },
    ]);
    // A citizen cannot publish.
    const citizenTry = await call(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        { intent: "publish", note: "x" },
        { cookie: w.citizen },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(citizenTry.status).toBe(403);

    // Each sees only their own notifications, and the header counts them.
    const list = await call(
      notifications.loader,
      getRequest("/notifications", w.coordinator),
      ctx(),
    );
    expect(list.data.notifications.map((n: { kind: string }) => n.kind)).toEqual([
      "point_handling_published",
    ]);
    const header = await call(root.loader, getRequest("/", w.coordinator), ctx());
    expect(header.data.user.unread).toBe(1);
    const citizenList = await call(
      notifications.loader,
      getRequest("/notifications", w.citizen),
      ctx(),
    );
    expect(citizenList.data.notifications.map((n: { kind: string }) => n.kind)).toEqual([
      "handling_published",
    ]);
    // Marking someone else's notification read changes nothing; one's own, it does.
    const theirs = list.data.notifications[0].id as string;
    const markOther = await call(
      notifications.action,
      formRequest("/notifications", { id: theirs }, { cookie: w.citizen }),
      ctx(),
    );
    expect(markOther.data).toEqual({ marked: 0 });
    expect((await call(root.loader, getRequest("/", w.coordinator), ctx())).data.user.unread).toBe(
      1,
    );
    const markOwn = await call(
      notifications.action,
      formRequest("/notifications", { id: theirs }, { cookie: w.coordinator }),
      ctx(),
    );
    expect(markOwn.data).toEqual({ marked: 1 });
    expect((await call(root.loader, getRequest("/", w.coordinator), ctx())).data.user.unread).toBe(
      0,
    );
    // Anonymous visitors are sent to sign in.
    const anonymous = await call(notifications.loader, getRequest("/notifications"), ctx());
    expect(anonymous.status).toBe(302);
  });
});
