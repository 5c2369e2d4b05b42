// The app rides through PostgreSQL dropping its connections (a restart, a failover, an
// administrator's pg_terminate_backend): the process stays up, requests that meet the outage
// answer 503 with Retry-After (never 500), the pool reconnects, no acknowledged opinion is lost
// and the search indexer carries on. The real server runs in this process on the test database;
// a separate admin connection terminates every app connection while opinions are being posted.
// Only on PostgreSQL: PGlite runs in the process and has no connections to drop.

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuildOnce } from "../support/build.ts";
import { createServer, listen } from "../../server/server.ts";
import { readEnv } from "../../config/env.ts";
import { connectDatabase, type DatabaseHandle } from "../../db/client.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { createSearchEngine } from "../../search/engine.ts";
import { startIndexer, type RunningIndexer } from "../../search/indexer.ts";
import { testDatabaseKind, useTestDatabase } from "../support/database.ts";

const SESSION_SECRET = "db-faults-test-session-secret-0123456789";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(database: DatabaseHandle): Promise<{ server: Server; base: string }> {
  const app = await createServer({
    env: readEnv({ KAIMEN_RATE_LIMIT: "off" }),
    database,
    sessionSecret: SESSION_SECRET,
    search: createSearchEngine({ db: database.db }),
  });
  const server = await listen(app, 0, "127.0.0.1");
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a page: keep the HTML
  }
  return { status: response.status, retryAfter: response.headers.get("Retry-After"), body };
}

