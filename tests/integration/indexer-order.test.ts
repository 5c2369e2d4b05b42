// Several workers drain one search outbox (search/indexer.ts). Each reads the documents as they
// are when it applies a batch, so two changes to one thing must reach the engine in order: a
// worker may not take a later row of an entity while an earlier one is still in another's hands
// (else a hidden opinion could be found again, its removal overtaken by an older upsert).

import { describe, expect, it } from "vitest";
import { makeBillWithVersion, makeOrganization } from "../../db/factories.ts";
import { drainOnce } from "../../search/indexer.ts";
import type { SearchDocument, SearchEngine } from "../../search/types.ts";
import { useTestDatabase } from "../support/database.ts";

/** An engine that records its writes and can hold the first upsert until released. */
function heldEngine() {
  const writes: string[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  let entered: () => void = () => {};
  const holding = new Promise<void>((resolve) => (entered = resolve));
  const engine = {
    name: "embedded",
    async prepare() {},
    async upsert(documents: SearchDocument[]) {
      if (first) {
        first = false;
        entered();
        await held;
      }
      writes.push(...documents.map((d) => `upsert ${d.id}`));
    },
    async remove(ids: string[]) {
      writes.push(...ids.map((id) => `remove ${id}`));
    },
    async clear() {},
    async search() {
      throw new Error("not searched here");
    },
  } as unknown as SearchEngine;
  return { engine, writes, holding, release };
}

describe("the search indexer with several workers", () => {
  const t = useTestDatabase();

  it("leaves an entity's later change alone while another worker applies the earlier one", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { billId } = await makeBillWithVersion(db, { organizationId: org });
    await db.deleteFrom("search_outbox").execute();
    // Two changes to the bill, from two transactions.
    await db
      .insertInto("search_outbox")
      .values({ entity: "bill", entity_id: billId, op: "upsert" })
      .execute();
    await db
      .insertInto("search_outbox")
      .values({ entity: "bill", entity_id: billId, op: "upsert" })
      .execute();

    const { engine, writes, holding, release } = heldEngine();
    const firstWorker = drainOnce(db, engine);
    await holding; // the first worker holds the earlier row and is writing to the engine
    // A second worker finds nothing it may take: the later row waits for the earlier.
    expect(await drainOnce(db, engine)).toEqual({ claimed: 0 });
    release();
    expect(await firstWorker).toEqual({ claimed: 1 });
    // Now the later change is applied, after the earlier one reached the engine.
    expect(await drainOnce(db, engine)).toEqual({ claimed: 1 });
    expect(await db.selectFrom("search_outbox").select("id").execute()).toEqual([]);
    expect(writes.filter((w) => w.includes(billId))).toHaveLength(2);
  });
});
