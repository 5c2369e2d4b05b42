// The indexer drains search_outbox into the engine. Rows are leased, not held: a batch is
// claimed with FOR UPDATE SKIP LOCKED and its available_at pushed into the future in one short
// statement, so several indexers (several app instances) never take the same rows, no
// transaction stays open while the engine is called, and a crashed indexer's lease simply
// expires. Done rows are deleted; failed ones come back after an exponential backoff with their
// error kept. Writes never wait for any of this (DESIGN.md decision 7).

import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { documentId, loadBills, loadOpinions, loadProvisions } from "./documents.ts";
import type { SearchDocument, SearchEngine } from "./types.ts";

const LEASE_SECONDS = 120;

interface Claimed {
  id: string;
  entity: "bill" | "provision" | "opinion";
  entity_id: string;
  op: "upsert" | "delete";
  attempts: number;
}

/** Seconds before a failed row is tried again: 2, 4, 8… up to five minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.max(1, attempts));
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
        SELECT id FROM search_outbox WHERE available_at <= now()
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
    const message = (error as Error).message?.slice(0, 1000) || String(error);
    await sql`
      UPDATE search_outbox SET last_error = ${message},
        available_at = now() + make_interval(secs => least(300, power(2, greatest(1, attempts))))
      WHERE id = ANY(${ids}::bigint[])
    `.execute(db);
    return { claimed: claimed.length, error: message };
  }
}

export interface RunningIndexer {
  /** Look at the outbox now instead of at the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

/** Runs the indexer in this process until stopped: drains, then polls every `pollMs`. */
export function startIndexer(
  db: Kysely<Database>,
  engine: SearchEngine,
  options: { pollMs?: number; batchSize?: number; log?: (line: string) => void } = {},
): RunningIndexer {
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 500;
  let running = true;
  let wake: (() => void) | undefined;
  let lastError = "";
  const loop = (async () => {
    while (running) {
      let busy = false;
      try {
        const result = await drainOnce(db, engine, batchSize);
        if (result.error && result.error !== lastError)
          options.log?.(`Search indexer: ${result.error} (will retry)`);
        lastError = result.error ?? "";
        busy = !result.error && result.claimed === batchSize;
      } catch (error) {
        if (!running) break;
        const message = (error as Error).message;
        if (message !== lastError) options.log?.(`Search indexer: ${message}`);
        lastError = message;
      }
      if (busy || !running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();
  return {
    kick: () => wake?.(),
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
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
