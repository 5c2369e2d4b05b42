// The audit log page's query at scale (issue 15 item 4): /admin/audit reads a page of 50
// entries, newest first, through db/queries/audit.ts's listAuditEntries, unfiltered or under a
// filter, and pages by keyset. This bench fills a database of its own on BENCH_DATABASE_URL with
// 200,000 entries (a year of a busy legislature: sign-ins, opinions, dispositions, roles), then
// times the page's query — the first page, each kind of filter, a page 100,000 entries deep —
// each the median of RUNS runs after a warm-up, and prints each plan's outline (EXPLAIN
// ANALYZE) to stderr. Run: npx tsx bench/audit.ts [--count 200000]; ends with a BENCH-FIGURES
// line (bench/figures.ts). The database is dropped at the end.
import { parseArgs } from "node:util";
import pg from "pg";
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import { connectDatabase, migrateToLatest } from "../db/client.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
} from "../db/factories.ts";
import {
  auditEntryPages,
  listAuditEntries,
  type AuditCursor,
  type AuditFilter,
} from "../db/queries/audit.ts";
import type { Database } from "../db/schema.ts";
import { printFigures, type BenchFigure } from "./figures.ts";
import { createBenchDatabase, quantile } from "./support.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "200000" },
    runs: { type: "string", default: "30" },
  },
});
const COUNT = Number(values.count);
const RUNS = Number(values.runs);
const PAGE = 50;
const log = (line: string) => process.stderr.write(`${line}\n`);
const figures: BenchFigure[] = [];

const database = await createBenchDatabase("kaimen_bench_audit");
const handle = await connectDatabase({ databaseUrl: database.url, poolSize: 2 });
const db: Kysely<Database> = handle.db;
// A second pool for the plans: a Kysely on it logs the statement the page runs, to EXPLAIN it.
const explainPool = new pg.Pool({ connectionString: database.url, max: 1 });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await handle.close().catch(() => {});
  await explainPool.end().catch(() => {});
  await database.drop();
};
process.on("SIGTERM", () => void stop().then(() => process.exit(143)));

