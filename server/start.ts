import type { Env } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { createSearchEngine } from "../search/engine.ts";
import { createComparePool } from "./compare-pool.ts";
import { logger } from "./logging.ts";
import { createServer, listen } from "./server.ts";
import { startBackgroundWork } from "./worker.ts";

/** The port was taken by another process: the person starting the server picks another. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use; set PORT to another port`);
  }
}

/** A serving process: the port it listens on, and how to stop it (the database stays open). */
export interface RunningServer {
  port: number;
  /**
   * Stops gracefully: stops accepting connections, lets the requests in flight finish (idle
   * keep-alive connections are closed at once; after `graceMs`, default the configured
   * KAIMEN_SHUTDOWN_GRACE, the rest are cut), then stops the background work — which finishes
   * its round and hands back its outbox claims — and the comparison workers. The database stays
   * open for the caller to close.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts one serving process on a prepared (migrated) database: the comparison worker, the search engine, the background work (the
 * indexer draining the outbox) when `backgroundWork` asks for it here, then the HTTP server on
 * `port` (0: any free port).
 */
export async function startServer(options: {
  env: Env;
  database: DatabaseHandle;
  sessionSecret: string;
  port: number;
  log: (line: string) => void;
  /**
   * Whether this process also runs the background work (server/worker.ts). On the embedded
   * database it must (no other process can open it); on a PostgreSQL server `kaimen worker` runs
   * it apart, so indexing never competes with requests for this process's CPU.
   */
  backgroundWork: boolean;
}): Promise<RunningServer> {
  const { env, database, sessionSecret, port, log } = options;
  const comparePool = createComparePool();
  const work = options.backgroundWork
    ? await startBackgroundWork({ env, database, log, compare: comparePool.compare })
    : undefined;
  // Requests read the engine the background work feeds, or the configured one.
  const search =
    work?.search ??
    createSearchEngine({ db: database.db, meiliUrl: env.meiliUrl, meiliKey: env.meiliKey });
  const stopWorkers = async () => {
    await work?.stop();
    await comparePool.close();
  };
  try {
    const app = await createServer({
      env,
      database,
      sessionSecret,
      compare: comparePool.compare,
      search,
    });
    const server = await listen(app, port, env.host).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EADDRINUSE" ? new PortInUseError(port) : error;
    });
    const address = server.address();
    return {
      port: typeof address === "object" && address ? address.port : port,
      async close(graceMs = env.shutdownGraceSeconds * 1000) {
        const log = logger();
        log.info({ graceMs }, "shutdown: no new connections; finishing the requests in flight");
        await new Promise<void>((resolve) => {
          // Connections waiting for their next request are closed at once, and each one that
          // finishes its request meanwhile too; a request still running after graceMs is cut.
          const sweep = setInterval(() => server.closeIdleConnections(), 100);
          const cut = setTimeout(() => {
            log.warn("shutdown: requests still running after the grace period are cut");
            server.closeAllConnections();
          }, graceMs);
          server.close(() => {
            clearInterval(sweep);
            clearTimeout(cut);
            resolve();
          });
          server.closeIdleConnections();
        });
        log.info("shutdown: requests done; stopping the background work");
        await stopWorkers();
      },
    };
  } catch (error) {
    await stopWorkers();
    throw error;
  }
}
