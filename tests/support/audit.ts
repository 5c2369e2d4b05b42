import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Test-only: removes the audit entries about one subject, for a test that must start from a
 * subject without history (a setting other tests of its file also change). The log refuses
 * DELETE (migration 0019); this passes its guard as only a database superuser can, with
 * session_replication_role = replica for this one transaction, which the test databases allow
 * and the application never does.
 */
export async function eraseAuditEntries(db: Kysely<Database>, subjectId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await trx.deleteFrom("audit_log").where("subject_id", "=", subjectId).execute();
  });
}
