import type { Kysely } from "kysely";
import { z } from "zod";
import { dispositionCodes, type DispositionCode } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { requireCapability } from "./bill-team.ts";
import { invalidInput, notFound } from "./errors.ts";

// A bill's reason templates (常用答复): reasons the drafters give again and again ("已在第X条中
// 规定", "不属于本法规调整范围"…), each with the disposition it usually goes with. Drafters and
// reviewers of the bill manage them; picking one fills the disposition form, nothing more.

/** A template's form; messages are catalogue keys. */
export const ReasonTemplateInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, "workflow.template.titleRequired")
    .max(100, "workflow.template.titleTooLong"),
  body: z
    .string()
    .trim()
    .min(1, "workflow.template.bodyRequired")
    .max(5000, "handling.record.tooLong5000"),
  code: z.enum(dispositionCodes).nullable().default(null),
});

/** Creates a template, or changes one of the bill's (`id`). Returns its id. */
export async function saveReasonTemplate(
  db: Kysely<Database>,
  input: {
    billId: string;
    id?: string;
    title: string;
    body: string;
    code?: DispositionCode | null;
    actorId: string;
  },
): Promise<{ id: string }> {
  const parsed = ReasonTemplateInput.safeParse({
    title: input.title,
    body: input.body,
    code: input.code ?? null,
  });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues)
      fields[String(issue.path[0] ?? "title")] ??= issue.message;
    throw invalidInput(Object.values(fields)[0] ?? "workflow.template.invalid", fields);
  }
  const v = parsed.data;
  await requireCapability(db, input.actorId, input.billId, "templates");
  return inTransaction(db, async (trx) => {
    let id = input.id;
    if (id) {
      const row = await trx
        .updateTable("reason_templates")
        .set({ title: v.title, body: v.body, code: v.code, updated_at: new Date() })
        .where("id", "=", id)
        .where("bill_id", "=", input.billId)
        .returning("id")
        .executeTakeFirst();
      if (!row) throw notFound("workflow.template.notFound");
    } else {
      const row = await trx
        .insertInto("reason_templates")
        .values({
          bill_id: input.billId,
          title: v.title,
          body: v.body,
          code: v.code,
          created_by: input.actorId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "reason_template.save",
      subjectType: "bill",
      subjectId: input.billId,
      data: { templateId: id, title: v.title, created: !input.id },
    });
    return { id };
  });
}

/** Deletes one of the bill's templates. */
export async function deleteReasonTemplate(
  db: Kysely<Database>,
  input: { billId: string; id: string; actorId: string },
): Promise<void> {
  await requireCapability(db, input.actorId, input.billId, "templates");
  await inTransaction(db, async (trx) => {
    const row = await trx
      .deleteFrom("reason_templates")
      .where("id", "=", input.id)
      .where("bill_id", "=", input.billId)
      .returning(["id", "title"])
      .executeTakeFirst();
    if (!row) throw notFound("workflow.template.notFound");
    await recordAudit(trx, {
      actorUserId: input.actorId,
      action: "reason_template.delete",
      subjectType: "bill",
      subjectId: input.billId,
      data: { templateId: row.id, title: row.title },
    });
  });
}
