import pg from "pg";
import type { TestProject } from "vitest/node";
import { connectDatabase, migrateToLatest } from "../../db/client.ts";

// One template per run (by process id), so test runs in several checkouts can share a server.
export const TEMPLATE = `kaimen_test_template_${process.pid}`;

// Migrate a template database once; each test file gets its own copy (CREATE DATABASE … TEMPLATE).
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${TEMPLATE}`;
  const handle = await connectDatabase({ databaseUrl: templateUrl.toString(), poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide("postgresTemplate", TEMPLATE);
  return async () => {
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await cleanup.end();
  };
}
