import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../db/client.ts";
import type { Env } from "../config/env.ts";

/** Opens the configured database (server by DATABASE_URL, else the embedded data folder). */
export function openConfiguredDatabase(env: Env): Promise<DatabaseHandle> {
  return env.databaseUrl
    ? connectDatabase({ databaseUrl: env.databaseUrl, poolSize: env.dbPool })
    : connectDatabase({ dataDir: env.dataDir });
}

/** Opens the database, brings it up to date, runs `work` and closes it whatever happens. */
export async function withDatabase<T>(
  env: Env,
  work: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const handle = await openConfiguredDatabase(env);
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length) process.stderr.write(`Applied migrations: ${applied.join(", ")}\n`);
    return await work(handle);
  } finally {
    await handle.close();
  }
}
