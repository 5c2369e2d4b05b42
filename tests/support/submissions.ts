import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Status = "draft" | "submitted" | "received";

// What each report made here is meant to become, by its (unique) id.
const wanted = new Map<string, Exclude<Status, "draft">>();

/**
 * Contact-point reports made as a point makes them, for tests that store opinions directly: a
 * report starts as a draft and takes opinions (pending) while it is one; a report the test wants
 * submitted or received moves on right after its first opinion, and the database then publishes
 * that opinion (migration 0010) and freezes the report (migration 0007).
 */
export function contactPointReports(db: Kysely<Database>) {
  return {
    async create(input: {
      contactPointId: string;
      consultationId: string;
      status: Status;
      replacesId?: string;
    }): Promise<string> {
      const row = await db
        .insertInto("submissions")
        .values({
          contact_point_id: input.contactPointId,
          consultation_id: input.consultationId,
          replaces_id: input.replacesId ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (input.status !== "draft") wanted.set(row.id, input.status);
      return row.id;
    },
    /** The status an opinion can be stored with in this report now. */
    async opinionStatus<S extends string>(submissionId: string | null | undefined, status: S) {
      if (!submissionId) return status;
      const row = await db
        .selectFrom("submissions")
        .select("status")
        .where("id", "=", submissionId)
        .executeTakeFirstOrThrow();
      return row.status === "draft" ? ("pending" as const) : status;
    },
    /** Moves a report the test wanted submitted on, once it holds an opinion. */
    async settle(submissionId: string | null | undefined): Promise<void> {
      const status = submissionId ? wanted.get(submissionId) : undefined;
      if (!submissionId || !status) return;
      wanted.delete(submissionId);
      const now = new Date();
      await db
        .updateTable("submissions")
        .set({ status, submitted_at: now, received_at: status === "received" ? now : null })
        .where("id", "=", submissionId)
        .execute();
    },
  };
}
