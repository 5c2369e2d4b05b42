import { type Kysely, sql } from "kysely";

// Search visibility (issue 11). The index held every bill as public, even one without a
// published reading, and a contact point's opinions before its report was submitted; the
// documents are now built by those rules (search/documents.ts). Queuing the affected entities
// lets the indexer rewrite or remove what an existing index already holds, without a reindex.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO search_outbox (entity, entity_id, op) SELECT 'bill', id, 'upsert' FROM bills;
    INSERT INTO search_outbox (entity, entity_id, op)
      SELECT 'opinion', id, 'upsert' FROM opinions WHERE contact_point_id IS NOT NULL;
  `.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: queued rows only make the indexer rewrite documents from the database.
}
