// 立法项目建议征集 (issue 17 item 1): who may read and do what, idempotent submission, 附议 once,
// moderation, and the rule that a triage is nobody's business but the drafters' until the annual
// plan is published, when every proposer with an account hears of it.
import { describe, expect, it } from "vitest";
import * as apiOpenapi from "../../app/routes/api.openapi.ts";
import * as apiPlans from "../../app/routes/api.legislative-plans.ts";
import * as apiProposals from "../../app/routes/api.proposals.ts";
import * as me from "../../app/routes/me.tsx";
import * as moderationProposals from "../../app/routes/moderation-proposals.tsx";
import * as planPage from "../../app/routes/plan.tsx";
import * as proposalLookup from "../../app/routes/proposal-lookup.tsx";
import * as proposalNew from "../../app/routes/proposal-new.tsx";
import * as proposalPage from "../../app/routes/proposal.tsx";
import * as proposalsPage from "../../app/routes/proposals.tsx";
import * as workspaceCall from "../../app/routes/workspace-proposals-call.tsx";
import {
  makeBillWithVersion,
  makeContactPoint,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { createProposalCall } from "../../services/legislative-plans.ts";
import { useTestDatabase } from "../support/database.ts";
import { checkSchema } from "../support/openapi.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

const NAME = "欧阳建议人";
const CONTACT = "13912345678";
const DAY = 86_400_000;
// The tests of this file share one database: each world has its own plan year and is read by it.
let nextYear = 2040;

describe("project proposals and the annual plan", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /** A legislature with an open call, a drafter, a citizen, a coordinator and a bill. */
  async function world() {
    const db = t.handle.db;
    const organizationId = await makeOrganization(db);
    const pointId = await makeContactPoint(db, {
      organizationId,
      name: "和平桥街道基层立法联系点",
    });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId }] });
    const drafterId = drafter.id;
    const citizen = await makeUser(db, { displayName: "市民甲" });
    const other = await makeUser(db, { displayName: "市民乙" });
    const coordinator = await makeUser(db, {
      roles: [{ role: "coordinator", organizationId, contactPointId: pointId }],
    });
    const moderator = await makeUser(db, { roles: [{ role: "moderator", organizationId }] });
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId });
    const year = nextYear++;
    const callId = await createProposalCall(db, {
      organizationId,
      year,
      title: "2031年度立法计划项目建议征集",
      description: "",
      opensAt: new Date(Date.now() - DAY),
      closesAt: new Date(Date.now() + 30 * DAY),
      userId: drafterId,
      ip: null,
    });
    return {
      organizationId,
      pointId,
      drafter,
      citizen,
      other,
      coordinator,
      moderator,
      billId,
      versionId,
      callId,
      year,
    };
  }

  /** The ids of a call's proposals, oldest first. */
  const proposalIds = async (callId: string, status?: "pending" | "published") => {
    let q = t.handle.db.selectFrom("proposals").select("id").where("call_id", "=", callId);
    if (status) q = q.where("status", "=", status);
    return (await q.orderBy("created_at").execute()).map((r) => r.id);
  };

  /** Files a proposal through the form as a browser would; the action's outcome. */
  async function propose(
    callId: string,
    fields: Record<string, string>,
    options: { cookie?: string; key?: string } = {},
  ) {
    return callRoute(
      proposalNew.action,
      formRequest(
        `/proposals/new?call=${callId}`,
        {
          title: "制定养犬管理条例",
          reasons: "城区养犬纠纷逐年增多，现行规定分散。",
          problem: "犬只登记和伤人责任不清。",
          relatedRules: "《中华人民共和国动物防疫法》第三十条",
          respondentType: "individual",
          idempotencyKey: options.key ?? crypto.randomUUID(),
          ...fields,
        },
        options.cookie ? { cookie: options.cookie } : {},
      ),
      ctx(),
    );
  }

  const drafterPost = (callId: string, fields: Record<string, string>, cookie: string) =>
    callRoute(
      workspaceCall.action,
      formRequest(`/workspace/proposals/${callId}`, fields, { cookie }),
      ctx(),
      { callId },
    );

  it("files a proposal once per key: a repeat gets the same receipt, another body under the key is refused", async () => {
    const w = await world();
    const key = crypto.randomUUID();
    const first = await propose(
      w.callId,
      { name: NAME, contact: CONTACT, consent: "yes" },
      { key },
    );
    expect(first.status).toBe(201);
    expect(first.data.receipt).toMatch(/^JY\d{8}[A-Z2-9]{6}$/);
    const again = await propose(
      w.callId,
      { name: NAME, contact: CONTACT, consent: "yes" },
      { key },
    );
    expect(again.data.receipt).toBe(first.data.receipt);
    expect(again.data.lookupCode).toBe(first.data.lookupCode);
    const changed = await propose(
      w.callId,
      { name: NAME, contact: CONTACT, consent: "yes", title: "另一个题目" },
      { key },
    );
    expect(changed.status).toBe(422);
    expect(await proposalIds(w.callId)).toHaveLength(1);
  });

  it("refuses a blank subject and missing consent with clear Chinese messages, and a closed call", async () => {
    const w = await world();
    const blank = await propose(w.callId, { title: "  ", consent: "yes" });
    expect(blank.status).toBe(400);
    expect(blank.data.fields.title).toBe("proposal.error.titleRequired");
    const noConsent = await propose(w.callId, {});
    expect(noConsent.status).toBe(400);
    expect(noConsent.data.fields.consent).toBe("proposal.consentRequired");
    const drafterCookie = await signInCookie(ctx(), w.drafter);
    await drafterPost(w.callId, { intent: "close" }, drafterCookie);
    const closed = await propose(w.callId, { consent: "yes" });
    expect(closed.status).toBe(409);
  });

  it("never shows the proposer's name or contact on public pages, the lookup or the API; the drafters see them", async () => {
    const w = await world();
    const filed = await propose(w.callId, { name: NAME, contact: CONTACT, consent: "yes" });
    expect(filed.status).toBe(201);
    const [id] = (await proposalIds(w.callId)) as [string];
    const publicAnswers = [
      await callRoute(proposalsPage.loader, getRequest("/proposals"), ctx()),
      await callRoute(proposalPage.loader, getRequest(`/proposals/${id}`), ctx(), { id }),
      await callRoute(apiProposals.loader, getRequest(`/api/v1/proposals?call=${w.callId}`), ctx()),
      await callRoute(
        proposalLookup.action,
        formRequest("/proposals/lookup", {
          receipt: filed.data.receipt,
          code: filed.data.lookupCode,
        }),
        ctx(),
      ),
    ];
    for (const answer of publicAnswers) {
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.data);
      expect(text).toContain("制定养犬管理条例");
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(CONTACT);
    }
    const drafterCookie = await signInCookie(ctx(), w.drafter);
    const internal = await callRoute(
      workspaceCall.loader,
      getRequest(`/workspace/proposals/${w.callId}`, drafterCookie),
      ctx(),
      { callId: w.callId },
    );
    expect(JSON.stringify(internal.data)).toContain(NAME);
    expect(JSON.stringify(internal.data)).toContain(CONTACT);
  });

  it("lets only the legislature's drafters triage and publish", async () => {
    const w = await world();
    await propose(w.callId, { consent: "yes" });
    const [id] = (await proposalIds(w.callId)) as [string];
    const otherDrafter = await makeUser(t.handle.db, {
      roles: [{ role: "drafter", organizationId: await makeOrganization(t.handle.db) }],
    });
    for (const user of [w.citizen, w.coordinator, w.moderator, otherDrafter]) {
      const cookie = await signInCookie(ctx(), user);
      const triage = await drafterPost(
        w.callId,
        { intent: "triage", proposalId: id, decision: "formal", reason: "理由" },
        cookie,
      );
      expect(triage.status).toBe(403);
      const publish = await drafterPost(w.callId, { intent: "publish", confirm: "yes" }, cookie);
      expect(publish.status).toBe(403);
    }
    const anonymous = await callRoute(
      workspaceCall.action,
      formRequest(`/workspace/proposals/${w.callId}`, { intent: "publish", confirm: "yes" }),
      ctx(),
      { callId: w.callId },
    );
    expect(anonymous.status).toBe(302);
    const triages = await t.handle.db
      .selectFrom("proposal_triages")
      .selectAll()
      .where("proposal_id", "=", id)
      .execute();
    expect(triages).toHaveLength(0);
  });

  it("keeps a triage internal until the plan is published, then shows it everywhere and notifies the proposer", async () => {
    const w = await world();
    const db = t.handle.db;
    const citizenCookie = await signInCookie(ctx(), w.citizen);
    const filed = await propose(w.callId, {}, { cookie: citizenCookie });
    expect(filed.status).toBe(201);
    const [id] = (await proposalIds(w.callId)) as [string];
    const drafterCookie = await signInCookie(ctx(), w.drafter);
    expect(
      (
        await drafterPost(
          w.callId,
          { intent: "project", title: "南通市养犬管理条例", category: "formal" },
          drafterCookie,
        )
      ).status,
    ).toBe(200);
    const projectId = (
      await db
        .selectFrom("plan_projects as pj")
        .innerJoin("legislative_plans as lp", "lp.id", "pj.plan_id")
        .select("pj.id")
        .where("lp.organization_id", "=", w.organizationId)
        .executeTakeFirstOrThrow()
    ).id;
    const REASON = "养犬管理问题突出，列入正式项目。";
    const triaged = await drafterPost(
      w.callId,
      { intent: "triage", proposalId: id, decision: "formal", reason: REASON, projectId },
      drafterCookie,
    );
    expect(triaged.status).toBe(200);
    await drafterPost(w.callId, { intent: "link", projectId, billId: w.billId }, drafterCookie);

    const publicViews = async () => [
      await callRoute(proposalPage.loader, getRequest(`/proposals/${id}`), ctx(), { id }),
      await callRoute(apiProposals.loader, getRequest(`/api/v1/proposals?call=${w.callId}`), ctx()),
      await callRoute(me.loader, getRequest("/me", citizenCookie), ctx()),
      await callRoute(
        proposalLookup.action,
        formRequest("/proposals/lookup", {
          receipt: filed.data.receipt,
          code: filed.data.lookupCode,
        }),
        ctx(),
      ),
    ];
    for (const answer of await publicViews())
      expect(JSON.stringify(answer.data)).not.toContain(REASON);
    expect(
      (
        await callRoute(planPage.loader, getRequest(`/plans/${w.year}`), ctx(), {
          year: String(w.year),
        })
      ).status,
    ).toBe(404);
    const plansNow = await callRoute(
      apiPlans.loader,
      getRequest("/api/v1/legislative-plans"),
      ctx(),
    );
    expect(JSON.stringify(plansNow.data)).not.toContain(w.organizationId);
    const noticesOf = () =>
      db.selectFrom("notifications").selectAll().where("user_id", "=", w.citizen.id).execute();
    expect(await noticesOf()).toHaveLength(0);

    const published = await drafterPost(
      w.callId,
      { intent: "publish", confirm: "yes" },
      drafterCookie,
    );
    expect(published.status).toBe(200);
    expect(published.data.params).toEqual({ count: 1 });

    for (const answer of await publicViews()) expect(JSON.stringify(answer.data)).toContain(REASON);
    const api = await callRoute(
      apiProposals.loader,
      getRequest(`/api/v1/proposals?call=${w.callId}`),
      ctx(),
    );
    expect(api.data.items[0].decision).toEqual({
      code: "formal",
      reason: REASON,
      projectId,
      billId: w.billId,
    });
    const plan = await callRoute(planPage.loader, getRequest(`/plans/${w.year}`), ctx(), {
      year: String(w.year),
    });
    expect(plan.status).toBe(200);
    const project = plan.data.plans[0].projects[0];
    expect(project).toMatchObject({
      title: "南通市养犬管理条例",
      billId: w.billId,
      billVersionId: w.versionId,
    });
    expect(project.proposals).toEqual([{ id, title: "制定养犬管理条例" }]);
    const notices = await noticesOf();
    expect(notices.map((n) => [n.user_id, n.kind, n.subject_id])).toEqual([
      [w.citizen.id, "plan_published", id],
    ]);
    const mail = await db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("recipient", "=", w.citizen.email)
      .execute();
    expect(mail.map((m) => m.recipient)).toEqual([w.citizen.email]);
    expect(mail[0]!.body).toContain("列入正式项目");
    // Published decisions are what proposers were told: they no longer change.
    const late = await drafterPost(
      w.callId,
      { intent: "triage", proposalId: id, decision: "rejected", reason: "改变主意" },
      drafterCookie,
    );
    expect(late.status).toBe(409);
  });

  it("refuses to publish the plan while a proposal is not triaged, or without confirmation", async () => {
    const w = await world();
    await propose(w.callId, { consent: "yes" });
    const cookie = await signInCookie(ctx(), w.drafter);
    const unconfirmed = await drafterPost(w.callId, { intent: "publish" }, cookie);
    expect(unconfirmed.status).toBe(400);
    const untriaged = await drafterPost(w.callId, { intent: "publish", confirm: "yes" }, cookie);
    expect(untriaged.status).toBe(409);
    expect(untriaged.data.message).toBe("plan.error.untriaged");
    const plan = await t.handle.db
      .selectFrom("legislative_plans")
      .selectAll()
      .where("organization_id", "=", w.organizationId)
      .executeTakeFirst();
    expect(plan?.published_at ?? null).toBeNull();
  });

  it("counts a person's 附议 once and refuses to support one's own proposal", async () => {
    const w = await world();
    const mine = await signInCookie(ctx(), w.citizen);
    await propose(w.callId, {}, { cookie: mine });
    const [id] = (await proposalIds(w.callId)) as [string];
    const support = (cookie: string) =>
      callRoute(
        proposalPage.action,
        formRequest(`/proposals/${id}`, { proposalId: id }, { cookie }),
        ctx(),
        { id },
      );
    const theirs = await signInCookie(ctx(), w.other);
    expect((await support(theirs)).data.outcome).toBe("added");
    expect((await support(theirs)).data.outcome).toBe("already");
    expect((await support(mine)).data.outcome).toBe("own");
    const page = await callRoute(proposalPage.loader, getRequest(`/proposals/${id}`), ctx(), {
      id,
    });
    expect(page.data.proposal.supports).toBe(1);
    const noCsrf = await callRoute(
      proposalPage.action,
      formRequest(`/proposals/${id}`, { proposalId: id }, { cookie: theirs, csrf: null }),
      ctx(),
      { id },
    );
    expect(noCsrf.status).toBe(403);
  });

  it("holds a proposal with a sensitive word for review, and a moderator's hiding removes it from public pages and the API", async () => {
    const w = await world();
    const held = await propose(w.callId, { consent: "yes", reasons: "加微信领取立法红包" });
    expect(held.data.pending).toBe(true);
    await propose(w.callId, { consent: "yes", title: "制定停车管理条例" });
    const [heldId] = (await proposalIds(w.callId, "pending")) as [string];
    const [shownId] = (await proposalIds(w.callId, "published")) as [string];
    const listed = async () =>
      (
        await callRoute(
          apiProposals.loader,
          getRequest(`/api/v1/proposals?call=${w.callId}`),
          ctx(),
        )
      ).data.items.map((i: { id: string }) => i.id);
    expect(await listed()).toEqual([shownId]);
    expect(
      (
        await callRoute(proposalPage.loader, getRequest(`/proposals/${heldId}`), ctx(), {
          id: heldId,
        })
      ).status,
    ).toBe(404);

    const cookie = await signInCookie(ctx(), w.moderator);
    const queue = await callRoute(
      moderationProposals.loader,
      getRequest("/moderation/proposals", cookie),
      ctx(),
    );
    expect(queue.data.proposals.map((p: { id: string }) => p.id)).toEqual([heldId]);
    const hide = await callRoute(
      moderationProposals.action,
      formRequest(
        "/moderation/proposals",
        { intent: "hide", proposalId: shownId, reason: "与立法无关" },
        { cookie },
      ),
      ctx(),
    );
    expect(hide.data.ok).toBe(true);
    expect(await listed()).toEqual([]);
    expect(
      (
        await callRoute(proposalPage.loader, getRequest(`/proposals/${shownId}`), ctx(), {
          id: shownId,
        })
      ).status,
    ).toBe(404);
    const citizen = await signInCookie(ctx(), w.citizen);
    const refused = await callRoute(
      moderationProposals.action,
      formRequest(
        "/moderation/proposals",
        { intent: "approve", proposalId: heldId },
        { cookie: citizen },
      ),
      ctx(),
    );
    expect(refused.status).toBe(403);
  });

  it("records a contact point's proposal for its area with provenance, shown publicly by the point's name", async () => {
    const w = await world();
    const cookie = await signInCookie(ctx(), w.coordinator);
    const filed = await propose(
      w.callId,
      { onBehalf: "yes", provenance: "2031年3月社区座谈会收集", respondentType: "organization" },
      { cookie },
    );
    expect(filed.status).toBe(201);
    const row = await t.handle.db
      .selectFrom("proposals")
      .selectAll()
      .where("call_id", "=", w.callId)
      .executeTakeFirstOrThrow();
    expect(row.contact_point_id).toBe(w.pointId);
    expect(row.provenance).toBe("2031年3月社区座谈会收集");
    const page = await callRoute(proposalPage.loader, getRequest(`/proposals/${row.id}`), ctx(), {
      id: row.id,
    });
    expect(page.data.proposal.contactPointName).toBe("和平桥街道基层立法联系点");
    const api = await callRoute(
      apiProposals.loader,
      getRequest(`/api/v1/proposals?call=${w.callId}`),
      ctx(),
    );
    expect(api.data.items[0].contactPointId).toBe(w.pointId);
  });

  it("answers the API lists in the OpenAPI shapes, with cursor paging that neither repeats nor skips", async () => {
    const w = await world();
    for (let i = 0; i < 5; i++) await propose(w.callId, { consent: "yes", title: `建议${i}` });
    const doc = JSON.parse(await apiOpenapi.loader().text());
    const seen: string[] = [];
    let next: string | null = null;
    for (let page = 0; page < 10; page++) {
      const answer = await callRoute(
        apiProposals.loader,
        getRequest(`/api/v1/proposals?call=${w.callId}&limit=2${next ? `&next=${next}` : ""}`),
        ctx(),
      );
      const schema =
        doc.paths["/proposals"].get.responses["200"].content["application/json"].schema;
      expect(checkSchema(doc, schema, answer.data, "GET /proposals")).toEqual([]);
      seen.push(...answer.data.items.map((i: { id: string }) => i.id));
      next = answer.data.next;
      if (!next) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const bad = await callRoute(
      apiProposals.loader,
      getRequest("/api/v1/proposals?next=xyz"),
      ctx(),
    );
    expect(bad.status).toBe(400);
    expect(bad.data.error.code).toBe("bad_request");

    const cookie = await signInCookie(ctx(), w.drafter);
    for (const id of seen)
      await drafterPost(
        w.callId,
        { intent: "triage", proposalId: id, decision: "rejected", reason: "已有规定" },
        cookie,
      );
    await drafterPost(w.callId, { intent: "publish", confirm: "yes" }, cookie);
    const plans = await callRoute(apiPlans.loader, getRequest("/api/v1/legislative-plans"), ctx());
    const schema =
      doc.paths["/legislative-plans"].get.responses["200"].content["application/json"].schema;
    expect(checkSchema(doc, schema, plans.data, "GET /legislative-plans")).toEqual([]);
    const ours = plans.data.items.filter(
      (p: { organizationId: string }) => p.organizationId === w.organizationId,
    );
    expect(ours.map((p: { year: number }) => p.year)).toEqual([w.year]);
  });
});
