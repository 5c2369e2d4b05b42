// A full rebuild: the engine is emptied, then every bill, article and opinion is read in pages
// and indexed. Outbox rows written before the rebuild started are covered by it and removed;
// rows written during it stay for the indexer.

import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { loadBills, loadOpinions, loadProvisions } from "./documents.ts";
import type { SearchEngine } from "./types.ts";

/** Rebuilds the whole index; `progress(done, total)` is called after each page. */
export async function reindexAll(
  db: Kysely<Database>,
  engine: SearchEngine,
  progress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const mark = (
    await sql<{ max: string | null }>`SELECT max(id)::text AS max FROM search_outbox`.execute(db)
  ).rows[0]!.max;
  const counts = (
    await sql<{ n: number }>`
      SELECT ((SELECT count(*) FROM bills) + (SELECT count(*) FROM provisions WHERE kind = 'article')
        + (SELECT count(*) FROM opinions))::int AS n
    `.execute(db)
  ).rows[0]!.n;
  await engine.prepare();
  await engine.clear();
  let done = 0;
  progress(done, counts);
  const billIds = (await db.selectFrom("bills").select("id").execute()).map((b) => b.id);
  const bills = await loadBills(db, billIds);
  await engine.upsert(bills);
  done += bills.length;
  progress(done, counts);
  const versions = await db.selectFrom("versions").select("id").orderBy("published_at").execute();
  for (const v of versions) {
    const docs = await loadProvisions(db, { versionId: v.id });
    await engine.upsert(docs);
    done += docs.length;
    progress(done, counts);
  }
  let after = "";
  for (;;) {
    const page = await db
      .selectFrom("opinions")
      .select("id")
      .where("id", ">", after)
      .orderBy("id")
      .limit(2000)
      .execute();
    if (!page.length) break;
    const docs = await loadOpinions(
      db,
      page.map((p) => p.id),
    );
    await engine.upsert(docs);
    done += page.length;
    after = page[page.length - 1]!.id;
    progress(done, counts);
  }
  if (mark) await db.deleteFrom("search_outbox").where("id", "<=", mark).execute();
  return done;
}
