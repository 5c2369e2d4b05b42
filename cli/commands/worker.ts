import { z } from "zod";
import { readEnv } from "../../config/env.ts";
import { migrateToLatest } from "../../db/client.ts";
import { startBackgroundWork } from "../../server/worker.ts";
import { parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { openConfiguredDatabase } from "../database.ts";

const usage = `Usage: kaimen worker

Runs the background work (search indexing) against the configured database until SIGINT or
SIGTERM, then finishes the round in progress and stops. Any number of workers may run against
one PostgreSQL server (DATABASE_URL) beside any number of \`kaimen serve\` processes. On the
embedded database \`kaimen serve\` does this work itself (one process owns the data folder).`;

export const worker: Command = {
  name: "worker",
  summary: "run the background work (search indexing) beside `kaimen serve`",
  usage,
  async run(args) {
    parseCommandLine(
      args,
      {},
      z.object({ positionals: z.array(z.string()).max(0, "takes no arguments") }),
    );
    const env = readEnv();
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const database = await openConfiguredDatabase(env);
    let work: Awaited<ReturnType<typeof startBackgroundWork>>;
    try {
      // Migrations take a lock, so a worker and a server started together both wait for one run.
      const applied = await migrateToLatest(database.db);
      if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
      work = await startBackgroundWork({ env, database, log });
    } catch (error) {
      await database.close();
      throw error;
    }
    log(`Kaimen worker: indexing search (${work.search.name}) from ${database.location}`);
    // A line for programs that start the worker (tests wait for it).
    process.stdout.write("worker running\n");
    await new Promise<void>((resolve) => {
      const stop = () => {
        log("Stopping the worker…");
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await work.stop();
    await database.close();
    return 0;
  },
};