describe.skipIf(testDatabaseKind !== "postgres")("PostgreSQL drops its connections", () => {
  const t = useTestDatabase();
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    await ensureBuildOnce(() => {}); // the server runs the production build
    process.on("uncaughtException", onUncaught);
  }, 300_000);
  afterAll(() => {
    process.off("uncaughtException", onUncaught);
  });

  async function openConsultation() {
    const org = await makeOrganization(t.handle.db);
    const { versionId } = await makeBillWithVersion(t.handle.db, { organizationId: org });
    return makeConsultation(t.handle.db, { versionId });
  }

  /** An admin connection to the test database, outside the app's pool. */
  async function adminClient(): Promise<pg.Client> {
    const { name } = await t.handle.db
      .selectNoFrom((eb) => eb.fn<string>("current_database").as("name"))
      .executeTakeFirstOrThrow();
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    return admin;
  }

  /** Terminates every other connection to the database; waits until those backends are gone. */
  async function terminateAll(admin: pg.Client): Promise<number> {
    // (In the select list, not the WHERE clause: there nothing orders it after the pid test.)
    const { rows } = await admin.query<{ pid: number; done: boolean }>(
      `SELECT pid, pg_terminate_backend(pid) AS done FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const pids = rows.filter((r) => r.done).map((r) => r.pid);
    for (let i = 0; i < 200 && pids.length; i++) {
      const left = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)`, [pids]);
      if (!left.rowCount) break;
      await sleep(25);
    }
    return pids.length;
  }

  it("keeps serving while every app connection is terminated under load: 503 + Retry-After, then success, nothing lost", async () => {
    const consultationId = await openConsultation();
    const { server, base } = await serve(t.handle);
    const logs: string[] = [];
    const indexer: RunningIndexer = startIndexer(
      t.handle.db,
      createSearchEngine({ db: t.handle.db }),
      { pollMs: 50, maxBackoffMs: 500, log: (line) => logs.push(line) },
    );
    const admin = await adminClient();
    const opinionsUrl = `${base}/api/v1/consultations/${consultationId}/opinions`;
    const post = (key: string, n: number) =>
      request(opinionsUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify({ scope: "draft", body: `压力测试意见第 ${n} 份。` }),
      });

    const acknowledged = new Map<string, string>(); // key → opinion id
    const refused = new Map<string, number>(); // key → n, answered 503
    const unexpected: string[] = [];
    let unavailable = 0;
    let terminated = 0;
    const deadline = Date.now() + 90_000;
    let loadDone = false;
    try {
      // Six writers, forty opinions each, bounded in time too.
      const writers = Array.from({ length: 6 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 40 && Date.now() < deadline; i++) {
            const n = w * 100 + i;
            const key = `db-faults-${n}-${crypto.randomUUID()}`;
            const answer = await post(key, n);
            if (answer.status === 201) acknowledged.set(key, answer.body.id);
            else if (answer.status === 503) {
              unavailable++;
              refused.set(key, n);
              if (answer.retryAfter === null || answer.body?.error?.code !== "unavailable")
                unexpected.push(`503 without Retry-After or code: ${JSON.stringify(answer.body)}`);
            } else unexpected.push(`POST ${answer.status}: ${JSON.stringify(answer.body)}`);
          }
        })(),
      );
      // A reader of a page and of the API: 200, or 503 with Retry-After during the outage.
      const reader = (async () => {
        while (!loadDone && Date.now() < deadline) {
          for (const path of [
            `/consultations/${consultationId}`,
            `/api/v1/consultations/${consultationId}`,
          ]) {
            const answer = await request(`${base}${path}`);
            if (answer.status === 503) {
              unavailable++;
              if (answer.retryAfter === null)
                unexpected.push(`GET ${path} 503 without Retry-After`);
            } else if (answer.status !== 200) unexpected.push(`GET ${path} ${answer.status}`);
          }
        }
      })();
      // Three outages, spread over the load.
      const killer = (async () => {
        for (const threshold of [30, 90, 150]) {
          while (acknowledged.size + refused.size < threshold && Date.now() < deadline)
            await sleep(5);
          terminated += await terminateAll(admin);
        }
      })();
      await Promise.all([...writers, killer]);
      loadDone = true;
      await reader;

      expect(uncaught).toEqual([]);
      expect(unexpected).toEqual([]);
      expect(terminated).toBeGreaterThan(0);

      // The next requests succeed: the pool has reconnected.
      expect((await request(`${base}/api/v1/consultations/${consultationId}`)).status).toBe(200);
      expect((await request(`${base}/consultations/${consultationId}`)).status).toBe(200);
      const after = `db-faults-after-${crypto.randomUUID()}`;
      const fresh = await post(after, 999);
      expect(fresh.status).toBe(201);
      acknowledged.set(after, fresh.body.id);

      // A refused opinion sent again with its key is stored once (its first try may have
      // committed before the connection dropped: then the kept answer comes back). The test
      // waits less than Retry-After asks, to stay short.
      for (const [key, n] of refused) {
        let answer = await post(key, n);
        for (let tries = 0; answer.status === 503 && tries < 50; tries++) {
          await sleep(50);
          answer = await post(key, n);
        }
        expect(answer.status).toBe(201);
        acknowledged.set(key, answer.body.id);
      }

      // No acknowledged opinion is lost, none is doubled.
      const stored = await t.handle.db
        .selectFrom("opinions")
        .select(["id", "idempotency_key"])
        .where("consultation_id", "=", consultationId)
        .execute();
      const storedIds = new Set(stored.map((o) => o.id));
      for (const id of acknowledged.values()) expect(storedIds.has(id)).toBe(true);
      expect(stored).toHaveLength(acknowledged.size);

      // The indexer carried on: the outbox drains and every opinion is searchable.
      const ids = [...acknowledged.values()];
      for (let i = 0; i < 600; i++) {
        const waiting = await t.handle.db
          .selectFrom("search_outbox")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("entity", "=", "opinion")
          .where("entity_id", "in", ids)
          .executeTakeFirstOrThrow();
        if (waiting.n === 0) break;
        indexer.kick();
        await sleep(100);
      }
      const indexed = await t.handle.db
        .selectFrom("search_documents")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("kind", "=", "opinion")
        .where("entity_id", "in", ids)
        .executeTakeFirstOrThrow();
      expect(indexed.n).toBe(ids.length);
      process.stderr.write(
        `[db-faults] ${acknowledged.size} acknowledged, 0 lost, ${terminated} connections terminated, ` +
          `${unavailable} answers 503, indexer said: ${JSON.stringify(logs)}\n`,
      );
    } finally {
      loadDone = true;
      await indexer.stop();
      await admin.end();
      await close(server);
    }
  }, 180_000);

  it("answers 503 with Retry-After, in the request's language, while the server refuses connections", async () => {
    // A database that is not there at all: nothing listens on port 1 of the loopback.
    const gone = await connectDatabase({
      databaseUrl: "postgres://kaimen:kaimen@127.0.0.1:1/kaimen",
      log: () => {},
    });
    const { server, base } = await serve(gone);
    try {
      const id = crypto.randomUUID();
      const api = await request(`${base}/api/v1/consultations/${id}`);
      expect(api.status).toBe(503);
      expect(api.retryAfter).toMatch(/^\d+$/);
      expect(api.body).toEqual({
        error: { code: "unavailable", message: "服务暂时不可用，请稍后重试。" },
      });

      const english = await request(`${base}/api/v1/consultations`, {
        headers: { "Accept-Language": "en" },
      });
      expect(english.status).toBe(503);
      expect(english.body.error.message).toBe(
        "The service is temporarily unavailable; please try again in a moment.",
      );

      const opinion = await request(`${base}/api/v1/consultations/${id}/opinions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "k-1" },
        body: JSON.stringify({ scope: "draft", body: "意见" }),
      });
      expect(opinion.status).toBe(503);
      expect(opinion.retryAfter).toMatch(/^\d+$/);
      expect(opinion.body.error.code).toBe("unavailable");

      // A page: the site's error page, saying the service is temporarily unavailable.
      const page = await request(`${base}/consultations/${id}`);
      expect(page.status).toBe(503);
      expect(page.retryAfter).toMatch(/^\d+$/);
      expect(page.body).toContain("服务暂时不可用，请稍后重试。");
      expect(page.body).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);

      // The page's data, as a client-side navigation fetches it.
      const data = await fetch(`${base}/consultations/${id}.data`);
      expect(data.status).toBe(503);
      expect(data.headers.get("Retry-After")).toMatch(/^\d+$/);
      await data.arrayBuffer();

      expect(uncaught).toEqual([]);
    } finally {
      await close(server);
      await gone.close();
    }
  });
});
