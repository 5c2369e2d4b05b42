// Runs only in the "meilisearch" project, which exists only when MEILI_URL is set: `kaimen
// search:check` against a real server (none can run on the machines this was written on).
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSearch, MEILISEARCH_TARGET_VERSION } from "../../cli/commands/search-check.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../db/client.ts";
import { meilisearchEngine } from "../../search/meilisearch.ts";
import { contractDocuments } from "./suite.ts";

const url = process.env.MEILI_URL!;
const key = process.env.MEILI_KEY || undefined;
const indexUid = `kaimen_check_${randomBytes(4).toString("hex")}`;
const client = new Meilisearch({ host: url, apiKey: key });

describe("kaimen search:check on Meilisearch", () => {
  let pglite: PGlite;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    // An empty, migrated database: the index must then hold nothing either.
    pglite = await PGlite.create();
    handle = await connectDatabase({ pglite });
    await migrateToLatest(handle.db);
    await meilisearchEngine({ url, key, indexUid }).prepare();
  });
  afterAll(async () => {
    await client.deleteIndex(indexUid).waitTask();
    await handle.close();
    await pglite.close();
  });

  const check = () => checkSearch({ db: handle.db, meili: { url, key, indexUid } });

  it("reports the server's version and finds the settings Kaimen applies", async () => {
    const report = await check();
    expect(report.engine).toBe("meilisearch");
    const version = (await client.getVersion()).pkgVersion;
    expect(report.info[0]).toBe(
      `Engine: Meilisearch ${version} at ${url} (Kaimen targets ${MEILISEARCH_TARGET_VERSION})`,
    );
    expect(report.mismatches.filter((m) => !m.startsWith("version:"))).toEqual([]);
    expect(report.counts.every((c) => c.indexed === 0 && c.expected === 0)).toBe(true);
  });

  it("reports documents the database does not have, and settings that drifted", async () => {
    const engine = meilisearchEngine({ url, key, indexUid });
    await engine.upsert(contractDocuments.filter((d) => d.kind === "bill"));
    await client.index(indexUid).updateSortableAttributes(["number"]).waitTask();
    const report = await check();
    expect(report.mismatches).toContain("settings: sortableAttributes lacks createdAtMs");
    expect(
      report.mismatches.some((m) =>
        /^bill: the engine holds [1-9]\d* documents, the database 0$/.test(m),
      ),
    ).toBe(true);
    await engine.prepare();
    await engine.clear();
    expect((await check()).mismatches.filter((m) => !m.startsWith("version:"))).toEqual([]);
  });
});
