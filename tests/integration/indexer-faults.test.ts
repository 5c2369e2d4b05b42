// The search indexer when the database drops out under it (a restart, a failover, a terminated
// connection): it neither stops nor blames the rows, it backs off, says so once, hands the cut-short
// batch's lease back and resumes. The dropped connection is played by the engine, which (the
// embedded one) writes to the same database; tests/integration/db-faults.test.ts does it for real
// on PostgreSQL.

import { describe, expect, it } from "vitest";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce, OutboxInterrupted, startIndexer } from "../../search/indexer.ts";
import type { SearchEngine } from "../../search/types.ts";
import { useTestDatabase } from "../support/database.ts";

const terminated = () =>
  Object.assign(new Error("terminating connection due to administrator command"), {
    code: "57P01",
  });

describe("search indexer when the database drops out", () => {
  const t = useTestDatabase();

  async function submit(body: string): Promise<string> {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const consultationId = await makeConsultation(db, { versionId });
    const input = { scope: "draft", body };
    const answer = await submitOpinion(db, {
      consultationId,
      key: crypto.randomUUID(),
      hash: requestHash(input),
      body: input,
      userId: null,
    });
    return answer.id;
  }

  /** The embedded engine, whose first `drops` calls lose their connection. */
  function droppingEngine(drops: number): SearchEngine & { calls: number } {
    const working = embeddedEngine(t.handle.db);
    const engine = {
      ...working,
      calls: 0,
      async upsert(documents: Parameters<SearchEngine["upsert"]>[0]) {
        if (++engine.calls <= drops) throw terminated();
        return working.upsert(documents);
      },
      async remove(ids: string[]) {
        if (++engine.calls <= drops) throw terminated();
        return working.remove(ids);
      },
    };
    return engine;
  }

  const outboxRow = (opinionId: string) =>
    t.handle.db
      .selectFrom("search_outbox")
      .select(["attempts", "last_error"])
      .where("entity", "=", "opinion")
      .where("entity_id", "=", opinionId)
      .executeTakeFirst();

  it("does not count a lost connection against the rows: no error is recorded on them", async () => {
    const opinionId = await submit("连接中断时正在索引的意见。");
    const thrown = await drainOnce(t.handle.db, droppingEngine(1)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(OutboxInterrupted);
    expect((thrown as OutboxInterrupted).ids.length).toBeGreaterThan(0);
    // Leased still (the caller hands it back), but not marked as failing.
    expect(await outboxRow(opinionId)).toMatchObject({ last_error: null });
  });

  it("backs off, logs one line, hands the lease back and resumes", async () => {
    const opinionId = await submit("数据库恢复后应当被索引的意见。");
    const engine = droppingEngine(3);
    const logs: string[] = [];
    // The lease is 120 s: the row is indexed within the wait below only if it is handed back.
    const indexer = startIndexer(t.handle.db, engine, {
      pollMs: 20,
      maxBackoffMs: 200,
      log: (line) => logs.push(line),
    });
    try {
      for (let i = 0; i < 300 && (await outboxRow(opinionId)); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await indexer.stop();
    }
    expect(await outboxRow(opinionId)).toBeUndefined();
    expect(engine.calls).toBeGreaterThan(3);
    const indexed = await t.handle.db
      .selectFrom("search_documents")
      .select("entity_id")
      .where("kind", "=", "opinion")
      .where("entity_id", "=", opinionId)
      .execute();
    expect(indexed).toHaveLength(1);
    // Three lost rounds in a row are one line, and the recovery another.
    expect(logs).toEqual([
      "Search indexer: terminating connection due to administrator command (backing off, will retry)",
      "Search indexer: the outbox can be read again; resuming",
    ]);
  });
});
