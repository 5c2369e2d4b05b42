import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import { connectDatabase } from "../../db/client.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { ensureBuildOnce } from "../support/build.ts";
import { testDatabaseKind } from "../support/database.ts";

// On a PostgreSQL server the web process no longer indexes search: `kaimen serve` says so, an
// opinion it takes stays out of search, and `kaimen worker`, started beside it, indexes it and
// stops cleanly on SIGTERM. (On the embedded database serve indexes itself: the browser suites
// and tests/integration/search.test.ts cover that.)

interface Running {
  child: ChildProcess;
  stderr: () => string;
}

/** Starts a `kaimen` command on the database; resolves once stdout shows `ready`. */
function start(
  args: string[],
  databaseUrl: string,
  ready: RegExp,
): Promise<Running & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, [path.join(projectRoot, "bin", "kaimen.js"), ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAIMEN_DEMO: "0",
      KAIMEN_RATE_LIMIT: "off",
      MEILI_URL: "",
      SMTP_URL: "",
      PORT: "0",
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr!.on("data", (chunk) => (log += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kaimen ${args[0]} did not start:\n${log}`)),
      120_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = ready.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve({ child, stderr: () => log, match });
      }
    });
    child.on("exit", (code) => reject(new Error(`kaimen ${args[0]} exited (${code}):\n${log}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

describe.skipIf(testDatabaseKind !== "postgres")("kaimen worker on a PostgreSQL server", () => {
  const admin = process.env.TEST_DATABASE_URL ?? "";
  const name = `kaimen_test_${randomBytes(6).toString("hex")}`;
  let databaseUrl = "";
  let consultationId = "";
  let pid = "";
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    await ensureBuildOnce();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
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
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
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
