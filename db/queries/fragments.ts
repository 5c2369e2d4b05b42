import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

// Joins that many reads share, written once. Each returns a query builder to select from, so a
// read adds its own columns and conditions: the aliases below are part of the contract.

/** Opinions (`o`) each with its disposition (`d`; null columns while it is unhandled). */
export function opinionsWithOutcome(db: Kysely<Database>) {
  return db.selectFrom("opinions as o").leftJoin("dispositions as d", "d.opinion_id", "o.id");
}

/** Consultations (`c`) with the version (`v`) they are held on and its bill (`b`). */
export function consultationsWithBill(db: Kysely<Database>) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id");
}

/**
 * How many people support (附议) the opinion `o`, as a correlated count named `supports`; the
 * supports table's primary key (opinion_id, user_id) answers it from the index.
 */
export function supportCount(eb: ExpressionBuilder<Database & { o: Database["opinions"] }, "o">) {
  return eb
    .selectFrom("supports as s")
    .select(sql<number>`count(*)`.as("n"))
    .whereRef("s.opinion_id", "=", "o.id")
    .as("supports");
}
