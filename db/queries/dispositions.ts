import type { Kysely } from "kysely";
import type { DispositionCode } from "../codes.ts";
import type { Database } from "../schema.ts";

/** Records (or changes) how an opinion was handled. */
export async function recordDisposition(
  db: Kysely<Database>,
  input: {
    opinionId: string;
    code: DispositionCode;
    reason: string;
    decidedBy: string;
    /** The provision of a later reading that changed because of it (both or neither). */
    changedVersionId?: string | null;
    changedPid?: string | null;
  },
): Promise<void> {
  const changed = {
    changed_version_id: input.changedVersionId ?? null,
    changed_pid: input.changedPid ?? null,
  };
  await db
    .insertInto("dispositions")
    .values({
      opinion_id: input.opinionId,
      code: input.code,
      reason: input.reason,
      decided_by: input.decidedBy,
      ...changed,
    })
    .onConflict((oc) =>
      oc.column("opinion_id").doUpdateSet({
        code: input.code,
        reason: input.reason,
        decided_by: input.decidedBy,
        decided_at: new Date(),
        ...changed,
      }),
    )
    .execute();
  await db
    .insertInto("search_outbox")
    .values({ entity: "opinion", entity_id: input.opinionId, op: "upsert" })
    .execute();
}

/** A consultation's opinions for the drafters' handling view, in text order, with filters. */
export async function listOpinionsForHandling(
  db: Kysely<Database>,
  consultationId: string,
  filters: { channel?: string; handled?: "yes" | "no"; limit?: number },
) {
  let q = db
    .selectFrom("opinions as o")
    .innerJoin("consultations as c", "c.id", "o.consultation_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select([
      "o.id",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.status",
      "o.author_name",
      "o.author_region",
      "o.respondent_type",
      "o.headcount",
      "o.created_at",
      "o.provision_pid",
      "p.label as provisionLabel",
      "p.ordinal",
      "d.code",
      "d.reason",
    ])
    .where("o.consultation_id", "=", consultationId);
  if (filters.channel) q = q.where("o.channel", "=", filters.channel as never);
  if (filters.handled === "yes") q = q.where("d.code", "is not", null);
  if (filters.handled === "no") q = q.where("d.code", "is", null);
  return q
    .orderBy("p.ordinal", "asc")
    .orderBy("o.created_at", "asc")
    .limit(filters.limit ?? 500)
    .execute();
}
