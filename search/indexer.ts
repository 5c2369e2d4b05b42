// The indexer drains search_outbox into the engine. Rows are leased, not held: a batch is
// claimed with FOR UPDATE SKIP LOCKED and its available_at pushed into the future in one short
// statement, so several indexers (several app instances) never take the same rows, no
// transaction stays open while the engine is called, and a crashed indexer's lease simply
// expires. Done rows are deleted; failed ones come back after an exponential backoff with their
// error kept. Writes never wait for any of this (DESIGN.md decision 7). When the database itself
// drops out (a restart, a failover), the batch's lease is handed back where possible and the loop
// backs off and carries on; the process never stops for it.

import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { isDatabaseUnavailable } from "../db/unavailable.ts";
import { startPollingLoop, type PollingLoop } from "../db/polling-loop.ts";
import { documentId, loadBills, loadOpinions, loadProvisions } from "./documents.ts";
import type { SearchDocument, SearchEngine } from "./types.ts";

const LEASE_SECONDS = 120;

// Only an entity's oldest row is claimed; its later rows wait until that one is done (deleted).
// Documents are read as they are when a batch is applied, so without this two workers could
// take an opinion's rows apart: the first reads it visible, the second reads it hidden and
// removes it from the engine, then the first's upsert lands and the hidden opinion is found
// again. One row per entity in flight keeps the engine's writes in the order of the changes.
// (search_outbox_entity, migration 0006, answers the NOT EXISTS.)

interface Claimed {
  id: string;
  entity: "bill" | "provision" | "opinion";
  entity_id: string;
  op: "upsert" | "delete";
  attempts: number;
}

/** The database dropped out while a claimed batch was being applied; `ids` are still leased. */
export class OutboxInterrupted extends Error {
  readonly ids: string[];
  constructor(ids: string[], cause: unknown) {
    super((cause as Error)?.message || String(cause), { cause });
    this.name = "OutboxInterrupted";
    this.ids = ids;
  }
}

/** Makes leased rows available again at once (their lease was cut short by a lost connection). */
async function releaseLease(db: Kysely<Database>, ids: string[]): Promise<void> {
  await sql`
    UPDATE search_outbox SET available_at = now(), attempts = greatest(0, attempts - 1)
    WHERE id = ANY(${ids}::bigint[]) AND available_at > now()
  `.execute(db);
}

/** Applies one batch of the outbox to the engine; returns how many rows it took and whether it failed. */
export async function drainOnce(
  db: Kysely<Database>,
  engine: SearchEngine,
  batchSize = 500,
): Promise<{ claimed: number; error?: string }> {
  const claimed = (
    await sql<Claimed>`
      UPDATE search_outbox SET attempts = attempts + 1,
        available_at = now() + make_interval(secs => ${LEASE_SECONDS})
      WHERE id IN (
        SELECT id FROM search_outbox o WHERE available_at <= now()
          AND NOT EXISTS (
            SELECT 1 FROM search_outbox earlier
            WHERE earlier.entity = o.entity AND earlier.entity_id = o.entity_id
              AND earlier.id < o.id)
        ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
      )
      RETURNING id, entity, entity_id, op, attempts
    `.execute(db)
  ).rows;
  if (!claimed.length) return { claimed: 0 };
  const ids = claimed.map((c) => c.id);
  try {
    // The latest row per entity decides; the documents are read as they are now.
    const latest = new Map<string, Claimed>();
    for (const c of [...claimed].sort((a, b) => Number(a.id) - Number(b.id)))
      latest.set(`${c.entity}:${c.entity_id}`, c);
    const want = {
      bill: new Set<string>(),
      provision: new Set<string>(),
      opinion: new Set<string>(),
    };
    const removals = new Set<string>();
    for (const c of latest.values()) {
      if (c.op === "delete") removals.add(documentId(c.entity, c.entity_id));
      else want[c.entity].add(c.entity_id);
    }
    const documents: SearchDocument[] = [
      ...(await loadProvisions(db, [...want.provision])),
      ...(await loadOpinions(db, [...want.opinion])),
    ];
    // A new reading changes its bill's stage.
    for (const d of documents) if (d.kind === "provision") want.bill.add(d.billId);
    documents.push(...(await loadBills(db, [...want.bill])));
    const found = new Set(documents.map((d) => d.id));
    for (const kind of ["provision", "opinion", "bill"] as const)
      for (const entityId of want[kind]) {
        const id = documentId(kind, entityId);
        if (!found.has(id)) removals.add(id); // gone, or not indexed (e.g. a chapter heading)
      }
    if (documents.length) await engine.upsert(documents);
    if (removals.size) await engine.remove([...removals]);
    await db.deleteFrom("search_outbox").where("id", "in", ids).execute();
    return { claimed: claimed.length };
  } catch (error) {
    // Not the rows' fault and not the engine's: no failure is recorded against them. The caller
    // hands the lease back once the database answers again (the loop below does, before its
    // next claim), so the batch does not sit out the whole lease; else the lease expires.
    if (isDatabaseUnavailable(error)) throw new OutboxInterrupted(ids, error);
    const message = (error as Error).message?.slice(0, 1000) || String(error);
    await sql`
      UPDATE search_outbox SET last_error = ${message},
        available_at = now() + make_interval(secs => least(300, power(2, greatest(1, attempts))))
      WHERE id = ANY(${ids}::bigint[])
    `.execute(db);
    return { claimed: claimed.length, error: message };
  }
}

/** The indexer running in this process: kick() looks at the outbox now; stop() ends it. */
export type RunningIndexer = PollingLoop;

/** Runs the indexer in this process until stopped: drains, then polls every `pollMs`. */
export function startIndexer(
  db: Kysely<Database>,
  engine: SearchEngine,
  options: {
    pollMs?: number;
    batchSize?: number;
    /** The longest wait between rounds while the outbox cannot be read (default 30 s). */
    maxBackoffMs?: number;
    log?: (line: string) => void;
  } = {},
): RunningIndexer {
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 500;
  const maxBackoffMs = Math.max(pollMs, options.maxBackoffMs ?? 30_000);
  let lastError = ""; // the trouble of the current rounds, logged once
  let leased: string[] = []; // rows of a batch cut short by the database, to hand back
  const log = (line: string) => options.log?.(line);
  return startPollingLoop({
    pollMs,
    maxBackoffMs,
    async round({ recovered }) {
      if (leased.length) {
        await releaseLease(db, leased);
        leased = [];
      }
      const result = await drainOnce(db, engine, batchSize);
      if (recovered) log("Search indexer: the outbox can be read again; resuming");
      if (result.error && result.error !== lastError)
        log(`Search indexer: ${result.error} (will retry)`);
      lastError = result.error ?? "";
      return !result.error && result.claimed === batchSize;
    },
    caught(error) {
      if (error instanceof OutboxInterrupted) leased = [...leased, ...error.ids];
    },
    log: (message) => log(`Search indexer: ${message} (backing off, will retry)`),
  });
}

/** How far the index is behind: rows waiting, rows failing, and the age of the oldest. */
export async function indexerLag(
  db: Kysely<Database>,
): Promise<{ pending: number; failing: number; oldestSeconds: number }> {
  const row = (
    await sql<{ pending: number; failing: number; oldest: number | null }>`
      SELECT count(*)::int AS pending,
        count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failing,
        extract(epoch FROM now() - min(created_at))::float8 AS oldest
      FROM search_outbox
    `.execute(db)
  ).rows[0]!;
  return {
    pending: row.pending,
    failing: row.failing,
    oldestSeconds: Math.round((row.oldest ?? 0) * 10) / 10,
  };
}
