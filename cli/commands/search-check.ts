// `kaimen search:check`: lets an operator verify a deployment's search without reading code.
// It names the engine and its version, compares the engine's settings with the ones Kaimen
// applies, and counts the documents of each kind in the engine against what the database says
// should be there — by the indexer's own rules (search/documents.ts): every bill (public once it
// has a reading), every article of every version, every opinion the drafters see (public once
// published). The search outbox is reported beside the counts, because rows it still holds are
// the honest reason for a difference a moment after a write. Exit 0 when all agree, 1 with one
// line per mismatch.

import { type Kysely, Migrator, sql } from "kysely";
import { Meilisearch } from "meilisearch";
import { readEnv } from "../../config/env.ts";
import { openConfiguredDatabase } from "../database.ts";
import type { DatabaseKind } from "../../db/client.ts";
import { migrationProvider } from "../../db/migrations/index.ts";
import { visibleToDrafters } from "../../db/queries/handling.ts";
import type { Database } from "../../db/schema.ts";
import { outboxHealth } from "../../search/health.ts";
import { meiliSettings } from "../../search/meilisearch.ts";
import { documentKinds, type DocumentKind } from "../../search/types.ts";
import { parseNoArguments } from "../args.ts";
import type { Command } from "../command.ts";

/**
 * The Meilisearch release Kaimen targets: the server the `meilisearch` client (0.62) is tested
 * against by its makers (its README promises v1.x; its release notes name v1.51), pinned in
 * deploy/compose.yaml. An older server may lack settings Kaimen applies (localizedAttributes).
 */
export const MEILISEARCH_TARGET_VERSION = "1.51.0";

/** The index Kaimen writes to (search/meilisearch.ts's default). */
const MEILI_INDEX = "kaimen";

/** The embedded engine's indexes (migration 0006): without them every query scans the table. */
const EMBEDDED_INDEXES = [
  "search_documents_terms",
  "search_documents_bill",
  "search_documents_entity",
] as const;

/** How many example ids a mismatch line names. */
const SAMPLE = 3;

export interface KindCount {
  kind: DocumentKind;
  /** What the database says should be indexed, and how many of those are public. */
  expected: number;
  expectedPublic: number;
  /** What the engine holds. */
  indexed: number;
  indexedPublic: number;
}

export interface SearchCheckReport {
  engine: "embedded" | "meilisearch";
  /** Lines describing the deployment, for the operator. */
  info: string[];
  /** One line per disagreement; empty when everything matches. */
  mismatches: string[];
  counts: KindCount[];
}

type ExpectedRows = ReturnType<typeof expectedRows>;

/** Per kind, the (entity_id, published) pairs the indexer would write, as subqueries. */
function expectedRows(db: Kysely<Database>) {
  return {
    bill: db
      .selectFrom("bills as b")
      .select([
        "b.id as entity_id",
        sql<boolean>`EXISTS (SELECT 1 FROM versions v WHERE v.bill_id = b.id)`.as("published"),
      ]),
    provision: db
      .selectFrom("provisions as p")
      .where("p.kind", "=", "article")
      .select([
        sql<string>`p.version_id || '/' || p.pid`.as("entity_id"),
        sql<boolean>`true`.as("published"),
      ]),
    opinion: db
      .selectFrom("opinions as o")
      .where((eb) => visibleToDrafters(eb as never))
      .select(["o.id as entity_id", sql<boolean>`o.status = 'published'`.as("published")]),
  };
}

async function expectedCounts(
  db: Kysely<Database>,
  rows: ExpectedRows,
  kind: DocumentKind,
): Promise<{ expected: number; expectedPublic: number }> {
  const row = (
    await sql<{ expected: number; expected_public: number }>`
      SELECT count(*)::int AS expected, (count(*) FILTER (WHERE e.published))::int AS expected_public
      FROM (${rows[kind]}) e
    `.execute(db)
  ).rows[0]!;
  return { expected: row.expected, expectedPublic: row.expected_public };
}

function sample(ids: string[] | null): string {
  return ids?.length ? ` (for example ${ids.join(", ")})` : "";
}

