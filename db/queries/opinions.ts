import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/**
 * Opinions with where they were given (consultation, bill, reading, provision) and how they
 * were handled: what a citizen sees of their own opinions, by account or by receipt.
 */
export function opinionsWithOutcome(db: Kysely<Database>) {
  return db
    .selectFrom("opinions as op")
    .innerJoin("consultations as c", "c.id", "op.consultation_id")
    .innerJoin("versions as v", "v.id", "op.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
    )
    .leftJoin("dispositions as d", "d.opinion_id", "op.id")
    .select([
      "op.id",
      "op.body",
      "op.proposed_text",
      "op.quote_text",
      "op.status",
      "op.receipt",
      "op.created_at",
      "op.scope",
      "op.provision_pid",
      "c.id as consultationId",
      "c.title as consultationTitle",
      "b.title as billTitle",
      "v.label as versionLabel",
      "p.label as provisionLabel",
      "p.text as provisionText",
      "d.code as dispositionCode",
      "d.reason as dispositionReason",
    ]);
}

/** A user's own opinions, newest first, with where they were given and how they were handled. */
export async function listOpinionsByAuthor(db: Kysely<Database>, userId: string, limit = 100) {
  return opinionsWithOutcome(db)
    .where("op.author_user_id", "=", userId)
    .orderBy("op.created_at", "desc")
    .limit(limit)
    .execute();
}

/** Opinions waiting for a moderator, oldest first. */
export async function listPendingOpinions(db: Kysely<Database>, limit = 50) {
  return (
    db
      .selectFrom("opinions as op")
      .innerJoin("consultations as c", "c.id", "op.consultation_id")
      .leftJoin("provisions as p", (join) =>
        join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
      )
      .select([
        "op.id",
        "op.body",
        "op.created_at",
        "op.channel",
        "c.title as consultationTitle",
        "p.label as provisionLabel",
      ])
      .where("op.status", "=", "pending")
      // contact points: a report's opinions wait for its submission, not for a moderator
      .where("op.contact_point_id", "is", null)
      .orderBy("op.created_at")
      .limit(limit)
      .execute()
  );
}

/** How many opinions a contact point has recorded, per consultation. */
export async function countContactPointOpinions(db: Kysely<Database>, contactPointId: string) {
  const rows = await db
    .selectFrom("opinions")
    .select(["consultation_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("contact_point_id", "=", contactPointId)
    .groupBy("consultation_id")
    .execute();
  return new Map(rows.map((r) => [r.consultation_id, Number(r.n)]));
}
