import { expressionBuilder } from "kysely";
import type { Database } from "../schema.ts";

/**
 * The contact-point reports whose opinions count: submitted or received, and not replaced by a
 * submitted correction. The one statement of the rule, for the statistics, the drafters'
 * handling view and the contact points' pages; use it as `x.submission_id IN (…)`.
 */
export function countedSubmissionIds() {
  return expressionBuilder<Database, never>()
    .selectFrom("submissions as s")
    .select("s.id")
    .where("s.status", "in", ["submitted", "received"])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("submissions as r")
            .select("r.id")
            .whereRef("r.replaces_id", "=", "s.id")
            .where("r.status", "in", ["submitted", "received"]),
        ),
      ),
    );
}
