import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../db/queries/audit.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError, notFound } from "./errors.ts";
import { textLine, textLines } from "./input.ts";

// The expert registry of a legislature (专家库, issue 17 item 4): its drafters and administrators
// add experts and keep them current. An expert is never deleted, since past reviews name them;
// one who should no longer be invited is made inactive. E-mail and phone are private: only the
// registry and review pages of the legislature's drafters read them (db/queries/experts.ts keeps
// them out of every other read).

const optionalLine = (max: number, key: string) =>
  textLine()
    .trim()
    .max(max, key)
    .optional()
    .transform((s) => s ?? "");

/** The registry form; messages are catalogue keys. */
export const ExpertInput = z.object({
  name: textLine().trim().min(1, "experts.error.name").max(50, "experts.error.name"),
  field: textLine().trim().min(1, "experts.error.field").max(100, "experts.error.field"),
  affiliation: optionalLine(200, "experts.error.tooLong"),
  title: optionalLine(100, "experts.error.tooLong"),
  email: optionalLine(254, "experts.error.email").refine(
    (s) => s === "" || z.email().safeParse(s).success,
    "experts.error.email",
  ),
  phone: optionalLine(30, "experts.error.phone").refine(
    (s) => s === "" || /^[0-9+\-() ]{5,30}$/.test(s),
    "experts.error.phone",
  ),
  conflicts: textLines()
    .trim()
    .max(2000, "experts.error.tooLong")
    .optional()
    .transform((s) => s ?? ""),
});
export type ExpertValues = z.infer<typeof ExpertInput>;

interface Actor {
  userId: string;
  /** The legislatures the actor drafts for (drafter or admin there). */
  organizationIds: string[];
  ip: string | null;
}

const columns = (v: ExpertValues) => ({
  name: v.name,
  field: v.field,
  affiliation: v.affiliation,
  title: v.title,
  email: v.email || null,
  phone: v.phone || null,
  conflicts: v.conflicts,
});

/** Adds an expert to a legislature's registry; the actor must draft for that legislature. */
export async function createExpert(
  db: Kysely<Database>,
  input: { organizationId: string; values: ExpertValues } & Actor,
): Promise<string> {
  if (!input.organizationIds.includes(input.organizationId))
    throw new ServiceError("forbidden", "error.forbidden");
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("experts")
      .values({
        organization_id: input.organizationId,
        ...columns(input.values),
        created_by: input.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The audit data names the expert's field, never their contact details.
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "expert.create",
      subjectType: "expert",
      subjectId: row.id,
      data: { field: input.values.field },
      ip: input.ip,
    });
    return row.id;
  });
}

/** The expert, when the actor drafts for its legislature; anyone else finds nothing (404). */
async function expertOf(db: Kysely<Database>, expertId: string, actor: Actor) {
  const expert = /^[0-9a-f-]{36}$/i.test(expertId)
    ? await db
        .selectFrom("experts")
        .select(["id", "organization_id", "active"])
        .where("id", "=", expertId)
        .executeTakeFirst()
    : undefined;
  if (!expert || !actor.organizationIds.includes(expert.organization_id))
    throw notFound("experts.error.notFound");
  return expert;
}

/** Changes an expert's registry entry. */
export async function updateExpert(
  db: Kysely<Database>,
  input: { expertId: string; values: ExpertValues } & Actor,
): Promise<void> {
  const expert = await expertOf(db, input.expertId, input);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("experts")
      .set(columns(input.values))
      .where("id", "=", expert.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "expert.update",
      subjectType: "expert",
      subjectId: expert.id,
      data: { field: input.values.field },
      ip: input.ip,
    });
  });
}

/** Makes an expert active (invitable) or inactive. */
export async function setExpertActive(
  db: Kysely<Database>,
  input: { expertId: string; active: boolean } & Actor,
): Promise<void> {
  const expert = await expertOf(db, input.expertId, input);
  if (expert.active === input.active) return;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("experts")
      .set({ active: input.active })
      .where("id", "=", expert.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: input.active ? "expert.activate" : "expert.deactivate",
      subjectType: "expert",
      subjectId: expert.id,
      ip: input.ip,
    });
  });
}
