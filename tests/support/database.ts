import { randomBytes } from "node:crypto";
import fs from "node:fs";
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

async function openPostgres(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL!;
  const name = `kaimen_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
  await admin.end();
  const fileUrl = new URL(url);
  fileUrl.pathname = `/${name}`;
  const handle = await connectDatabase({ databaseUrl: fileUrl.toString(), poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
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
