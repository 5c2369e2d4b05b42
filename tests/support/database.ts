import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../../db/client.ts";

/** The database kind this test run is on (the Vitest project sets it). */
export const testDatabaseKind = process.env.KAIMEN_TEST_DB === "postgres" ? "postgres" : "pglite";

async function openPglite(): Promise<DatabaseHandle> {
  const template = fs.readFileSync(inject("pgliteTemplate"));
  const pglite = await PGlite.create({ loadDataDir: new Blob([template]) });
  const handle = await connectDatabase({ pglite });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await pglite.close();
    },
  };
}

/**
 * A PostgreSQL database of its own on TEST_DATABASE_URL's server, a copy of the run's migrated
 * template: its URL (for a `kaimen` process or a connection) and how to drop it.
 */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL!;
  const name = `kaimen_test_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function openPostgres(): Promise<DatabaseHandle> {
  const database = await createPostgresDatabase();
  const handle = await connectDatabase({ databaseUrl: database.url, poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/**
 * Gives the test file its own migrated database (a copy of the run's template) on the kind of
 * this project, and closes it after the file's tests.
 */
export function useTestDatabase(): { readonly handle: DatabaseHandle } {
  const holder: { handle?: DatabaseHandle } = {};
  beforeAll(async () => {
    holder.handle = testDatabaseKind === "postgres" ? await openPostgres() : await openPglite();
  });
  afterAll(async () => {
    await holder.handle?.close();
  });
  return {
    get handle() {
      if (!holder.handle) throw new Error("The test database is opened in beforeAll");
      return holder.handle;
    },
  };
}

/**
 * Makes `target` (a folder that must not exist yet) an embedded database's data folder, migrated,
 * for a `kaimen` process (KAIMEN_DATA_DIR). Creating and migrating a data folder costs a CLI call
 * seconds; this copies a folder unpacked from the run's template, once per run, in
 * milliseconds. Tests of creating a data folder itself give the CLI an empty one instead.
 */
export async function copyMigratedDataDir(target: string): Promise<void> {
  const template = await oncePerRun("migrated-data", async (dir) => {
    const pglite = await PGlite.create(dir, {
      loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]),
    });
    await pglite.close();
  });
  fs.cpSync(template, target, { recursive: true });
}

/**
 * The folder `name` in the run's scratch folder (the global setup's, removed after the run),
 * made by `make` the first time any test file of the run asks. Test files run in several
 * processes at once: each makes it in a folder of its own and renames that into place, so a
 * reader never sees half of it, and a process that loses the race drops its copy.
 */
async function oncePerRun(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const final = path.join(path.dirname(inject("pgliteTemplate")), name);
  if (fs.existsSync(final)) return final;
  const scratch = `${final}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    await make(scratch);
    fs.renameSync(scratch, final);
  } catch (error) {
    if (!fs.existsSync(final)) throw error;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return final;
}
