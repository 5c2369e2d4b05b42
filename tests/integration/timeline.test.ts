import { describe, expect, it } from "vitest";
import * as billTimeline from "../../app/routes/bill-timeline.tsx";
import * as coordinatorPage from "../../app/routes/coordinator.tsx";
import { insertConsultation } from "../../db/queries/consultations.ts";
import { listBillTimeline, listOpenCalls } from "../../db/queries/timeline.ts";
import {
  makeBillWithVersion,
  makeContactPoint,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import {
  createPlanProject,
  createProposalCall,
  linkProjectBill,
  publishPlan,
  triageProposal,
} from "../../services/legislative-plans.ts";
import { requestHash } from "../../services/opinions.ts";
import { submitProposal } from "../../services/proposals.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, getRequest, makeContext, signInCookie } from "../support/routes.ts";

const DAY = 86_400_000;
// Each world has its own plan year: the tests share one database.
let nextYear = 2060;

describe("a bill's public timeline and the open calls", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /** A bill with one reading, a comment period on it, and a proposal triaged into its project. */
  async function world(options: { publishPlan: boolean }) {
    const db = t.handle.db;
    const now = Date.now();
    const organizationId = await makeOrganization(db);
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId }] });
    const actor = { userId: drafter.id, ip: null };
    const title = `养犬管理条例 ${crypto.randomUUID().slice(0, 8)}`;
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId,
      title,
      label: "first_reading",
      // The reading came out before its comment period opened.
      publishedAt: new Date(now - 10 * DAY),
    });
    const year = nextYear++;
    const callId = await createProposalCall(db, {
      organizationId,
      year,
      title: `${year}年度立法计划项目建议征集`,
      description: "",
      opensAt: new Date(now - 40 * DAY),
      closesAt: new Date(now + 10 * DAY),
      ...actor,
    });
    const body = {
      title: "制定养犬管理条例的建议",
      reasons: "城区养犬纠纷逐年增多。",
      problem: "",
      relatedRules: "",
      respondentType: "individual",
      author: { name: "", contact: "" },
    };
    const proposal = await submitProposal(db, {
      callId,
      key: crypto.randomUUID(),
      hash: requestHash(body),
      body,
      userId: null,
      now: new Date(now - 30 * DAY),
    });
    const projectId = await createPlanProject(db, {
      callId,
      title,
      category: "formal",
      ...actor,
    });
    await triageProposal(db, {
      callId,
      proposalId: proposal.id,
      decision: "formal",
      reason: "列入正式项目。",
      projectId,
      ...actor,
    });
    await linkProjectBill(db, { projectId, billId, organizationId, ...actor });
    if (options.publishPlan)
      await publishPlan(db, {
        callId,
        render: () => ({ title: "计划已公布", body: "" }),
        now: new Date(now - 20 * DAY),
        ...actor,
      });
    const consultationId = await insertConsultation(db, {
      versionId,
      title: `${title}（草案）公开征求意见`,
      opensAt: new Date(now - 5 * DAY),
      closesAt: new Date(now + 25 * DAY),
    });
    return {
      organizationId,
      billId,
      versionId,
      consultationId,
      proposalId: proposal.id,
      callId,
      title,
    };
  }

  it("lists the proposal, the plan, the reading and the open comment period, each linking to its page", async () => {
    const w = await world({ publishPlan: true });
    const entries = await listBillTimeline(t.handle.db, w.billId);
    expect(entries.map((e) => e.stage)).toEqual(["proposal", "plan", "reading", "consultation"]);
    const [proposal, plan, reading, consultation] = entries;
    expect(proposal!.href).toBe(`/proposals/${w.proposalId}`);
    expect(proposal!.outcome?.key).toBe("proposal.decision.formal");
    expect(plan!.outcome?.key).toBe("plan.category.formal");
    expect(reading!.href).toBe(`/bills/${w.billId}/versions/${w.versionId}`);
    expect(consultation).toMatchObject({
      href: `/consultations/${w.consultationId}`,
      status: "open",
      outcome: { key: "timeline.outcome.opinions", values: { opinions: 0 } },
    });

    const page = await callRoute(
      billTimeline.loader,
      getRequest(`/bills/${w.billId}/timeline`),
      ctx(),
      { billId: w.billId },
    );
    expect(page.status).toBe(200);
    // The comment period stands under the reading it was on.
    expect(
      page.data.groups.map((g: { entry: { stage: string }; children: { stage: string }[] }) => [
        g.entry.stage,
        g.children.map((c) => c.stage),
      ]),
    ).toEqual([
      ["proposal", []],
      ["plan", []],
      ["reading", ["consultation"]],
    ]);
  });

  it("keeps a proposal's decision and the plan out of the timeline until the plan is published", async () => {
    const w = await world({ publishPlan: false });
    const entries = await listBillTimeline(t.handle.db, w.billId);
    expect(entries.map((e) => e.stage)).toEqual(["reading", "consultation"]);
  });

  it("answers 404 for a bill with nothing public", async () => {
    const db = t.handle.db;
    const organizationId = await makeOrganization(db);
    const { billId } = await makeBillWithVersion(db, { organizationId });
    await db.deleteFrom("versions").where("bill_id", "=", billId).execute();
    const page = await callRoute(
      billTimeline.loader,
      getRequest(`/bills/${billId}/timeline`),
      ctx(),
      { billId },
    );
    expect(page.status).toBe(404);
  });

  it("shows a coordinator every other open call, and the open calls list both stages", async () => {
    const w = await world({ publishPlan: false });
    const calls = await listOpenCalls(t.handle.db);
    expect(
      calls.some((c) => c.stage === "proposal" && c.href === `/proposals?call=${w.callId}`),
    ).toBe(true);
    expect(
      calls.some(
        (c) => c.stage === "consultation" && c.href === `/consultations/${w.consultationId}`,
      ),
    ).toBe(true);

    const pointId = await makeContactPoint(t.handle.db, { organizationId: w.organizationId });
    const coordinator = await makeUser(t.handle.db, {
      roles: [{ role: "coordinator", organizationId: w.organizationId, contactPointId: pointId }],
    });
    const page = await callRoute(
      coordinatorPage.loader,
      getRequest("/coordinator", await signInCookie(ctx(), coordinator)),
      ctx(),
    );
    expect(page.status).toBe(200);
    const listed = page.data.calls.map((c: { href: string }) => c.href);
    expect(listed).toContain(`/proposals?call=${w.callId}`);
    // The comment periods are the dashboard's cards, not repeated in the list.
    expect(listed).not.toContain(`/consultations/${w.consultationId}`);
  });
});
