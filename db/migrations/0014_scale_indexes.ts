import { type Kysely, sql } from "kysely";

// Civil Code scale (issue 13 item 4, bench/scale.ts: one consultation of 120,000 opinions).
// opinions_by_provision_time serves the pages of the opinion files (a provision's opinions in
// time order, read by keyset) and the public lists of a provision or the whole draft (newest
// first, one page at a time) without sorting a hot article's ten thousand opinions, and counts
// them from the index alone (status is included); it replaces opinions_by_provision, its
// prefix, so writes maintain no more indexes than before.
// opinions_published_time serves the moderators' list of every published opinion (newest
// first, to hide one nobody reported), a page of which otherwise sorts every published opinion.
// SQL stays within PostgreSQL 15.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX opinions_by_provision_time
      ON opinions (consultation_id, provision_pid, created_at, id) INCLUDE (status);
    DROP INDEX opinions_by_provision;
    CREATE INDEX opinions_published_time ON opinions (created_at, id) WHERE status = 'published';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX opinions_published_time;
    CREATE INDEX opinions_by_provision ON opinions (consultation_id, provision_pid);
    DROP INDEX opinions_by_provision_time;
  `.execute(db);
}
