// /readyz (issue 14): a load balancer takes a process out of rotation when its database is behind
// the code (a migration pending) or when the search or mail outbox lags past its bound
// (KAIMEN_READY_SEARCH_LAG, KAIMEN_READY_MAIL_LAG), and puts it back once that is over.

import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import * as readyz from "../../app/routes/readyz.ts";
import { migrations } from "../../db/migrations/index.ts";
import { queueMails } from "../../services/notifications.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, getRequest, makeContext } from "../support/routes.ts";

describe("/readyz", () => {
  const t = useTestDatabase();
  const ready = (readiness?: { searchLagSeconds: number; mailLagSeconds: number }) =>
    callRoute(
      readyz.loader,
      getRequest("/readyz"),
      makeContext(t.handle.db, t.handle.kind, readiness ? { readiness } : {}),
    );

  // Each test starts from empty outboxes (the file's database is shared by its tests).
  beforeEach(async () => {
    await t.handle.db.deleteFrom("search_outbox").execute();
    await t.handle.db.deleteFrom("mail_outbox").execute();
  });

  it("is ready with every check in its body when the database is current and the outboxes drained", async () => {
    const answer = await ready();
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({
      status: "ok",
      checks: {
        database: { ok: true },
        migrations: { ok: true, pending: [] },
        searchOutbox: { ok: true, pending: 0 },
        mailOutbox: { ok: true, pending: 0, bounds: { maxAgeSeconds: 900 } },
      },
    });
  });

  it("is not ready while a migration is pending, naming it", async () => {
    const last = Object.keys(migrations).sort().at(-1)!;
    const row = await sql<{ name: string; timestamp: string }>`
      SELECT name, timestamp FROM kysely_migration WHERE name = ${last}
    `.execute(t.handle.db);
    // The database as it was before the last migration ran (its bookkeeping row only: the check
    // reads nothing else).
    await sql`DELETE FROM kysely_migration WHERE name = ${last}`.execute(t.handle.db);
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.data.status).toBe("degraded");
      expect(answer.data.checks.migrations).toEqual({ ok: false, pending: [last] });
      expect(answer.data.checks.database.ok).toBe(true);
    } finally {
      await sql`
        INSERT INTO kysely_migration (name, timestamp)
        VALUES (${last}, ${row.rows[0]!.timestamp})
      `.execute(t.handle.db);
    }
    expect((await ready()).status).toBe(200);
  });

  it("is not ready while a mail waits longer than the mail bound, and ready again within it", async () => {
    await queueMails(t.handle.db, [
      { to: "reader@example.org", subject: "处理结果", text: "您的意见已处理。" },
    ]);
    await sql`UPDATE mail_outbox SET created_at = now() - interval '20 minutes'`.execute(
      t.handle.db,
    );
    const late = await ready();
    expect(late.status).toBe(503);
    expect(late.data.checks.mailOutbox).toMatchObject({ ok: false, pending: 1 });
    expect(late.data.checks.mailOutbox.oldestSeconds).toBeGreaterThan(900);
    expect(late.data.checks.searchOutbox.ok).toBe(true);

    // A site that accepts a slower mail server says so in its configuration.
    const patient = await ready({ searchLagSeconds: 300, mailLagSeconds: 3600 });
    expect(patient.status).toBe(200);
    expect(patient.data.checks.mailOutbox.bounds).toEqual({ maxAgeSeconds: 3600 });
  });

  it("is not ready while the search outbox lags past its configured bound", async () => {
    await sql`
      INSERT INTO search_outbox (entity, entity_id, op, available_at, created_at)
      VALUES ('bill', gen_random_uuid(), 'upsert', now(), now() - interval '2 minutes')
    `.execute(t.handle.db);
    // Two minutes is within the default five…
    expect((await ready()).status).toBe(200);
    // …and past a bound of one.
    const strict = await ready({ searchLagSeconds: 60, mailLagSeconds: 900 });
    expect(strict.status).toBe(503);
    expect(strict.data.checks.searchOutbox).toMatchObject({
      ok: false,
      pending: 1,
      bounds: { maxAgeSeconds: 60 },
    });
  });
});
