import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import { lockDataDir } from "./lock.ts";
import { migrationProvider } from "./migrations/index.ts";
import type { Database } from "./schema.ts";
import { throttledLog } from "./unavailable.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a folder, or the server URL without its password. */
  location: string;
  /** A PostgreSQL server's connection pool, for its gauges (/metrics); PGlite has none. */
  pool?: Pick<pg.Pool, "totalCount" | "idleCount" | "waitingCount">;
  close(): Promise<void>;
}

export type ConnectOptions =
  | {
      databaseUrl: string;
      poolSize?: number;
      /** Where a lost connection is reported (one line; stderr by default). */
      log?: (line: string) => void;
    }
  | { dataDir: string; lock?: boolean }
  | { pglite: PGlite };

// bigint counts (count(*)) come back as strings from pg; they are small enough for numbers here.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
// A calendar date stays the string the database holds (YYYY-MM-DD): a Date would shift it by the
// process's time zone.
pg.types.setTypeParser(1082, (value) => value);

/** Opens the database: a PostgreSQL server by URL, or the embedded PGlite in a data folder. */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if ("databaseUrl" in options) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // A server that does not answer (a failover in progress, a dropped route) fails the
      // checkout after this long instead of holding the request forever.
      connectionTimeoutMillis: 10_000,
      // A half-open socket to a vanished server is found by TCP keepalive, not only by a query.
      keepAlive: true,
    });
    surviveLostConnections(pool, options.log ?? ((line) => process.stderr.write(`${line}\n`)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    url.password = url.password ? "***" : "";
    return { db, kind: "postgres", location: url.toString(), pool, close: () => db.destroy() };
  }
  let release = () => {};
  let pglite: PGlite;
  let location = "memory";
  let owned = true;
  if ("dataDir" in options) {
    if (options.lock !== false) release = lockDataDir(options.dataDir);
    try {
      pglite = await PGlite.create(options.dataDir);
    } catch (error) {
      release();
      throw error;
    }
    location = options.dataDir;
  } else {
    pglite = options.pglite;
    owned = false;
  }
  // PGlite is a single connection: a pool of one serialises Kysely's access to it.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "pglite",
    location,
    async close() {
      await db.destroy();
      if (owned) await pglite.close();
      release();
    },
  };
}

/**
 * Keeps the process alive when the server drops connections (a restart, a failover,
 * pg_terminate_backend). node-postgres emits 'error' on the pool for an idle client and on the
 * client itself for a checked-out one (between the queries of a transaction); an 'error' event
 * without a listener throws and ends the process. The broken client is never reused: the pool
 * drops an idle one at once and a checked-out one when it is released (it is no longer
 * queryable), and opens a fresh connection on the next checkout. The query that was running gets
 * its own error (57P01, "Connection terminated unexpectedly"), which the server answers with 503
 * (db/unavailable.ts).
 */
function surviveLostConnections(pool: pg.Pool, write: (line: string) => void): void {
  const log = throttledLog(write);
  const report = (error: Error) =>
    log(`Database connection lost: ${error.message} (the pool reconnects on next use)`);
  pool.on("connect", (client) => client.on("error", report));
  // The client's own listener above already reported it; this one only keeps the pool's 'error'
  // from being unhandled.
  pool.on("error", () => {});
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
