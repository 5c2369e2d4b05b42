import type { Kysely } from "kysely";
import { billRoles, type BillRole } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { billStandingOf, type BillStanding } from "../db/queries/disposition-work.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { invalidInput, notFound, ServiceError } from "./errors.ts";

// A bill's drafting team (issue 15): beside the organization's drafters, 承办人 (handler) and
// 审核人 (reviewer) of one bill, granted and revoked by an administrator of the organization that
// owns it. What each may do on the bill is one table (`capabilities` below), read by the page
// guards (app/auth/bills.server.ts) and checked again by every service that acts on the bill, so
// a service called from anywhere refuses the same people the pages do.

/**
 * What one may do on a bill:
 * - view: see the handling view and record opinions from other channels;
 * - dispose: save and submit dispositions;
 * - review: approve, return and publish dispositions, assign work, publish the report;
 * - templates: manage the bill's reason templates (常用答复);
 * - team: grant and revoke the bill's team roles.
 */
export type BillCapability = "view" | "dispose" | "review" | "templates" | "team";

/** The capabilities a standing on a bill gives (the table of ISSUE15's roles). */
export function capabilities(standing: BillStanding): Set<BillCapability> {
  const out = new Set<BillCapability>();
  const handler = standing.billRoles.includes("handler");
  const reviewer = standing.billRoles.includes("reviewer");
  if (standing.drafter || handler || reviewer || standing.admin) out.add("view");
  if (standing.drafter || handler || reviewer) out.add("dispose");
  if (reviewer) out.add("review");
  if (standing.drafter || reviewer) out.add("templates");
  // An administrator who wants to review grants himself the reviewer role.
  if (standing.admin) out.add("team");
  return out;
}

/**
 * The actor's standing on the bill when it allows the capability; otherwise a 403 refusal
 * (404 when there is no such bill).
 */
export async function requireCapability(
  db: Kysely<Database>,
  actorId: string,
  billId: string,
  capability: BillCapability,
): Promise<BillStanding> {
  const standing = await billStandingOf(db, actorId, billId);
  if (!standing) throw notFound("bill.notFound");
  if (!capabilities(standing).has(capability))
    throw new ServiceError("forbidden", "error.forbidden");
  return standing;
}

/** The bill a consultation belongs to (404 when there is no such consultation). */
export async function billOfConsultation(
  db: Kysely<Database>,
  consultationId: string,
): Promise<{ billId: string; versionId: string; versionSeq: number; title: string }> {
  const row = await db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .select(["v.bill_id as billId", "v.id as versionId", "v.seq as versionSeq", "c.title"])
    .where("c.id", "=", consultationId)
    .executeTakeFirst();
  if (!row) throw notFound("consultation.notFound");
  return row;
}

const isRole = (role: string): role is BillRole => (billRoles as readonly string[]).includes(role);

/**
 * Grants a team role on a bill to a user of the bill's organization. Granting a role the user
 * already holds changes nothing (and writes no audit row).
 */
export async function grantBillRole(
  db: Kysely<Database>,
  input: { billId: string; userId: string; role: BillRole; actorId: string; ip: string | null },
): Promise<{ granted: boolean }> {
  if (!isRole(input.role))
    throw invalidInput("workflow.team.roleInvalid", { role: "workflow.team.roleInvalid" });
  await requireCapability(db, input.actorId, input.billId, "team");
  const candidate = await db
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.user_id", "u.id")
    .innerJoin("bills as b", "b.organization_id", "m.organization_id")
    .select("u.id")
    .where("u.id", "=", input.userId)
    .where("u.disabled_at", "is", null)
    .where("b.id", "=", input.billId)
    .executeTakeFirst();
  if (!candidate)
    throw invalidInput("workflow.team.notCandidate", { userId: "workflow.team.notCandidate" });
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("bill_team")
      .values({
        bill_id: input.billId,
        user_id: input.userId,
        role: input.role,
        granted_by: input.actorId,
      })
      .onConflict((oc) => oc.columns(["bill_id", "user_id", "role"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!row) return { granted: false };
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "bill_team.grant",
      subjectType: "bill",
      subjectId: input.billId,
      data: { userId: input.userId, role: input.role },
      ip: input.ip,
    });
    return { granted: true };
  });
}

/**
 * Revokes a team role. The assignments of a handler who no longer holds any role on the bill
 * stay (a reviewer reassigns them); only the right to act goes.
 */
export async function revokeBillRole(
  db: Kysely<Database>,
  input: { billId: string; userId: string; role: BillRole; actorId: string; ip: string | null },
): Promise<void> {
  if (!isRole(input.role))
    throw invalidInput("workflow.team.roleInvalid", { role: "workflow.team.roleInvalid" });
  await requireCapability(db, input.actorId, input.billId, "team");
  await inTransaction(db, async (trx) => {
    const row = await trx
      .deleteFrom("bill_team")
      .where("bill_id", "=", input.billId)
      .where("user_id", "=", input.userId)
      .where("role", "=", input.role)
      .returning("user_id")
      .executeTakeFirst();
    if (!row) throw notFound("workflow.team.notHeld");
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "bill_team.revoke",
      subjectType: "bill",
      subjectId: input.billId,
      data: { userId: input.userId, role: input.role },
      ip: input.ip,
    });
  });
}
