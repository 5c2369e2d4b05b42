import { z } from "zod";
import { readEnv } from "../../config/env.ts";
import { migrateToLatest } from "../../db/client.ts";
import { configureLogging } from "../../server/logging.ts";
import { startBackgroundWork } from "../../server/worker.ts";
import { parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { openConfiguredDatabase } from "../database.ts";
import { untilStopSignal } from "../stop-signal.ts";

const usage = `Usage: kaimen worker

Runs the background work (search indexing, mail delivery, comparisons of new readings, notices of
closed consultations) against the configured database until
SIGINT or SIGTERM, then finishes the round in progress, hands back the outbox rows it had claimed
and not begun, and stops (a second signal exits at once). Any number of workers may run against
one PostgreSQL server (DATABASE_URL) beside any number of \`kaimen serve\` processes. On the
embedded database \`kaimen serve\` does this work itself (one process owns the data folder).
Logs are JSON lines on stdout (LOG_LEVEL).`;

export const worker: Command = {
  name: "worker",
  summary: "run the background work (search, mail, comparisons, notices) beside `kaimen serve`",
  usage,
  async run(args) {
    parseCommandLine(
      args,
      {},
      z.object({ positionals: z.array(z.string()).max(0, "takes no arguments") }),
    );
    const env = readEnv();
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const ops = configureLogging(env.logLevel);
    const workLog = (line: string) => ops.warn({ component: "background" }, line);
    const database = await openConfiguredDatabase(env);
    let work: Awaited<ReturnType<typeof startBackgroundWork>>;
    try {
      // Migrations take a lock, so a worker and a server started together both wait for one run.
      const applied = await migrateToLatest(database.db);
      if (applied.length) {
        log(`Applied migrations: ${applied.join(", ")}`);
        ops.info({ migrations: applied }, "applied migrations");
      }
      work = await startBackgroundWork({ env, database, log: workLog });
    } catch (error) {
      await database.close();
      throw error;
    }
    log(`Kaimen worker: indexing search (${work.search.name}) from ${database.location}`);
    ops.info(
      { search: work.search.name, database: database.kind, location: database.location },
      "worker running",
    );
    // A line for programs that start the worker (tests wait for it).
    process.stdout.write("worker running\n");
    const signal = await untilStopSignal();
    log("Stopping the worker…");
    ops.info({ signal }, "stopping: finishing the round, handing back claims");
    await work.stop();
    await database.close();
    ops.info("stopped");
    return 0;
  },
};