function countMismatches(c: KindCount, backlog: number): string[] {
  const out: string[] = [];
  const hint = backlog > 0 ? `; ${backlog} search outbox rows are still waiting` : "";
  if (c.indexed !== c.expected)
    out.push(
      `${c.kind}: the engine holds ${c.indexed} documents, the database ${c.expected}${hint}`,
    );
  else if (c.indexedPublic !== c.expectedPublic)
    out.push(
      `${c.kind}: the engine shows ${c.indexedPublic} to the public, the database ${c.expectedPublic}${hint}`,
    );
  return out;
}

/** The embedded engine: exact comparison of the index table with the database. */
async function checkEmbedded(
  db: Kysely<Database>,
  kind: DatabaseKind | undefined,
  report: SearchCheckReport,
  backlog: number,
): Promise<void> {
  const version = (
    await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)
  ).rows[0]!.v;
  report.info.push(
    `Engine: embedded, in ${kind === "pglite" ? "PGlite, " : ""}PostgreSQL ${version}`,
  );
  const applied = await new Migrator({ db, provider: migrationProvider }).getMigrations();
  const searchMigrations = applied.filter((m) => m.name.includes("search") && m.executedAt);
  report.info.push(
    `Index schema: search_documents, migrations ${searchMigrations.map((m) => m.name).join(", ") || "none"}`,
  );
  const table = (
    await sql<{
      exists: boolean;
    }>`SELECT to_regclass('search_documents') IS NOT NULL AS exists`.execute(db)
  ).rows[0]!.exists;
  if (!table) {
    report.mismatches.push("the search_documents table is missing: run `kaimen migrate`");
    return;
  }
  const present = new Set(
    (
      await sql<{ indexname: string }>`
        SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents'
      `.execute(db)
    ).rows.map((r) => r.indexname),
  );
  for (const name of EMBEDDED_INDEXES)
    if (!present.has(name))
      report.mismatches.push(`settings: the index ${name} on search_documents is missing`);
  report.info.push(`Index settings: ${EMBEDDED_INDEXES.filter((n) => present.has(n)).join(", ")}`);

  const rows = expectedRows(db);
  for (const k of documentKinds) {
    const r = (
      await sql<{
        expected: number;
        expected_public: number;
        indexed: number;
        indexed_public: number;
        missing: number;
        missing_ids: string[] | null;
        extra: number;
        extra_ids: string[] | null;
        visibility: number;
        visibility_ids: string[] | null;
      }>`
        WITH e AS MATERIALIZED (${rows[k]}),
        d AS MATERIALIZED (
          SELECT entity_id, published FROM search_documents WHERE kind = ${k}
        ),
        missing AS (SELECT e.entity_id FROM e WHERE NOT EXISTS
          (SELECT 1 FROM d WHERE d.entity_id = e.entity_id)),
        extra AS (SELECT d.entity_id FROM d WHERE NOT EXISTS
          (SELECT 1 FROM e WHERE e.entity_id = d.entity_id)),
        visibility AS (SELECT e.entity_id FROM e JOIN d ON d.entity_id = e.entity_id
          WHERE d.published IS DISTINCT FROM e.published)
        SELECT
          (SELECT count(*) FROM e)::int AS expected,
          (SELECT count(*) FROM e WHERE published)::int AS expected_public,
          (SELECT count(*) FROM d)::int AS indexed,
          (SELECT count(*) FROM d WHERE published)::int AS indexed_public,
          (SELECT count(*) FROM missing)::int AS missing,
          (SELECT array_agg(entity_id) FROM
            (SELECT entity_id FROM missing ORDER BY entity_id LIMIT ${SAMPLE}) s) AS missing_ids,
          (SELECT count(*) FROM extra)::int AS extra,
          (SELECT array_agg(entity_id) FROM
            (SELECT entity_id FROM extra ORDER BY entity_id LIMIT ${SAMPLE}) s) AS extra_ids,
          (SELECT count(*) FROM visibility)::int AS visibility,
          (SELECT array_agg(entity_id) FROM
            (SELECT entity_id FROM visibility ORDER BY entity_id LIMIT ${SAMPLE}) s) AS visibility_ids
      `.execute(db)
    ).rows[0]!;
    report.counts.push({
      kind: k,
      expected: r.expected,
      expectedPublic: r.expected_public,
      indexed: r.indexed,
      indexedPublic: r.indexed_public,
    });
    const hint = backlog > 0 ? `; ${backlog} search outbox rows are still waiting` : "";
    if (r.missing)
      report.mismatches.push(
        `${k}: ${r.missing} in the database but not in the index${sample(r.missing_ids)}${hint}`,
      );
    if (r.extra)
      report.mismatches.push(
        `${k}: ${r.extra} in the index but not in the database${sample(r.extra_ids)}${hint}`,
      );
    if (r.visibility)
      report.mismatches.push(
        `${k}: ${r.visibility} indexed with the wrong visibility (public or not)${sample(r.visibility_ids)}${hint}`,
      );
  }
}

