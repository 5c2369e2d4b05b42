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
  // The search outbox row comes from the dispositions trigger (migration 0006).
}
