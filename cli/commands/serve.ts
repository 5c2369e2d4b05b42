import cluster from "node:cluster";
import { readEnv, type Env } from "../../config/env.ts";
import { migrateToLatest } from "../../db/client.ts";
import { getSessionSecret } from "../../db/queries/settings.ts";
import { z } from "zod";
import { parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { openConfiguredDatabase } from "../database.ts";
import { untilStopSignal } from "../stop-signal.ts";
import { InputError, UsageError } from "../errors.ts";
import { printDemoAccounts } from "../seed/print.ts";
import { isDatabaseEmpty, seedDemo } from "../seed/demo.ts";
import { ensureBuild } from "../../server/build.ts";
import { configureLogging } from "../../server/logging.ts";
import { PortInUseError, startServer } from "../../server/start.ts";

const ServeLine = z.object({
  port: z
    .string()
    .refine((value) => /^\d{1,5}$/.test(value) && Number(value) <= 65535, {
      error: (issue) => `--port must be a port number, not "${String(issue.input)}"`,
    })
    .transform(Number)
    .optional(),
  "no-build": z.boolean().default(false),
  "with-worker": z.boolean().default(false),
  positionals: z.array(z.string()).max(0, "takes no arguments"),
});

const usage = `Usage: kaimen serve [--port N] [--no-build] [--with-worker]

Builds the app when the build is missing or older than the sources, migrates the database,
seeds the demo on an empty database (embedded default; with DATABASE_URL only when KAIMEN_DEMO=1),
then serves on PORT (default 3000).

Logs are JSON lines on stdout (LOG_LEVEL, default info: one line per request); the lines for a
person (the address, the demo accounts) go to stderr. On SIGTERM or SIGINT it stops accepting,
lets the requests in flight finish (KAIMEN_SHUTDOWN_GRACE seconds at most), stops the background
work and closes the database; a second signal exits at once.

On the embedded database this process also does the background work (search indexing). With
DATABASE_URL the background work runs in \`kaimen worker\` instead, so it never competes with
requests; --with-worker runs it in this process too (what \`npm start\` does).`;

const BACKGROUND_WORK_ELSEWHERE =
  "Background work (search indexing) runs in `kaimen worker`: start one beside this server, or serve with --with-worker.";

export const serve: Command = {
  name: "serve",
  summary: "build if needed, migrate, seed an empty database, then serve the app",
  usage,
  async run(args) {
    const line = parseCommandLine(
      args,
      {
        port: { type: "string" },
        "no-build": { type: "boolean" },
        "with-worker": { type: "boolean" },
      },
      ServeLine,
    );
    const env = readEnv();
    const port = line.port ?? env.port;
    // Lines for the person at the terminal (stderr); operational facts go to the JSON log too.
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const ops = configureLogging(env.logLevel);
    // The background work's reports (an engine down, a message given up): trouble, as a rule.
    const workLog = (line: string) => ops.warn({ component: "background" }, line);

    // KAIMEN_WORKERS > 1 (with DATABASE_URL): this process prepares (build, migrate, seed, the
    // session secret), then forks workers that share the port; a worker only serves.
    if (env.workers > 1 && !env.databaseUrl)
      throw new UsageError(
        "KAIMEN_WORKERS above 1 needs DATABASE_URL (the embedded database is one process's)",
      );
    const worker = cluster.isWorker;
    if (!line["no-build"] && !worker) ensureBuild(log);
    const database = await openConfiguredDatabase(env);
    let seeded = false;
    if (!worker) {
      try {
        const applied = await migrateToLatest(database.db);
        if (applied.length) {
          log(`Applied migrations: ${applied.join(", ")}`);
          ops.info({ migrations: applied }, "applied migrations");
        }
        if (env.demo && (await isDatabaseEmpty(database.db))) {
          log("Empty database: loading the Nantong demo…");
          await seedDemo(database.db);
          seeded = true;
        }
      } catch (error) {
        await database.close();
        throw error;
      }
    }
    if (env.workers > 1 && !worker) {
      await getSessionSecret(database.db, env.sessionSecret);
      await database.close();
      return serveWithWorkers(env, port, seeded, database.location, line["with-worker"], log);
    }
    const sessionSecret = await getSessionSecret(database.db, env.sessionSecret);
    // One process owns the embedded database, so it does the background work itself.
    const backgroundWork = database.kind === "pglite" || line["with-worker"];
    const server = await startServer({
      env,
      database,
      sessionSecret,
      port,
      log: workLog,
      backgroundWork,
    }).catch(async (error: unknown) => {
      await database.close();
      throw error instanceof PortInUseError ? new InputError(error.message) : error;
    });
    const actualPort = server.port;
    if (worker) {
      ops.info({ port: actualPort }, "serving (cluster worker)");
      process.send?.({ listening: actualPort });
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("disconnect", resolve);
      });
      await server.close();
      await database.close();
      process.disconnect?.(); // the channel to the primary would keep the worker alive
      return 0;
    }

    log("");
    log(`Kaimen 开门立法 is serving at http://localhost:${actualPort}/`);
    log(`Database: ${database.kind} (${database.location})`);
    if (!backgroundWork) log(BACKGROUND_WORK_ELSEWHERE);
    if (env.demo && (seeded || database.kind === "pglite")) printDemoAccounts(log);
    ops.info(
      { port: actualPort, database: database.kind, location: database.location, backgroundWork },
      "serving",
    );
    // A line for programs that start the server (tests wait for it).
    process.stdout.write(`listening on ${actualPort}\n`);

    const signal = await untilStopSignal();
    log("Stopping…");
    ops.info({ signal }, "stopping");
    await server.close();
    await database.close();
    ops.info("stopped");
    return 0;
  },
};

/** Forks `env.workers` serving processes on one port; stops them all on SIGINT or SIGTERM. */
async function serveWithWorkers(
  env: Env,
  port: number,
  seeded: boolean,
  location: string,
  withWorker: boolean,
  log: (line: string) => void,
): Promise<number> {
  const workers = Array.from({ length: env.workers }, () => cluster.fork({ PORT: String(port) }));
  let stopping = false;
  const ports = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.on("message", (m: { listening?: number }) => {
            if (typeof m?.listening === "number") resolve(m.listening);
          });
          w.on("exit", (code) => {
            if (!stopping) reject(new Error(`a server worker exited with ${code}`));
          });
        }),
    ),
  ).catch((error: Error) => {
    for (const w of workers) w.kill();
    throw error;
  });
  const actualPort = ports[0]!;
  log("");
  log(`Kaimen 开门立法 is serving at http://localhost:${actualPort}/ (${env.workers} processes)`);
  log(`Database: postgres (${location})`);
  if (!withWorker) log(BACKGROUND_WORK_ELSEWHERE);
  if (env.demo && seeded) printDemoAccounts(log);
  process.stdout.write(`listening on ${actualPort}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log("Stopping…");
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      stopping = true;
      let left = workers.length;
      for (const w of workers) {
        w.once("exit", () => --left === 0 && resolve());
        w.kill("SIGTERM");
      }
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
