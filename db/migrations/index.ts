import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_core.ts";

/** Every migration, imported statically so Vite, Vitest and tsx all find them. */
export const migrations: Record<string, Migration> = {
  "0001_core": m0001,
};

/** Kysely's provider over the static list above. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
