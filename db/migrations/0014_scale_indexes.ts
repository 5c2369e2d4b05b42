import { type Kysely, sql } from "kysely";

// Civil Code scale (issue 13 item 4, bench/scale.ts: one consultation of 120,000 opinions).
// The pages of the opinion files (a provision's opinions in time order, read by keyset) and the
// public lists of a provision or the whole draft (newest first, one page at a time) are served
// by migration 0013's opinions_handling_provision (consultation, provision, created_at, id,
// status included), so no hot article's ten thousand opinions are sorted and counts come from
// the index alone.
// opinions_published_time serves the moderators' list of every published opinion (newest
// first, to hide one nobody reported), a page of which otherwise sorts every published opinion.
// SQL stays within PostgreSQL 15.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX opinions_published_time ON opinions (created_at, id) WHERE status = 'published';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX opinions_published_time;
  `.execute(db);
}
