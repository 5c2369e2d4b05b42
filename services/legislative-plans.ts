import type { Kysely } from "kysely";
import type { PlanCategory, ProposalDecision } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { findPlan, getProposalCall } from "../db/queries/proposals.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError, conflict, invalidInput, notFound } from "./errors.ts";
import { recordNotifications, type Notice, type RenderNotice } from "./notifications.ts";

// The drafters' side of 立法项目建议征集: opening a call for a year, triaging each proposal
// (列入正式项目 / 列入预备项目 / 调研项目 / 不予采纳, with a reason), the projects of the year's plan
// (年度立法计划) and the bill each links to, and publishing the plan. In the spirit of issue 15, a
// triage is internal until publication: the public pages and the API join a triage only to a
// published plan, and nobody is notified of one before. Publishing freezes the triages and the
// project list (they are what the proposers were told) and notifies every proposer with an
// account in the same transaction; a project may still be linked to its bill afterwards, since
// drafting starts after the plan.

interface Actor {
  userId: string;
  ip: string | null;
}

/** Opens a call for proposals of a legislature for a plan year. */
export async function createProposalCall(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    year: number;
    title: string;
    description: string;
    opensAt: Date;
    closesAt: Date;
  } & Actor,
): Promise<string> {
  if (!(input.closesAt > input.opensAt))
    throw invalidInput("proposal.error.closesBeforeOpens", {
      closesAt: "proposal.error.closesBeforeOpens",
    });
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("proposal_calls")
      .values({
        organization_id: input.organizationId,
        year: input.year,
        title: input.title.trim(),
        description: input.description.trim(),
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        created_by: input.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "proposal_call.create",
      subjectType: "proposal_call",
      subjectId: row.id,
      data: { year: input.year },
      ip: input.ip,
    });
    return row.id;
  });
}

/** Opens a call now (when it was upcoming or closed) or closes it now (when it was open). */
export async function setProposalCallOpen(
  db: Kysely<Database>,
  input: { callId: string; open: boolean; now?: Date } & Actor,
): Promise<void> {
  const now = input.now ?? new Date();
  const call = await getProposalCall(db, input.callId, now);
  if (!call) throw notFound("proposal.callNotFound");
  if (input.open === (call.status === "open")) return;
  await inTransaction(db, async (trx) => {
    const closesAt = new Date(call.closes_at);
    await trx
      .updateTable("proposal_calls")
      .set(
        input.open
          ? {
              opens_at: now,
              // Reopening a closed call gives it 30 more days.
              closes_at: closesAt > now ? closesAt : new Date(now.getTime() + 30 * 86_400_000),
            }
          : {
              closes_at: now,
              ...(new Date(call.opens_at) > now
                ? { opens_at: new Date(now.getTime() - 1000) }
                : {}),
            },
      )
      .where("id", "=", call.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: input.open ? "proposal_call.open" : "proposal_call.close",
      subjectType: "proposal_call",
      subjectId: call.id,
      ip: input.ip,
    });
  });
}

/** The plan of a legislature's year, made (unpublished) when there is none yet. */
export async function ensurePlan(
  db: Kysely<Database>,
  organizationId: string,
  year: number,
): Promise<string> {
  const found = await findPlan(db, organizationId, year);
  if (found) return found.id;
  await db
    .insertInto("legislative_plans")
    .values({ organization_id: organizationId, year, title: `${year}年度立法计划` })
    .onConflict((oc) => oc.columns(["organization_id", "year"]).doNothing())
    .execute();
  return (await findPlan(db, organizationId, year))!.id;
}

