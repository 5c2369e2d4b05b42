import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kaimen(args: string[], env: Record<string, string>, input?: string): Run {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "bin", "kaimen.js"), ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, DATABASE_URL: "", ...env },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-cli-"));

// The command line against the embedded database (the server variant is pg_dump's job).
describe("the kaimen command line", () => {
  it("explains usage, and exits 2 on misuse", () => {
    const help = kaimen(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/admin:create/);
    expect(kaimen(["frobnicate"], {}).code).toBe(2);
    const bad = kaimen(["backup"], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/exactly one FILE/);
    expect(kaimen(["migrate", "--bogus"], {}).code).toBe(2);
  });

  it("creates the first administrator, refusing bad input with a one-line reason", () => {
    const dataDir = path.join(tempDir(), "data");
    const env = { KAIMEN_DATA_DIR: dataDir };
    const noOrg = kaimen(["admin:create", "--email", "chief@example.org", "--name", "周主任", "--password-stdin"], env, "a-very-long-password\n");
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toMatch(/--organization NAME and --slug SLUG/);
    const short = kaimen(["admin:create", "--email", "chief@example.org", "--name", "周主任", "--password-stdin"], env, "short\n");
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const args = ["admin:create", "--email", "Chief@Example.org", "--name", "周主任", "--password-stdin", "--organization", "某市人民代表大会常务委员会", "--slug", "moushi"];
    expect(kaimen(args, env, "a-very-long-password\n").code).toBe(0);
    const again = kaimen(args, env, "a-very-long-password\n");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("backs up and restores the embedded database; a bad file changes nothing", () => {
    const root = tempDir();
    const source = { KAIMEN_DATA_DIR: path.join(root, "source") };
    const target = { KAIMEN_DATA_DIR: path.join(root, "target") };
    const create = ["admin:create", "--email", "keeper@example.org", "--name", "管理员", "--password-stdin", "--organization", "测试人大常委会", "--slug", "test-city"];
    expect(kaimen(create, source, "a-very-long-password\n").code).toBe(0);
    const file = path.join(root, "backup.tar.gz");
    expect(kaimen(["backup", file], source).code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);

    const junk = path.join(root, "junk.tar.gz");
    fs.writeFileSync(junk, "this is not a backup");
    const bad = kaimen(["restore", junk], target);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a Kaimen backup/);
    expect(fs.existsSync(target.KAIMEN_DATA_DIR) && fs.readdirSync(target.KAIMEN_DATA_DIR).length).toBeFalsy();

    expect(kaimen(["restore", file], target).code).toBe(0);
    // The restored database already has the administrator: creating it again is refused.
    const duplicate = kaimen(create, target, "a-very-long-password\n");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    const occupied = kaimen(["restore", file], target);
    expect(occupied.code).toBe(1);
    expect(occupied.stderr).toMatch(/--force/);
  });

  it("refuses to open a data folder that a running process holds", async () => {
    const root = tempDir();
    const dataDir = path.join(root, "data");
    fs.mkdirSync(dataDir);
    const holder = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(path.join(root, ".data.lock"), String(holder.pid));
      const refused = kaimen(["migrate"], { KAIMEN_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`in use by another Kaimen process \\(pid ${holder.pid}\\)`));
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.once("exit", resolve));
    // Once the holder is gone, its stale lock is taken over.
    expect(kaimen(["migrate"], { KAIMEN_DATA_DIR: dataDir }).code).toBe(0);
  });
});
