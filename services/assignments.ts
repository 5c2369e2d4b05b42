import type { Kysely } from "kysely";
import { recordAudit } from "../db/queries/audit.ts";
import { visibleToDrafters } from "../db/queries/handling.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { billOfConsultation, requireCapability } from "./bill-team.ts";
import { invalidInput, notFound } from "./errors.ts";

// Who handles which opinions of a consultation (issue 15). A reviewer assigns an article, or a
// chapter or section (meaning everything under it), or single opinions (a cluster is assigned as
// its members) to a handler of the bill, with a due date or none. Each target has one handler,
// so assigning it again reassigns it. An opinion's handler is its own assignment, else the
// deepest provision assignment above it (db/queries/disposition-work.ts assigneesOf).

/** The targets of an assignment; at least one of the two lists is non-empty. */
interface Targets {
  consultationId: string;
  provisionPids?: string[];
  opinionIds?: string[];
}

const isDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const MAX_TARGETS = 5000;

/** Checks the targets against the consultation: its reading's provisions, its opinions. */
async function checkTargets(db: Kysely<Database>, versionId: string, input: Targets) {
  const pids = [...new Set(input.provisionPids ?? [])];
  const opinionIds = [...new Set(input.opinionIds ?? [])];
  if (pids.length + opinionIds.length === 0)
    throw invalidInput("workflow.assign.nothing", { targets: "workflow.assign.nothing" });
  if (pids.length + opinionIds.length > MAX_TARGETS)
    throw invalidInput("workflow.assign.tooMany", { targets: "workflow.assign.tooMany" });
  if (pids.length > 0) {
    const found = await db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", versionId)
      .where("pid", "in", pids)
      .where("kind", "in", ["chapter", "section", "article"])
      .execute();
    if (found.length !== pids.length)
      throw invalidInput("workflow.assign.provisionUnknown", {
        provisionPids: "workflow.assign.provisionUnknown",
      });
  }
  if (opinionIds.length > 0) {
    const found = await db
      .selectFrom("opinions as o")
      .select("o.id")
      .where("o.consultation_id", "=", input.consultationId)
      .where("o.id", "in", opinionIds)
      .where(visibleToDrafters)
      .execute();
    if (found.length !== opinionIds.length) throw notFound("handling.opinionUnknown");
  }
  return { pids, opinionIds };
}

/**
 * Assigns provisions (with their subtrees) and opinions to a handler, or reassigns them. The
 * handler must hold the handler or reviewer role on the bill. Returns how many targets.
 */
export async function assignWork(
  db: Kysely<Database>,
  input: Targets & {
    handlerId: string;
    dueOn: string | null;
    actorId: string;
    ip: string | null;
  },
): Promise<{ count: number }> {
  const bill = await billOfConsultation(db, input.consultationId);
  await requireCapability(db, input.actorId, bill.billId, "review");
  const dueOn = input.dueOn?.trim() || null;
  if (dueOn !== null && !isDate(dueOn))
    throw invalidInput("workflow.assign.dueInvalid", { dueOn: "workflow.assign.dueInvalid" });
  const team = await db
    .selectFrom("bill_team")
    .select("role")
    .where("bill_id", "=", bill.billId)
    .where("user_id", "=", input.handlerId)
    .executeTakeFirst();
  if (!team)
    throw invalidInput("workflow.assign.notTeam", { handlerId: "workflow.assign.notTeam" });
  const { pids, opinionIds } = await checkTargets(db, bill.versionId, input);
  return inTransaction(db, async (trx) => {
    const now = new Date();
    for (const pid of pids)
      await trx
        .insertInto("handling_assignments")
        .values({
          consultation_id: input.consultationId,
          handler_user_id: input.handlerId,
          kind: "provision",
          provision_pid: pid,
          due_on: dueOn,
          assigned_by: input.actorId,
          assigned_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["consultation_id", "provision_pid"]).doUpdateSet({
            handler_user_id: input.handlerId,
            due_on: dueOn,
            assigned_by: input.actorId,
            assigned_at: now,
          }),
        )
        .execute();
    for (const opinionId of opinionIds)
      await trx
        .insertInto("handling_assignments")
        .values({
          consultation_id: input.consultationId,
          handler_user_id: input.handlerId,
          kind: "opinion",
          opinion_id: opinionId,
          due_on: dueOn,
          assigned_by: input.actorId,
          assigned_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["consultation_id", "opinion_id"]).doUpdateSet({
            handler_user_id: input.handlerId,
            due_on: dueOn,
            assigned_by: input.actorId,
            assigned_at: now,
          }),
        )
        .execute();
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "assignment.assign",
      subjectType: "consultation",
      subjectId: input.consultationId,
      data: {
        handlerId: input.handlerId,
        ...(pids.length > 0 ? { provisionPids: pids.slice(0, 100) } : {}),
        ...(opinionIds.length > 0 ? { opinions: opinionIds.length } : {}),
        dueOn,
      },
      ip: input.ip,
    });
    return { count: pids.length + opinionIds.length };
  });
}

/**
 * Removes the assignments of these targets (whoever holds them): their opinions fall back to
 * the assignment above them, if any. Returns how many assignments went.
 */
export async function unassignWork(
  db: Kysely<Database>,
  input: Targets & { actorId: string; ip: string | null },
): Promise<{ count: number }> {
  const bill = await billOfConsultation(db, input.consultationId);
  await requireCapability(db, input.actorId, bill.billId, "review");
  const pids = [...new Set(input.provisionPids ?? [])];
  const opinionIds = [...new Set(input.opinionIds ?? [])];
  if (pids.length + opinionIds.length === 0)
    throw invalidInput("workflow.assign.nothing", { targets: "workflow.assign.nothing" });
  return inTransaction(db, async (trx) => {
    let count = 0;
    if (pids.length > 0)
      count += (
        await trx
          .deleteFrom("handling_assignments")
          .where("consultation_id", "=", input.consultationId)
          .where("provision_pid", "in", pids)
          .returning("id")
          .execute()
      ).length;
    if (opinionIds.length > 0)
      count += (
        await trx
          .deleteFrom("handling_assignments")
          .where("consultation_id", "=", input.consultationId)
          .where("opinion_id", "in", opinionIds)
          .returning("id")
          .execute()
      ).length;
    if (count > 0)
      await recordAudit(trx, {
        actorUserId: input.actorId,
        action: "assignment.unassign",
        subjectType: "consultation",
        subjectId: input.consultationId,
        data: {
          ...(pids.length > 0 ? { provisionPids: pids.slice(0, 100) } : {}),
          ...(opinionIds.length > 0 ? { opinions: opinionIds.length } : {}),
          count,
        },
        ip: input.ip,
      });
    return { count };
  });
}
