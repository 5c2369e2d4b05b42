import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { connectDatabase, migrateToLatest } from "../../db/client.ts";

// Migrate once per run and hand every test file a copy of the migrated database, instead of
// migrating again (opening and migrating a PGlite database costs seconds).
export default async function setup(project: TestProject) {
  const pglite = await PGlite.create();
  const handle = await connectDatabase({ pglite });
  await migrateToLatest(handle.db);
  await handle.db.destroy();
  const dump = await pglite.dumpDataDir("gzip");
  await pglite.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-test-")), "template.tar.gz");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    baseUrl: string;
  }
}
