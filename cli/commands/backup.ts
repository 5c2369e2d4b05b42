import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { childEnvironment, readEnv } from "../../config/env.ts";
import { lockDataDir } from "../../db/lock.ts";
import { z } from "zod";
import { oneArgument, parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError } from "../errors.ts";

// A PostgreSQL server is backed up with its own tools: pg_dump in the custom format (compressed,
// restorable selectively, and the only format pg_restore --clean reads), pg_restore back. The
// password travels in PGPASSWORD, not on the command line, where `ps` would show it to every
// user of the machine.

/** The program's refusal when it is not installed, or undefined when it runs. */
function missingProgram(program: string): string | undefined {
  const probe = spawnSync(program, ["--version"], { encoding: "utf8" });
  if (!probe.error) return undefined;
  return `${program} is not installed (it comes with the PostgreSQL client programs, e.g. the postgresql-client package); it is needed for a database server (DATABASE_URL)`;
}

function requireProgram(program: string): void {
  const refusal = missingProgram(program);
  if (refusal) throw new InputError(refusal);
}

/** The connection for pg_dump/pg_restore: the URL without its password, and the environment. */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return {
    dbname: url.toString(),
    env: childEnvironment(password ? { PGPASSWORD: password } : {}),
  };
}

/** Runs a PostgreSQL client program; its last line of stderr becomes the one-line refusal. */
function runProgram(program: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(program, args, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new InputError(`${program} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = (result.stderr || "").trim().split("\n").filter(Boolean);
    throw new InputError(
      `${program} failed: ${lines.at(-1) ?? `exit code ${String(result.status)}`}`,
    );
  }
}

async function backupServer(databaseUrl: string, file: string): Promise<void> {
  requireProgram("pg_dump");
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  const { dbname, env } = connection(databaseUrl);
  try {
    runProgram(
      "pg_dump",
      ["--format=custom", "--no-owner", `--file=${partial}`, `--dbname=${dbname}`],
      env,
    );
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  process.stderr.write(
    `Backed up the database server to ${target} (${fs.statSync(target).size} bytes, pg_dump custom format).\n`,
  );
}

/** Whether the server's database already holds tables of its own (a migrated Kaimen counts). */
async function serverHasTables(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND s.nspname NOT IN ('pg_catalog', 'information_schema')
         AND s.nspname NOT LIKE 'pg_toast%'`,
    );
    return (result.rows[0]?.n ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function restoreServer(databaseUrl: string, file: string, force: boolean): Promise<void> {
  requireProgram("pg_restore");
  if (!fs.existsSync(file)) throw new InputError(`no such file: ${file}`);
  const { dbname, env } = connection(databaseUrl);
  // Read the archive's table of contents first: a wrong file is refused before the database is
  // looked at, let alone touched.
  const list = spawnSync("pg_restore", ["--list", file], { env, encoding: "utf8" });
  if (list.status !== 0)
    throw new InputError(
      `${file} is not a backup made by \`kaimen backup\` (pg_dump custom format)`,
    );
  if (!force && (await serverHasTables(databaseUrl)))
    throw new InputError(
      "the database already holds tables; pass --force to replace them with the backup's",
    );
  // One transaction: a restore that fails half-way leaves the database as it was.
  runProgram(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${dbname}`, file],
    env,
  );
  process.stderr.write(`Restored ${file} into the database server.\n`);
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

export const backup: Command = {
  name: "backup",
  summary: "write the database to a file (embedded: a copy of its folder; a server: pg_dump)",
  usage: `Usage: kaimen backup FILE

Writes the database to FILE. The embedded database (KAIMEN_DATA_DIR) is copied, compressed; a
PostgreSQL server (DATABASE_URL) is dumped with pg_dump in its custom format, which must be
installed (the PostgreSQL client programs, of the server's major version or newer).`,
  async run(args) {
    const {
      positionals: [file],
    } = parseCommandLine(args, {}, z.object({ positionals: oneArgument("give exactly one FILE") }));
    const env = readEnv();
    if (env.databaseUrl) {
      await backupServer(env.databaseUrl, file);
      return 0;
    }
    if (isEmptyDir(env.dataDir))
      throw new InputError(`there is no database in ${env.dataDir} to back up`);
    const release = lockDataDir(env.dataDir);
    const pglite = await PGlite.create(env.dataDir);
    try {
      const dump = await pglite.dumpDataDir("gzip");
      const target = path.resolve(file);
      const partial = `${target}.partial`;
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(partial, target);
      process.stderr.write(
        `Backed up ${env.dataDir} to ${target} (${fs.statSync(target).size} bytes).\n`,
      );
    } finally {
      await pglite.close();
      release();
    }
    return 0;
  },
};

export const restore: Command = {
  name: "restore",
  summary: "load a backup file into the database (embedded, or a server with pg_restore)",
  usage: `Usage: kaimen restore FILE [--force]

Loads a backup made by \`kaimen backup\`. Embedded (KAIMEN_DATA_DIR): a folder that already
holds a database is kept beside it (renamed with a timestamp) and replaced only with --force.
A PostgreSQL server (DATABASE_URL): pg_restore --clean --if-exists --no-owner, in one
transaction; a database that already holds tables is replaced only with --force.`,
  async run(args) {
    const {
      positionals: [file],
      force,
    } = parseCommandLine(
      args,
      { force: { type: "boolean" } },
      z.object({
        force: z.boolean().default(false),
        positionals: oneArgument("give exactly one FILE"),
      }),
    );
    const env = readEnv();
    if (env.databaseUrl) {
      await restoreServer(env.databaseUrl, file, force);
      return 0;
    }
    if (!fs.existsSync(file)) throw new InputError(`no such file: ${file}`);
    if (!isEmptyDir(env.dataDir) && !force) {
      throw new InputError(
        `${env.dataDir} already holds a database; pass --force to replace it (the old one is kept aside)`,
      );
    }
    const release = lockDataDir(env.dataDir);
    // Load into a fresh folder first, so a bad file leaves the current database untouched.
    const staging = `${env.dataDir}.restoring-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    try {
      const bytes = fs.readFileSync(file);
      let pglite: PGlite;
      try {
        pglite = await PGlite.create(staging, { loadDataDir: new Blob([bytes]) });
        await pglite.query("select 1");
      } catch {
        throw new InputError(`${file} is not a Kaimen backup (made by \`kaimen backup\`)`);
      }
      await pglite.close();
      if (!isEmptyDir(env.dataDir)) {
        const aside = `${env.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        fs.renameSync(env.dataDir, aside);
        process.stderr.write(`The previous database was kept at ${aside}.\n`);
      } else {
        fs.rmSync(env.dataDir, { recursive: true, force: true });
      }
      fs.renameSync(staging, env.dataDir);
      process.stderr.write(`Restored ${file} into ${env.dataDir}.\n`);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
      release();
    }
    return 0;
  },
};