/** A settings list as Meilisearch returns it: plain names, or granular filterable objects. */
function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item === "string") return [item];
    const patterns = (item as { attributePatterns?: unknown }).attributePatterns;
    return Array.isArray(patterns) ? patterns.map(String) : [];
  });
}

/** Differences between the server's settings and meiliSettings, one line each. */
export function compareMeiliSettings(actual: Record<string, unknown>): string[] {
  const out: string[] = [];
  const ordered = ["searchableAttributes", "rankingRules"] as const;
  const unordered = ["filterableAttributes", "sortableAttributes"] as const;
  for (const key of ordered) {
    const want = names(meiliSettings[key]);
    const have = names(actual[key]);
    if (want.join("\u0000") !== have.join("\u0000"))
      out.push(`settings: ${key} is [${have.join(", ")}], Kaimen configures [${want.join(", ")}]`);
  }
  for (const key of unordered) {
    const want = new Set(names(meiliSettings[key]));
    const have = new Set(names(actual[key]));
    const missing = [...want].filter((n) => !have.has(n));
    const extra = [...have].filter((n) => !want.has(n));
    if (missing.length || extra.length)
      out.push(
        `settings: ${key} ${[
          missing.length ? `lacks ${missing.join(", ")}` : "",
          extra.length ? `has ${extra.join(", ")} that Kaimen does not configure` : "",
        ]
          .filter(Boolean)
          .join(" and ")}`,
      );
  }
  return out;
}

/** Whether a server version is older than the targeted one (by major, then minor). */
export function olderThanTarget(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [tMajor = 0, tMinor = 0] = MEILISEARCH_TARGET_VERSION.split(".").map(Number);
  return major !== tMajor || minor < tMinor;
}

/** Meilisearch: version, settings and counts per kind (facets) against the database. */
async function checkMeilisearch(
  db: Kysely<Database>,
  meili: { url: string; key?: string; indexUid?: string },
  report: SearchCheckReport,
  backlog: number,
): Promise<void> {
  const client = new Meilisearch({ host: meili.url, apiKey: meili.key, timeout: 10_000 });
  const uid = meili.indexUid ?? MEILI_INDEX;
  let version: string;
  try {
    version = (await client.getVersion()).pkgVersion;
  } catch (error) {
    report.info.push(`Engine: Meilisearch at ${meili.url}`);
    report.mismatches.push(
      `Meilisearch at ${meili.url} did not answer: ${(error as Error).message}`,
    );
    return;
  }
  report.info.push(
    `Engine: Meilisearch ${version} at ${meili.url} (Kaimen targets ${MEILISEARCH_TARGET_VERSION})`,
  );
  if (olderThanTarget(version))
    report.mismatches.push(
      `version: Meilisearch ${version} is not the ${MEILISEARCH_TARGET_VERSION.replace(/\.\d+$/, "")} line Kaimen targets (or newer within v1)`,
    );
  const index = client.index(uid);
  try {
    await client.getIndex(uid);
  } catch {
    report.mismatches.push(
      `the index "${uid}" does not exist: start \`kaimen worker\` or run \`kaimen search:reindex\``,
    );
    return;
  }
  const settings = (await index.getSettings()) as Record<string, unknown>;
  report.info.push(
    `Index settings: searchable [${names(settings.searchableAttributes).join(", ")}]; ` +
      `ranking [${names(settings.rankingRules).join(", ")}]`,
  );
  report.mismatches.push(...compareMeiliSettings(settings));

  const facetCounts = async (filter?: string) =>
    (await index.search("", { limit: 0, facets: ["kind"], filter })).facetDistribution?.kind ?? {};
  const all = await facetCounts();
  const visible = await facetCounts("published = true");
  const rows = expectedRows(db);
  for (const k of documentKinds) {
    const c: KindCount = {
      kind: k,
      ...(await expectedCounts(db, rows, k)),
      indexed: all[k] ?? 0,
      indexedPublic: visible[k] ?? 0,
    };
    report.counts.push(c);
    report.mismatches.push(...countMismatches(c, backlog));
  }
}

