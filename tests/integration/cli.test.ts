import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import { connectDatabase, type DatabaseHandle } from "../../db/client.ts";
import { ensureNodeBuildOnce } from "../support/build.ts";
import { copyMigratedDataDir } from "../support/database.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kaimen(args: string[], env: Record<string, string>, input?: string): Run {
  const result = spawnSync(
    process.execPath,
    [path.join(projectRoot, "bin", "kaimen.js"), ...args],
    {
      cwd: os.tmpdir(),
      env: { ...process.env, DATABASE_URL: "", ...env },
      input,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-cli-"));

/**
 * A data folder already migrated (a copy of the run's template): creating and migrating one
 * costs each test seconds, and is tested once, by the test of the data folder's lock.
 */
async function migratedDataDir(): Promise<string> {
  const dataDir = path.join(tempDir(), "data");
  await copyMigratedDataDir(dataDir);
  return dataDir;
}

// The command line against the embedded database (the server variant is pg_dump's job).
// Each test runs several \`kaimen\` processes, and most of them create or open an embedded
// database (seconds each, much more on a loaded machine): a test gets minutes, not the default.
// The spawned `kaimen` runs build/node/: built once here, not by several calls at once.
beforeAll(() => ensureNodeBuildOnce(), 120_000);

describe("the kaimen command line", { timeout: 180_000 }, () => {
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

  it("creates the first administrator, refusing bad input with a one-line reason", async () => {
    const dataDir = await migratedDataDir();
    const env = { KAIMEN_DATA_DIR: dataDir };
    const noOrg = kaimen(
      ["admin:create", "--email", "chief@example.org", "--name", "周主任", "--password-stdin"],
      env,
      "a-very-long-password\n",
    );
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toMatch(/--organization NAME and --slug SLUG/);
    const short = kaimen(
      ["admin:create", "--email", "chief@example.org", "--name", "周主任", "--password-stdin"],
      env,
      "short\n",
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const args = [
      "admin:create",
      "--email",
      "Chief@Example.org",
      "--name",
      "周主任",
      "--password-stdin",
      "--organization",
      "某市人民代表大会常务委员会",
      "--slug",
      "moushi",
    ];
    expect(kaimen(args, env, "a-very-long-password\n").code).toBe(0);
    const again = kaimen(args, env, "a-very-long-password\n");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("backs up and restores the embedded database; a bad file changes nothing", async () => {
    const root = tempDir();
    const source = { KAIMEN_DATA_DIR: path.join(root, "source") };
    await copyMigratedDataDir(source.KAIMEN_DATA_DIR);
    const target = { KAIMEN_DATA_DIR: path.join(root, "target") };
    const create = [
      "admin:create",
      "--email",
      "keeper@example.org",
      "--name",
      "管理员",
      "--password-stdin",
      "--organization",
      "测试人大常委会",
      "--slug",
      "test-city",
    ];
    expect(kaimen(create, source, "a-very-long-password\n").code).toBe(0);
    const file = path.join(root, "backup.tar.gz");
    expect(kaimen(["backup", file], source).code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);

    const junk = path.join(root, "junk.tar.gz");
    fs.writeFileSync(junk, "this is not a backup");
    const bad = kaimen(["restore", junk], target);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a Kaimen backup/);
    expect(
      fs.existsSync(target.KAIMEN_DATA_DIR) && fs.readdirSync(target.KAIMEN_DATA_DIR).length,
    ).toBeFalsy();

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
      expect(refused.stderr).toMatch(
        new RegExp(`in use by another Kaimen process \\(pid ${holder.pid}\\)`),
      );
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.once("exit", resolve));
    // Once the holder is gone, its stale lock is taken over, and the empty folder becomes a
    // migrated database (the other tests start from a copy of one).
    const migrated = kaimen(["migrate"], { KAIMEN_DATA_DIR: dataDir });
    expect(migrated.code).toBe(0);
    expect(migrated.stderr).toMatch(/Applied migrations: 0001_core/);
  });

  it("prints an imported law as the contract's JSON without opening any database", () => {
    const dataDir = path.join(tempDir(), "never-created");
    const file = path.join(projectRoot, "tests/fixtures/laws/dongwu-fangyi-fa-2021.txt");
    const run = kaimen(["import", file, "--json"], { KAIMEN_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.title).toBeNull();
    expect(json.articles).toHaveLength(113);
    expect(json.chapters.map((c: { number: number }) => c.number)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(json.articles[0]).toMatchObject({ number: 1, label: "第一条", chapter: null });
    expect(json.articles[30]).toMatchObject({ number: 31, chapter: 3 });
    expect(json.unplaced).toEqual([]);
    expect(fs.existsSync(dataDir)).toBe(false);
    // GB18030 input is detected.
    const gb = path.join(tempDir(), "gb.txt");
    fs.writeFileSync(
      gb,
      iconv.encode("第一条　为了测试，制定本条例。\n第二条　本条例自公布之日起施行。\n", "gb18030"),
    );
    const decoded = JSON.parse(kaimen(["import", gb, "--json"], {}).stdout);
    expect(decoded.articles.map((a: { text: string }) => a.text)).toEqual([
      "为了测试，制定本条例。",
      "本条例自公布之日起施行。",
    ]);
    const missing = kaimen(["import", "/no/such/file.txt", "--json"], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stdout).toBe("");
  });

  it("adds a reading to a bill by command, inheriting pids, and exports it", async () => {
    const dataDir = await migratedDataDir();
    const env = { KAIMEN_DATA_DIR: dataDir };
    expect(kaimen(["seed"], env).code).toBe(0);
    const lookUp = async <T>(work: (db: DatabaseHandle["db"]) => Promise<T>): Promise<T> => {
      const handle = await connectDatabase({ dataDir });
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    };
    const bill = await lookUp((db) =>
      db
        .selectFrom("bills")
        .select("id")
        .where("title", "=", "中华人民共和国立法法（修正）")
        .executeTakeFirstOrThrow(),
    );
    expect(kaimen(["import", "x.txt", "--bill", bill.id, "--label", "final"], env).code).toBe(2);
    const unknown = kaimen(
      [
        "import",
        path.join(projectRoot, "tests/fixtures/laws/lifa-fa-2023.md"),
        "--bill",
        "not-a-bill",
        "--label",
        "third_reading",
      ],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no bill with id/);

    // The bill's latest reading is this very text: a second identical reading is refused.
    const same = kaimen(
      [
        "import",
        path.join(projectRoot, "tests/fixtures/laws/lifa-fa-2023.md"),
        "--bill",
        bill.id,
        "--label",
        "third_reading",
      ],
      env,
    );
    expect(same.code).toBe(1);
    expect(same.stderr.trim()).toMatch(
      /^kaimen import: The text is identical to the latest reading/,
    );
    // One word changed in 第一条, it is a new reading.
    const edited = path.join(tempDir(), "lifa-edited.md");
    fs.writeFileSync(
      edited,
      fs
        .readFileSync(path.join(projectRoot, "tests/fixtures/laws/lifa-fa-2023.md"), "utf8")
        .replace("为了规范立法活动", "为了进一步规范立法活动"),
    );
    const added = kaimen(["import", edited, "--bill", bill.id, "--label", "third_reading"], env);
    expect(added.code).toBe(0);
    const { versionId, articles } = JSON.parse(added.stdout);
    expect(articles).toBe(120);
    const firstArticlePids = await lookUp((db) =>
      db
        .selectFrom("provisions as p")
        .innerJoin("versions as v", "v.id", "p.version_id")
        .select(["v.label", "p.pid"])
        .where("v.bill_id", "=", bill.id)
        .where("p.kind", "=", "article")
        .where("p.number", "=", 1)
        .execute(),
    );
    expect(firstArticlePids.map((r) => r.label)).toEqual(
      expect.arrayContaining(["current_law", "promulgated", "third_reading"]),
    );
    expect(new Set(firstArticlePids.map((r) => r.pid)).size).toBe(1);

    const text = kaimen(["export", versionId, "--format", "txt"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("第一百二十条");
    const docx = path.join(tempDir(), "lifa.docx");
    expect(kaimen(["export", versionId, "--format", "docx", "--out", docx], env).code).toBe(0);
    expect(fs.readFileSync(docx).subarray(0, 2).toString()).toBe("PK");
    const pdf = path.join(tempDir(), "lifa.pdf");
    expect(kaimen(["export", versionId, "--format", "pdf", "--out", pdf], env).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(kaimen(["export", versionId, "--format", "rtf"], env).code).toBe(2);
    expect(
      kaimen(["export", "00000000-0000-0000-0000-000000000000", "--format", "txt"], env).code,
    ).toBe(1);
  });

  it("compares two files as the contract's JSON without a database, and refuses bad input", () => {
    const dataDir = path.join(tempDir(), "never-created");
    const file = (name: string) => path.join(projectRoot, "tests/fixtures/laws", name);
    const run = kaimen(
      [
        "compare",
        file("dongwu-fangyi-fa-2021.txt"),
        file("dongwu-fangyi-fa-2021-lawrefbook.md"),
        "--json",
      ],
      { KAIMEN_DATA_DIR: dataDir },
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    // The same law formatted differently: nothing changed.
    expect(result.summary).toEqual({
      unchanged: 113,
      modified: 0,
      added: 0,
      deleted: 0,
      moved: 0,
      split: 0,
      merged: 0,
    });
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(kaimen(["compare", file("lifa-fa-2015.md"), "--json"], {}).code).toBe(2);
    expect(kaimen(["compare", file("lifa-fa-2015.md"), file("lifa-fa-2023.md")], {}).code).toBe(2);
    const missing = kaimen(["compare", file("lifa-fa-2015.md"), "/no/such.txt", "--json"], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file or version id/);
    expect(missing.stdout).toBe("");
  });
});