try {
  await migrateToLatest(db);
  log(`database ${database.name}: filling ${COUNT.toLocaleString("en")} audit entries…`);
  const org = await makeOrganization(db);
  const users: string[] = [];
  for (let i = 0; i < 40; i++)
    users.push(
      (await makeUser(db, { displayName: `用户${i}`, email: `bench-${i}@example.cn` })).id,
    );
  const bills: string[] = [];
  const consultations: string[] = [];
  for (let i = 0; i < 12; i++) {
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId: org });
    bills.push(billId);
    consultations.push(await makeConsultation(db, { versionId }));
  }
  // Generated in the database: a year of entries, one every ~2.6 minutes on average, in a mix
  // of actions. Each goes through the insert trigger that ties it to its bill, as a real entry
  // does; subjects are consultations (bill found through them) or opinions/users (not found,
  // so the trigger's fallbacks run too).
  const started = performance.now();
  await sql`
    INSERT INTO audit_log (actor_user_id, action, subject_type, subject_id, data, ip, created_at)
    SELECT (${sql.val(users)}::text[])[1 + (g * 7919) % ${users.length}],
           (ARRAY['user.sign_in', 'opinion.support', 'opinion.record', 'disposition.save',
                  'disposition.submit', 'disposition.approve', 'disposition.publish',
                  'consultation.update', 'role.grant', 'opinion.hide'])[1 + (g * 31) % 10],
           CASE WHEN g % 10 IN (7) THEN 'consultation'
                WHEN g % 10 IN (0, 8) THEN 'user' ELSE 'opinion' END,
           CASE WHEN g % 10 IN (7)
                THEN (${sql.val(consultations)}::text[])[1 + (g / 10) % ${consultations.length}]
                ELSE md5(g::text) END,
           CASE WHEN g % 10 IN (3, 4, 5, 6)
                THEN jsonb_build_object('code', 'adopted', 'reason', '采纳，已修改第' || g % 90 || '条',
                  'billId', (${sql.val(bills)}::text[])[1 + (g / 10) % ${bills.length}])
                ELSE '{}'::jsonb END,
           '10.0.' || (g % 250) || '.' || (g % 200),
           now() - (g * interval '157 seconds')
    FROM generate_series(1, ${COUNT}) AS g
  `.execute(db);
  const fillMs = performance.now() - started;
  // And one rare case of each filter: a person who acted 20 times in the year, with an action
  // nobody else took. A filter on them must not walk the whole log to fill a page.
  const rare = (await makeUser(db, { displayName: "稀有操作人", email: "rare@example.cn" })).id;
  await sql`
    INSERT INTO audit_log (actor_user_id, action, subject_type, subject_id, created_at)
    SELECT ${rare}, 'bill_team.grant', 'bill', ${bills[0]}, now() - (g * interval '18 days')
    FROM generate_series(1, 20) AS g
  `.execute(db);
  await sql`ANALYZE audit_log`.execute(db);
  log(`filled in ${(fillMs / 1000).toFixed(1)} s (the insert trigger included)`);
  figures.push({
    name: `insert ${COUNT.toLocaleString("en")} entries (trigger included), per entry`,
    value: (fillMs * 1000) / COUNT,
    unit: "µs",
    goal: null,
    better: "lower",
  });

  const timeZone = "Asia/Shanghai";
  const deep = await cursorAt(COUNT / 2);
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const cases: { name: string; filter: AuditFilter; after?: AuditCursor; goal: number }[] = [
    { name: "first page", filter: { timeZone }, goal: 50 },
    {
      name: `page ${(COUNT / 2).toLocaleString("en")} deep`,
      filter: { timeZone },
      after: deep,
      goal: 50,
    },
    { name: "actor (part of a name)", filter: { timeZone, actor: "用户17" }, goal: 50 },
    { name: "action", filter: { timeZone, action: "disposition.approve" }, goal: 50 },
    { name: "action family", filter: { timeZone, action: "disposition.*" }, goal: 50 },
    { name: "object type", filter: { timeZone, subjectType: "consultation" }, goal: 50 },
    { name: "bill", filter: { timeZone, billId: bills[3] }, goal: 50 },
    { name: "one week", filter: { timeZone, from: weekAgo, to: today }, goal: 50 },
    {
      name: "bill + action + a month, a year ago",
      filter: {
        timeZone,
        billId: bills[5],
        action: "disposition.publish",
        from: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
        to: new Date(Date.now() - 335 * 86_400_000).toISOString().slice(0, 10),
      },
      goal: 50,
    },
    { name: "actor that matches nobody", filter: { timeZone, actor: "无此人" }, goal: 50 },
    { name: "rare actor (20 entries)", filter: { timeZone, actor: "稀有操作人" }, goal: 50 },
    { name: "rare action (20 entries)", filter: { timeZone, action: "bill_team.grant" }, goal: 50 },
    { name: "rare action family", filter: { timeZone, action: "bill_team.*" }, goal: 50 },
  ];
  for (const c of cases) {
    const page = { after: c.after, limit: PAGE };
    await listAuditEntries(db, c.filter, page);
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      found = (await listAuditEntries(db, c.filter, page)).entries.length;
      times.push(performance.now() - t0);
    }
    const median = quantile(times, 0.5);
    log(
      `${c.name}: ${found} entries, median ${median.toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms`,
    );
    // The server's own time, the least of three (the bench machine is shared: a stall of
    // another process is not the query's).
    const outlines = [];
    for (let i = 0; i < 3; i++) outlines.push(await plan(c.filter, c.after));
    log(outlines[0]!);
    const executed = Math.min(
      ...outlines.map((o) => Number(/Execution Time: ([\d.]+) ms/.exec(o)?.[1] ?? Number.NaN)),
    );
    figures.push({
      name: `audit page, ${c.name}, median`,
      value: median,
      unit: "ms",
      goal: c.goal,
      better: "lower",
    });
    figures.push({
      name: `audit page, ${c.name}, the server's execution (EXPLAIN ANALYZE)`,
      value: executed,
      unit: "ms",
      goal: 5,
      better: "lower",
    });
  }

  // The CSV download of one bill's entries: every page of the filter, streamed from the query.
  const t0 = performance.now();
  let rows = 0;
  for await (const page of auditEntryPages(db, { timeZone, billId: bills[0] })) rows += page.length;
  const csvMs = performance.now() - t0;
  log(`CSV rows of one bill: ${rows} in ${csvMs.toFixed(0)} ms`);
  figures.push({
    name: `CSV download's reads, one bill (${rows.toLocaleString("en")} entries)`,
    value: csvMs,
    unit: "ms",
    goal: null,
    better: "lower",
  });
} finally {
  await stop();
}
printFigures(figures);

/** The cursor of the entry `depth` entries from the newest. */
async function cursorAt(depth: number): Promise<AuditCursor> {
  const row = await sql<{ at: string; id: string }>`
    SELECT (extract(epoch FROM created_at) * 1000000)::bigint::text AS at, id::text AS id
    FROM audit_log ORDER BY created_at DESC, id DESC OFFSET ${depth} LIMIT 1`.execute(db);
  return row.rows[0]!;
}

/** The plan of the page's query as listAuditEntries sends it, outlined (EXPLAIN ANALYZE). */
async function plan(filter: AuditFilter, after?: AuditCursor): Promise<string> {
  let statement: CompiledQuery | undefined;
  const logging = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: explainPool }),
    log: (event) => {
      if (event.level === "query") statement = event.query;
    },
  });
  await listAuditEntries(logging, filter, { after, limit: PAGE });
  const result = await explainPool.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${statement!.sql}`,
    statement!.parameters as unknown[],
  );
  return result.rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n");
}
