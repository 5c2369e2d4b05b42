// Search benchmark: 1,000,000 opinions made from the real laws' sentences, loaded into
// PostgreSQL, indexed by the embedded engine, then queried with a stated mix.
//
//   BENCH_DATABASE_URL=postgres://kaimen:kaimen@127.0.0.1:5432/kaimen npx tsx bench/search.ts [--count N] [--queries N]
//
// Creates (and at the end keeps, for reruns with --reuse) its own database kaimen_bench_search
// on that server. Prints: load time, index build time (documents written with the GIN index
// dropped, then the index built), and per-class latency p50/p95 of first pages of 20 hits.
// Goal: p95 ≤ 50 ms over the whole mix. `--drop` drops the database at the end instead (what
// `npm run bench` asks for). Ends with a BENCH-FIGURES line (bench/figures.ts).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { projectRoot } from "../config/env.ts";
import { connectDatabase, migrateToLatest } from "../db/client.ts";
import { channels, respondentTypes } from "../db/codes.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../db/factories.ts";
import { decodeText } from "../editor/import/decode.ts";
import { loadOpinions } from "../search/documents.ts";
import { embeddedEngine } from "../search/embedded.ts";
import type { SearchFilters } from "../search/types.ts";
import { printFigures, type BenchFigure } from "./figures.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    queries: { type: "string", default: "400" },
    reuse: { type: "boolean", default: false },
    reindex: { type: "boolean", default: false },
    drop: { type: "boolean", default: false },
  },
});
const COUNT = Number(values.count);
const QUERIES = Number(values.queries);
const base = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!base) {
  process.stderr.write("Set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server.\n");
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// A deterministic random source, so runs are comparable.
let seed = 20260401;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const figures: BenchFigure[] = [];
const info = (name: string, value: number, unit: string) =>
  figures.push({ name, value, unit, goal: null, better: "lower" });

// The vocabulary: the sentences and clauses of every fixture law.
const lawsDir = path.join(projectRoot, "tests/fixtures/laws");
const clauses = fs
  .readdirSync(lawsDir)
  .flatMap((f) =>
    decodeText(new Uint8Array(fs.readFileSync(path.join(lawsDir, f)))).split(/[。；;\n]/),
  )
  .map((s) => s.replace(/\s+/g, "").replace(/^第[一二三四五六七八九十百零]+条/, ""))
  .filter((s) => s.length >= 8 && s.length <= 120 && !/[#*|]/.test(s));
const openers = ["建议", "我认为", "希望", "提议", "关于这一条，", "请考虑", "基层反映，", ""];
function opinionText(): string {
  const n = 1 + Math.floor(rand() * 2);
  let text = pick(openers);
  for (let i = 0; i < n; i++) text += `${pick(clauses)}。`;
  return text.slice(0, 4900);
}

const databaseName = "kaimen_bench_search";
const admin = new pg.Client({ connectionString: base });
await admin.connect();
const exists =
  (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName])).rowCount! > 0;
if (!values.reuse || !exists) {
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${databaseName}`);
}
await admin.end();
const url = new URL(base);
url.pathname = `/${databaseName}`;
const handle = await connectDatabase({ databaseUrl: url.toString(), poolSize: 4 });
const db = handle.db;
await migrateToLatest(db);
const engine = embeddedEngine(db);

const have = Number(
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents`.execute(db)).rows[0]!
    .n,
);
const opinionsHeld = Number(
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM opinions`.execute(db)).rows[0]!.n,
);
if (opinionsHeld < COUNT) {
  log(`Loading ${COUNT.toLocaleString()} opinions (${clauses.length} real clauses as vocabulary)…`);
  const org = await makeOrganization(db);
  const { versionId } = await makeBillWithVersion(db, {
    organizationId: org,
    title: "基准测试条例",
  });
  const consultationId = await makeConsultation(db, { versionId });
  const pids = (
    await db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", versionId)
      .where("kind", "=", "article")
      .execute()
  ).map((p) => p.pid);
  const points = await Promise.all(
    Array.from(
      { length: 12 },
      async (_, i) =>
        (
          await db
            .insertInto("contact_points")
            .values({
              organization_id: org,
              name: `基准联系点${i}-${randomUUID().slice(0, 6)}`,
              district: "崇川区",
              address: "",
            })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
    ),
  );
  // The outbox triggers are the app's; the bench indexes in bulk below instead of draining.
  await sql`ALTER TABLE opinions DISABLE TRIGGER opinions_search_outbox`.execute(db);
  const loadStart = performance.now();
  const batch = 2000;
  for (let i = 0; i < COUNT; i += batch) {
    const rows = Array.from({ length: Math.min(batch, COUNT - i) }, (_, k) => {
      const fromPoint = rand() < 0.2;
      const channel = fromPoint
        ? pick(["symposium", "visit", "questionnaire", "letter"] as const)
        : rand() < 0.8
          ? "online"
          : pick(channels);
      return {
        consultation_id: consultationId,
        version_id: versionId,
        provision_pid: rand() < 0.9 ? pick(pids) : null,
        scope: "article" as const,
        body: opinionText(),
        channel,
        contact_point_id: fromPoint ? pick(points) : null,
        respondent_type: rand() < 0.7 ? "individual" : pick(respondentTypes),
        status: rand() < 0.95 ? ("published" as const) : ("pending" as const),
        receipt: `B${i + k}`,
        lookup_code_hash: "x",
      };
    }).map((r) => ({ ...r, scope: r.provision_pid ? ("article" as const) : ("draft" as const) }));
    await db.insertInto("opinions").values(rows).execute();
    if ((i / batch) % 50 === 0) log(`  ${(i + rows.length).toLocaleString()} opinions`);
  }
  await sql`ALTER TABLE opinions ENABLE TRIGGER opinions_search_outbox`.execute(db);
  const loadMs = performance.now() - loadStart;
  log(`Loaded in ${seconds(loadMs)}.`);
  console.log(`opinions loaded: ${COUNT.toLocaleString()} in ${seconds(loadMs)}`);
  info(`load ${COUNT.toLocaleString("en-US")} opinions`, loadMs / 1000, "s");
}
if (have < COUNT || values.reindex) {
  log("Indexing (documents with the GIN index dropped, then the index built)…");
  await sql`TRUNCATE search_documents`.execute(db);
  await sql`DROP INDEX IF EXISTS search_documents_terms`.execute(db);
  const indexStart = performance.now();
  let after = "";
  let done = 0;
  let pending: Promise<void> = Promise.resolve();
  for (;;) {
    const page = await db
      .selectFrom("opinions")
      .select("id")
      .where("id", ">", after)
      .orderBy("id")
      .limit(5000)
      .execute();
    if (!page.length) break;
    after = page[page.length - 1]!.id;
    const docs = await loadOpinions(
      db,
      page.map((p) => p.id),
    );
    await pending;
    pending = engine.upsert(docs); // the next page is read and segmented while this one is written
    done += docs.length;
    if (done % 100_000 < 5000) log(`  ${done.toLocaleString()} documents`);
  }
  await pending;
  const docsMs = performance.now() - indexStart;
  const ginStart = performance.now();
  await sql`SET maintenance_work_mem = '1GB'`.execute(db);
  await sql`CREATE INDEX search_documents_terms ON search_documents USING gin (terms)`.execute(db);
  await sql`ANALYZE search_documents`.execute(db);
  const ginMs = performance.now() - ginStart;
  await sql`TRUNCATE search_outbox`.execute(db);
  console.log(
    `index build: documents ${seconds(docsMs)} + GIN index ${seconds(ginMs)} = ${seconds(docsMs + ginMs)}`,
  );
  info("index build (documents + GIN)", (docsMs + ginMs) / 1000, "s");
}
const size = (
  await sql<{ t: string; i: string }>`
  SELECT pg_size_pretty(pg_table_size('search_documents')) AS t,
    pg_size_pretty(pg_indexes_size('search_documents')) AS i`.execute(db)
).rows[0]!;
console.log(`index size: table ${size.t}, indexes ${size.i}`);

// The query mix. Word frequencies come from a sample of the generated texts.
const sample = (
  await sql<{
    body: string;
  }>`SELECT body FROM search_documents TABLESAMPLE SYSTEM (1) LIMIT 5000`.execute(db)
).rows.map((r) => r.body);
const freq = new Map<string, number>();
for (const text of sample) {
  const seen = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? [])
    for (let i = 0; i + 1 < run.length; i++) seen.add(run.slice(i, i + 2));
  for (const w of seen) freq.set(w, (freq.get(w) ?? 0) + 1);
}
const byFreq = [...freq.entries()].sort((a, b) => b[1] - a[1]);
const common2 = byFreq.slice(0, 60).map(([w]) => w);
const mid2 = byFreq.slice(300, 1500).map(([w]) => w);
const rare2 = byFreq.filter(([, n]) => n === 1).map(([w]) => w);
const phrases = sample.flatMap((t) => {
  const runs = t.match(/\p{Script=Han}{6,}/gu) ?? [];
  return runs.map((r) => r.slice(0, 4 + Math.floor(rand() * 3)));
});
const words = [
  "集贸市场",
  "无害化处理",
  "人民代表大会",
  "常务委员会",
  "地方性法规",
  "备案审查",
  "犬只",
  "检疫",
  "屠宰",
  "动物防疫",
];
const classes: { name: string; q: () => string; filters?: () => Partial<SearchFilters> }[] = [
  { name: "common two-character word", q: () => pick(common2) },
  { name: "mid-frequency two-character word", q: () => pick(mid2) },
  { name: "rare two-character word", q: () => pick(rare2) },
  { name: "legal terms (集贸市场, 人民代表大会…)", q: () => pick(words) },
  { name: "phrase of 4–6 characters", q: () => pick(phrases) },
  { name: "two phrases", q: () => `${pick(words)} ${pick(common2)}` },
  {
    name: "common word + channel filter",
    q: () => pick(common2),
    filters: () => ({ channel: pick(["symposium", "letter", "online"]) }),
  },
  {
    name: "legal term + respondent filter",
    q: () => pick(words),
    filters: () => ({ respondentType: pick(["enterprise", "expert", "individual"]) }),
  },
];
const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
for (let i = 0; i < 20; i++)
  await engine.search({ q: pick(common2), filters: { organizations: [] }, offset: 0, limit: 20 }); // warm-up
const all: number[] = [];
console.log(`\nquery latency, first page of 20 hits (${QUERIES} queries, mix in equal parts):`);
for (const c of classes) {
  const times: number[] = [];
  let estimates = 0;
  for (let i = 0; i < QUERIES / classes.length; i++) {
    const started = performance.now();
    const r = await engine.search({
      q: c.q(),
      filters: { organizations: [], ...(c.filters?.() ?? {}) },
      offset: 0,
      limit: 20,
    });
    times.push(performance.now() - started);
    if (r.totalIsEstimate) estimates++;
  }
  all.push(...times);
  console.log(
    `  ${c.name.padEnd(40)} p50 ${pct(times, 50).toFixed(1).padStart(6)} ms  p95 ${pct(times, 95).toFixed(1).padStart(6)} ms  (${estimates} estimated totals)`,
  );
  info(`p95, ${c.name}`, pct(times, 95), "ms");
}
console.log(
  `  ${"all".padEnd(40)} p50 ${pct(all, 50).toFixed(1).padStart(6)} ms  p95 ${pct(all, 95).toFixed(1).padStart(6)} ms`,
);
await handle.close();
if (values.drop) {
  const dropper = new pg.Client({ connectionString: base });
  await dropper.connect();
  await dropper.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await dropper.end();
}
figures.push(
  { name: "query p50, whole mix", value: pct(all, 50), unit: "ms", goal: null, better: "lower" },
  { name: "query p95, whole mix", value: pct(all, 95), unit: "ms", goal: 50, better: "lower" },
);
printFigures(figures);
