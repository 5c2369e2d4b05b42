import { readEnv } from "../../config/env.ts";
import { migrateToLatest } from "../../db/client.ts";
import { getSessionSecret } from "../../db/queries/settings.ts";
import { parseCommandArgs } from "../args.ts";
import { ensureBuild } from "../build.ts";
import type { Command } from "../command.ts";
import { openConfiguredDatabase } from "../database.ts";
import { InputError, UsageError } from "../errors.ts";
import { printDemoAccounts } from "../seed/print.ts";
import { isDatabaseEmpty, seedDemo } from "../seed/demo.ts";
import { createComparePool } from "../compare-pool.ts";
import { createServer, listen } from "../server.ts";
import { createSearchEngine } from "../../search/engine.ts";
import { startIndexer } from "../../search/indexer.ts";

const usage = `Usage: kaimen serve [--port N] [--no-build]

Builds the app when the build is missing or older than the sources, migrates the database,
seeds the demo on an empty database (embedded default; with DATABASE_URL only when KAIMEN_DEMO=1),
then serves on PORT (default 3000).`;

export const serve: Command = {
  name: "serve",
  summary: "build if needed, migrate, seed an empty database, then serve the app",
  usage,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      port: { type: "string" },
      "no-build": { type: "boolean" },
    });
    const env = readEnv();
    const port = values.port === undefined ? env.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number, not "${values.port}"`);
    const log = (line: string) => process.stderr.write(`${line}\n`);

    if (!values["no-build"]) ensureBuild(log);
    const database = await openConfiguredDatabase(env);
    let seeded = false;
    try {
      const applied = await migrateToLatest(database.db);
      if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
      if (env.demo && (await isDatabaseEmpty(database.db))) {
        log("Empty database: loading the Nantong demo…");
        await seedDemo(database.db);
        seeded = true;
      }
    } catch (error) {
      await database.close();
      throw error;
    }
    const sessionSecret = await getSessionSecret(database.db, env.sessionSecret);
    const comparePool = createComparePool();
    // search: the engine, its settings, and the indexer draining the outbox in this process.
    const search = createSearchEngine({
      db: database.db,
      meiliUrl: env.meiliUrl,
      meiliKey: env.meiliKey,
    });
    await search
      .prepare()
      .catch((error: Error) =>
        log(`Search engine (${search.name}) not ready: ${error.message}; the indexer will retry.`),
      );
    const indexer = startIndexer(database.db, search, { log });
    const app = await createServer({
      env,
      database,
      sessionSecret,
      compare: comparePool.compare,
      search,
    });
    const server = await listen(app, port, env.host).catch(async (error: NodeJS.ErrnoException) => {
      await database.close();
      if (error.code === "EADDRINUSE")
        throw new InputError(`port ${port} is already in use; set PORT to another port`);
      throw error;
    });
    const address = server.address();
    const actualPort = typeof address === "object" && address ? address.port : port;

    log("");
    log(`Kaimen 开门立法 is serving at http://localhost:${actualPort}/`);
    log(`Database: ${database.kind} (${database.location})`);
    if (env.demo && (seeded || database.kind === "pglite")) printDemoAccounts(log);
    // A line for programs that start the server (tests wait for it).
    process.stdout.write(`listening on ${actualPort}\n`);

    await new Promise<void>((resolve) => {
      const stop = () => {
        log("Stopping…");
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await indexer.stop();
    await comparePool.close();
    await database.close();
    return 0;
  },
};
