import type { Env } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { createSearchEngine } from "../search/engine.ts";
import { createComparePool } from "./compare-pool.ts";
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
  /** Stops accepting requests, ends open connections, then stops the indexer and the workers. */
  close(): Promise<void>;
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
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await stopWorkers();
      },
    };
  } catch (error) {
    await stopWorkers();
    throw error;
  }
}
