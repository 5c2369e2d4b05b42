import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../db/client.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { ensureBuildOnce } from "../support/build.ts";
import { startKaimen, stopKaimen } from "../support/kaimen-process.ts";
import { createPostgresDatabase, testDatabaseKind } from "../support/database.ts";

// On a PostgreSQL server the web process no longer indexes search: `kaimen serve` says so, an
// opinion it takes stays out of search, and `kaimen worker`, started beside it, indexes it and
// stops cleanly on SIGTERM. (On the embedded database serve indexes itself: the browser suites
// and tests/integration/search.test.ts cover that.)

/** Starts a `kaimen` command on the database; resolves once stdout shows `ready`. */
const start = (args: string[], databaseUrl: string, ready: RegExp) =>
  startKaimen(args, { DATABASE_URL: databaseUrl }, ready);

const stop = stopKaimen;

describe.skipIf(testDatabaseKind !== "postgres")("kaimen worker on a PostgreSQL server", () => {
  let dropDatabase = async () => {};
  let databaseUrl = "";
  let consultationId = "";
  let pid = "";
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    await ensureBuildOnce();
    const database = await createPostgresDatabase();
    databaseUrl = database.url;
    dropDatabase = database.drop;
    const handle = await connectDatabase({ databaseUrl, poolSize: 2 });
    try {
      const org = await makeOrganization(handle.db);
      const { versionId } = await makeBillWithVersion(handle.db, { organizationId: org });
      consultationId = await makeConsultation(handle.db, { versionId });
      pid = (
        await handle.db
          .selectFrom("provisions")
          .select("pid")
          .where("version_id", "=", versionId)
          .where("kind", "=", "article")
          .executeTakeFirstOrThrow()
      ).pid;
      // The seeded bill and articles are indexed by the worker too; drop them from the outbox so
      // the test waits only for its opinion.
      await handle.db.deleteFrom("search_outbox").execute();
    } finally {
      await handle.close();
    }
  }, 180_000);

  afterAll(async () => {
    for (const child of running) await stop(child);
    await dropDatabase();
  });

  it("indexes an opinion taken by `kaimen serve` only once a worker runs, and stops on SIGTERM", async () => {
    const serve = await start(["serve", "--no-build"], databaseUrl, /listening on (\d+)/);
    running.push(serve.child);
    expect(serve.stderr()).toContain("runs in `kaimen worker`");
    const base = `http://127.0.0.1:${serve.match[1]}`;
    const word = `穿山甲${randomBytes(3).toString("hex")}`;
    const posted = await fetch(`${base}/api/v1/consultations/${consultationId}/opinions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify({ provisionPid: pid, body: `建议保护${word}的栖息地。` }),
    });
    expect(posted.status).toBe(201);
    const opinionHits = async () => {
      const answer = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(word)}`);
      const found = (await answer.json()) as { hits: { kind: string; text: string }[] };
      return found.hits.filter((h) => h.kind === "opinion");
    };
    // Several of the indexer's polls (500 ms) pass: serve alone leaves the opinion unindexed.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await opinionHits()).toEqual([]);

    const worker = await start(["worker"], databaseUrl, /worker running/);
    running.push(worker.child);
    let hits = await opinionHits();
    for (let i = 0; i < 100 && hits.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      hits = await opinionHits();
    }
    expect(hits).toHaveLength(1);
    expect(hits[0]!.text).toContain(word);

    expect(await stop(worker.child)).toBe(0);
    expect(worker.stderr()).toContain("Stopping the worker");
  }, 180_000);
});
