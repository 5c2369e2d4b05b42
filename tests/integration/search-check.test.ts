import { describe, expect, it } from "vitest";
import { checkSearch, formatReport } from "../../cli/commands/search-check.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  sampleText,
} from "../../db/factories.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { reindexAll } from "../../search/reindex.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { useTestDatabase } from "../support/database.ts";

// `kaimen search:check` against the embedded engine: what an operator runs after a deployment
// or a restore to see whether search agrees with the database.
describe("kaimen search:check on the embedded engine", () => {
  const t = useTestDatabase();

  /** A bill with a reading, two articles and a published opinion, all indexed. */
  async function indexedContent() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      ...sampleText(["集贸市场应当具备动物防疫条件。", "犬只应当按照规定免疫。"], "检查条例"),
    });
    const consultationId = await makeConsultation(db, { versionId });
    const pid = (
      await db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", versionId)
        .where("kind", "=", "article")
        .orderBy("ordinal")
        .executeTakeFirstOrThrow()
    ).pid;
    const body = { provisionPid: pid, body: "建议明确集贸市场的责任。" };
    const opinion = await submitOpinion(db, {
      consultationId,
      key: `check-${Math.random().toString(36).slice(2)}`,
      hash: requestHash(body),
      body,
      userId: null,
    });
    // A rebuild covers (and removes) every outbox row written before it.
    await reindexAll(db, embeddedEngine(db));
    return { billId, versionId, pid, opinionId: opinion.id };
  }

  it("reports the engine, its version and settings, and agrees with the database", async () => {
    await indexedContent();
    const report = await checkSearch({ db: t.handle.db, databaseKind: t.handle.kind });
    expect(report.engine).toBe("embedded");
    expect(report.mismatches).toEqual([]);
    const text = formatReport(report);
    expect(text).toMatch(/^Engine: embedded, in .*PostgreSQL \d+/m);
    expect(text).toMatch(/Index schema: search_documents, migrations .*0006_search/);
    expect(text).toMatch(/Index settings: search_documents_terms/);
    expect(text).toMatch(/Search outbox: 0 waiting, 0 failing/);
    expect(text).toMatch(/OK: the engine matches the database\.\n$/);
    for (const c of report.counts) {
      expect(c.indexed).toBe(c.expected);
      expect(c.indexedPublic).toBe(c.expectedPublic);
    }
    expect(report.counts.map((c) => c.kind)).toEqual(["bill", "provision", "opinion"]);
    expect(report.counts.find((c) => c.kind === "provision")!.expected).toBeGreaterThanOrEqual(2);
  });

  it("reports a document removed from the index, one with the wrong visibility, and a stray one", async () => {
    const db = t.handle.db;
    const s = await indexedContent();
    await db
      .deleteFrom("search_documents")
      .where("kind", "=", "provision")
      .where("entity_id", "=", `${s.versionId}/${s.pid}`)
      .execute();
    await db
      .updateTable("search_documents")
      .set({ published: false })
      .where("kind", "=", "opinion")
      .where("entity_id", "=", s.opinionId)
      .execute();
    await db
      .updateTable("search_documents")
      .set({ entity_id: "no-such-bill" })
      .where("kind", "=", "bill")
      .where("entity_id", "=", s.billId)
      .execute();

    const report = await checkSearch({ db, databaseKind: t.handle.kind });
    expect(report.mismatches).toEqual([
      `bill: 1 in the database but not in the index (for example ${s.billId})`,
      "bill: 1 in the index but not in the database (for example no-such-bill)",
      `provision: 1 in the database but not in the index (for example ${s.versionId}/${s.pid})`,
      `opinion: 1 indexed with the wrong visibility (public or not) (for example ${s.opinionId})`,
    ]);
    const text = formatReport(report);
    expect(text).toMatch(/^MISMATCH provision: 1 in the database but not in the index/m);
    expect(text).toMatch(/4 mismatch\(es\)\.\n$/);

    // A write waiting in the outbox is named as the likely reason.
    await db
      .insertInto("search_outbox")
      .values({ entity: "provision", entity_id: `${s.versionId}/${s.pid}`, op: "upsert" })
      .execute();
    const waiting = await checkSearch({ db, databaseKind: t.handle.kind });
    expect(waiting.mismatches).toContain(
      `provision: 1 in the database but not in the index (for example ${s.versionId}/${s.pid}); 1 search outbox rows are still waiting`,
    );

    // A rebuild puts everything right.
    await reindexAll(db, embeddedEngine(db));
    expect((await checkSearch({ db, databaseKind: t.handle.kind })).mismatches).toEqual([]);
  });
});