/**
 * Checks the configured engine against the database: the embedded index in `db`, or the
 * Meilisearch server `meili` when given.
 */
export async function checkSearch(options: {
  db: Kysely<Database>;
  databaseKind?: DatabaseKind;
  meili?: { url: string; key?: string; indexUid?: string };
}): Promise<SearchCheckReport> {
  const { db } = options;
  const report: SearchCheckReport = {
    engine: options.meili ? "meilisearch" : "embedded",
    info: [],
    mismatches: [],
    counts: [],
  };
  const pending = (await new Migrator({ db, provider: migrationProvider }).getMigrations()).filter(
    (m) => !m.executedAt,
  );
  for (const m of pending)
    report.mismatches.push(`migration ${m.name} is not applied: run \`kaimen migrate\``);
  // The tables compared below may not exist yet; nothing else can be said of such a database.
  if (pending.length) return report;
  const outbox = await outboxHealth(db);
  if (options.meili) await checkMeilisearch(db, options.meili, report, outbox.pending);
  else await checkEmbedded(db, options.databaseKind, report, outbox.pending);
  report.info.push(
    `Search outbox: ${outbox.pending}${outbox.pendingCapped ? "+" : ""} waiting, ` +
      `${outbox.failing} failing, oldest ${outbox.oldestSeconds} s`,
  );
  if (!outbox.ok)
    report.mismatches.push(
      `outbox: ${outbox.failingBeyondBound} rows failed ${outbox.bounds.maxFailedAttempts}+ times, ` +
        `oldest ${outbox.oldestSeconds} s (bound ${outbox.bounds.maxAgeSeconds} s): is \`kaimen worker\` running and the engine reachable?`,
    );
  return report;
}

/** The report as the command prints it. */
export function formatReport(report: SearchCheckReport): string {
  const width = Math.max(...documentKinds.map((k) => k.length));
  const lines = [
    ...report.info,
    ...(report.counts.length ? ["Documents (engine / database, public in brackets):"] : []),
    ...report.counts.map(
      (c) =>
        `  ${c.kind.padEnd(width)}  ${c.indexed} / ${c.expected}  (${c.indexedPublic} / ${c.expectedPublic})`,
    ),
    ...report.mismatches.map((m) => `MISMATCH ${m}`),
    report.mismatches.length
      ? `${report.mismatches.length} mismatch(es).`
      : "OK: the engine matches the database.",
  ];
  return `${lines.join("\n")}\n`;
}

export const searchCheck: Command = {
  name: "search:check",
  summary: "compare the search engine (version, settings, documents) with the database",
  usage: `Usage: kaimen search:check

Reports the search engine in use (Meilisearch when MEILI_URL is set, else the embedded index)
and its version, compares its settings with the ones Kaimen applies, and counts its bills,
articles and opinions against those the database says should be indexed (by the indexer's
visibility rules), with the search outbox's backlog. Exits 0 when everything matches, 1 with
one MISMATCH line per difference. Reads only: it neither migrates nor writes.`,
  async run(args) {
    parseNoArguments(args);
    const env = readEnv();
    const handle = await openConfiguredDatabase(env);
    try {
      const report = await checkSearch({
        db: handle.db,
        databaseKind: handle.kind,
        meili: env.meiliUrl ? { url: env.meiliUrl, key: env.meiliKey } : undefined,
      });
      process.stdout.write(formatReport(report));
      return report.mismatches.length ? 1 : 0;
    } finally {
      await handle.close();
    }
  },
};
