import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import { ensureNodeBuildOnce } from "../support/build.ts";
import { testDatabaseKind } from "../support/database.ts";

// `kaimen backup` / `kaimen restore` against a PostgreSQL server (DATABASE_URL): pg_dump and
// pg_restore under the command's refusals. Only in the PostgreSQL suite, and only where the
// PostgreSQL client programs are installed.
const hasPgDump = !spawnSync("pg_dump", ["--version"]).error;
const runs = testDatabaseKind === "postgres" && Boolean(process.env.TEST_DATABASE_URL) && hasPgDump;

function kaimen(args: string[], env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [path.join(projectRoot, "bin", "kaimen.js"), ...args],
    { cwd: os.tmpdir(), env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!runs)(
  "kaimen backup and restore on a PostgreSQL server",
  { timeout: 180_000 },
  () => {
    const name = `kaimen_backup_${randomBytes(6).toString("hex")}`;
    let url = "";
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-backup-"));
    const file = path.join(folder, "kaimen.dump");

    const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    };
    const query = async (sqlText: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sqlText)).rows;
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      // The spawned `kaimen` runs build/node/: built once, not by several calls at once.
      await ensureNodeBuildOnce();
      // A migrated Kaimen database of its own: the restore must bring back its functions and
      // triggers too, not only a table.
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`));
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${name}`;
      url = u.toString();
    });
    afterAll(async () => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it("backs up, refuses to restore over tables without --force, and brings a dropped row back", async () => {
      await query(
        "INSERT INTO organizations (name, slug, kind) VALUES ('南通市人大常委会法工委', 'backup-test', 'city')",
      );
      const backup = kaimen(["backup", file], { DATABASE_URL: url });
      expect(backup.stderr).toMatch(/Backed up the database server to .*pg_dump custom format/);
      expect(backup.code).toBe(0);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
      expect(fs.existsSync(`${file}.partial`)).toBe(false);

      await query("DELETE FROM organizations WHERE slug = 'backup-test'");
      const refused = kaimen(["restore", file], { DATABASE_URL: url });
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(
        "kaimen restore: the database already holds tables; pass --force to replace them with the backup's",
      );
      expect(await query("SELECT 1 FROM organizations WHERE slug = 'backup-test'")).toEqual([]);

      const restored = kaimen(["restore", file, "--force"], { DATABASE_URL: url });
      expect(restored.stderr).toMatch(/Restored .* into the database server/);
      expect(restored.code).toBe(0);
      expect(await query("SELECT name FROM organizations WHERE slug = 'backup-test'")).toEqual([
        { name: "南通市人大常委会法工委" },
      ]);
      // The schema came back whole, the migrations recorded with it.
      const migrations = await query("SELECT count(*)::int AS n FROM kysely_migration");
      expect(migrations[0].n).toBeGreaterThan(0);
    });

    it("refuses a file that is not a backup, leaving the database alone", () => {
      const bogus = path.join(folder, "not-a-dump");
      fs.writeFileSync(bogus, "hello");
      const result = kaimen(["restore", bogus, "--force"], { DATABASE_URL: url });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /is not a backup made by `kaimen backup` \(pg_dump custom format\)/,
      );
    });

    it("names the missing program in one line when the PostgreSQL client programs are absent", () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-nopath-"));
      const result = kaimen(["backup", path.join(folder, "x.dump")], {
        DATABASE_URL: url,
        PATH: empty,
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^kaimen backup: pg_dump is not installed/);
      const restore = kaimen(["restore", file], { DATABASE_URL: url, PATH: empty });
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/^kaimen restore: pg_restore is not installed/);
      fs.rmSync(empty, { recursive: true, force: true });
    });
  },
);
