import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { readEnv, type Env } from "../../config/env.ts";
import { lockDataDir } from "../../db/lock.ts";
import { z } from "zod";
import { oneArgument, parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError } from "../errors.ts";

function embeddedOnly(env: Env, verb: string): void {
  if (env.databaseUrl) {
    throw new InputError(
      `${verb} is for the embedded database; for a PostgreSQL server use pg_dump and pg_restore`,
    );
  }
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

export const backup: Command = {
  name: "backup",
  summary: "write the embedded database to a file (a server is backed up with pg_dump)",
  usage:
    "Usage: kaimen backup FILE\n\nWrites a compressed copy of the embedded database (KAIMEN_DATA_DIR) to FILE.",
  async run(args) {
    const {
      positionals: [file],
    } = parseCommandLine(args, {}, z.object({ positionals: oneArgument("give exactly one FILE") }));
    const env = readEnv();
    embeddedOnly(env, "backup");
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
  summary: "replace the embedded database with a backup file",
  usage:
    "Usage: kaimen restore FILE [--force]\n\nLoads a backup made by `kaimen backup` into KAIMEN_DATA_DIR. A folder that already\nholds a database is kept beside it (renamed with a timestamp) and replaced only with --force.",
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
    embeddedOnly(env, "restore");
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