/** The plan a call's proposals go to, refused once published (its content is then fixed). */
async function openPlanOfCall(trx: Kysely<Database>, callId: string) {
  const call = await getProposalCall(trx, callId);
  if (!call) throw notFound("proposal.callNotFound");
  const planId = await ensurePlan(trx, call.organization_id, call.year);
  const plan = await trx
    .selectFrom("legislative_plans")
    .selectAll()
    .where("id", "=", planId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (plan.published_at) throw conflict("plan.error.published");
  return { call, plan };
}

/** Adds a project to the (unpublished) plan of a call's year. */
export async function createPlanProject(
  db: Kysely<Database>,
  input: { callId: string; title: string; category: PlanCategory; sponsor?: string } & Actor,
): Promise<string> {
  const title = input.title.trim();
  if (!title || title.length > 200)
    throw invalidInput("plan.error.projectTitle", { title: "plan.error.projectTitle" });
  return inTransaction(db, async (trx) => {
    const { plan } = await openPlanOfCall(trx, input.callId);
    const row = await trx
      .insertInto("plan_projects")
      .values({
        plan_id: plan.id,
        title,
        category: input.category,
        sponsor: (input.sponsor ?? "").trim().slice(0, 200),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "plan.project_create",
      subjectType: "legislative_plan",
      subjectId: plan.id,
      data: { project: row.id, category: input.category },
      ip: input.ip,
    });
    return row.id;
  });
}

/**
 * Records (or changes) the triage of one proposal of the call. A decision other than 不予采纳
 * may name a project of the plan, of the same category; the reason is required.
 */
export async function triageProposal(
  db: Kysely<Database>,
  input: {
    callId: string;
    proposalId: string;
    decision: ProposalDecision;
    reason: string;
    projectId?: string | null;
  } & Actor,
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason)
    throw invalidInput("proposal.error.reasonRequired", {
      reason: "proposal.error.reasonRequired",
    });
  if (reason.length > 2000)
    throw invalidInput("proposal.error.reasonTooLong", { reason: "proposal.error.reasonTooLong" });
  await inTransaction(db, async (trx) => {
    const { plan } = await openPlanOfCall(trx, input.callId);
    const proposal = await trx
      .selectFrom("proposals")
      .select(["id", "status"])
      .where("id", "=", input.proposalId)
      .where("call_id", "=", input.callId)
      .executeTakeFirst();
    if (!proposal) throw notFound("proposal.notFound");
    let projectId: string | null = null;
    if (input.decision !== "rejected" && input.projectId) {
      const project = await trx
        .selectFrom("plan_projects")
        .select(["id", "category"])
        .where("id", "=", input.projectId)
        .where("plan_id", "=", plan.id)
        .executeTakeFirst();
      if (!project) throw notFound("plan.error.projectNotFound");
      if (project.category !== input.decision)
        throw invalidInput("plan.error.categoryMismatch", {
          projectId: "plan.error.categoryMismatch",
        });
      projectId = project.id;
    }
    const values = {
      decision: input.decision,
      reason,
      project_id: projectId,
      decided_by: input.userId,
      decided_at: new Date(),
    };
    await trx
      .insertInto("proposal_triages")
      .values({ proposal_id: proposal.id, ...values })
      .onConflict((oc) => oc.column("proposal_id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "proposal.triage",
      subjectType: "proposal",
      subjectId: proposal.id,
      data: { decision: input.decision, project: projectId },
      ip: input.ip,
    });
  });
}

/**
 * Links a project to the bill that drafts it (or unlinks it with null): allowed before and
 * after publication, since drafting starts once the plan is out. The bill must belong to the
 * plan's legislature.
 */
export async function linkProjectBill(
  db: Kysely<Database>,
  input: { projectId: string; billId: string | null; organizationId: string } & Actor,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const project = await trx
      .selectFrom("plan_projects as pj")
      .innerJoin("legislative_plans as lp", "lp.id", "pj.plan_id")
      .select(["pj.id", "lp.organization_id"])
      .where("pj.id", "=", input.projectId)
      .executeTakeFirst();
    if (!project || project.organization_id !== input.organizationId)
      throw notFound("plan.error.projectNotFound");
    if (input.billId) {
      const bill = await trx
        .selectFrom("bills")
        .select("id")
        .where("id", "=", input.billId)
        .where("organization_id", "=", input.organizationId)
        .executeTakeFirst();
      if (!bill) throw notFound("bill.notFound");
    }
    await trx
      .updateTable("plan_projects")
      .set({ bill_id: input.billId })
      .where("id", "=", project.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "plan.project_link_bill",
      subjectType: "plan_project",
      subjectId: project.id,
      data: { bill: input.billId },
      ip: input.ip,
    });
  });
}

/**
 * Publishes the plan of a call's year: refused while a visible proposal of that year is not
 * triaged, or when already published. In one transaction: the plan is published and every
 * proposer with an account is notified (in-app and by e-mail through the outbox) of what became
 * of each proposal. Returns the number of notices recorded.
 */
export async function publishPlan(
  db: Kysely<Database>,
  input: { callId: string; render: RenderNotice; now?: Date } & Actor,
): Promise<{ planId: string; notified: number }> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const { call, plan } = await openPlanOfCall(trx, input.callId);
    const proposals = await trx
      .selectFrom("proposals as p")
      .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
      .leftJoin("proposal_triages as tr", "tr.proposal_id", "p.id")
      .leftJoin("plan_projects as pj", "pj.id", "tr.project_id")
      .select([
        "p.id",
        "p.title",
        "p.status",
        "p.author_user_id",
        "tr.decision",
        "pj.title as projectTitle",
      ])
      .where("pc.organization_id", "=", call.organization_id)
      .where("pc.year", "=", call.year)
      .where("p.status", "<>", "hidden")
      .execute();
    const untriaged = proposals.filter((p) => !p.decision).length;
    if (untriaged > 0)
      throw new ServiceError("conflict", "plan.error.untriaged", undefined, { count: untriaged });
    await trx
      .updateTable("legislative_plans")
      .set({ published_at: now, published_by: input.userId })
      .where("id", "=", plan.id)
      .execute();
    const notices: Notice[] = proposals
      .filter((p) => p.author_user_id)
      .map((p) => ({
        userId: p.author_user_id!,
        kind: "plan_published",
        subjectType: "proposal",
        subjectId: p.id,
        data: {
          title: p.title,
          // A string: the catalogue would print a number with a thousands separator (2,031).
          year: String(call.year),
          decision: p.decision!,
          project: p.projectTitle ?? "",
          link: p.status === "published" ? `/proposals/${p.id}` : `/plans/${call.year}`,
        },
      }));
    await recordNotifications(trx, notices, input.render);
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "plan.publish",
      subjectType: "legislative_plan",
      subjectId: plan.id,
      data: { year: call.year, notified: notices.length },
      ip: input.ip,
    });
    return { planId: plan.id, notified: notices.length };
  });
}
