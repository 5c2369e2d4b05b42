import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main.ts";
import { decisionDocx } from "../../services/documents/decision-docx.ts";

// `kaimen amend OLD NEW` and `kaimen apply OLD DECISION` on real law files (CONTRACTS.md): the
// decision on stdout, exit 0; a refusal as one line on stderr, exit 1; `apply --json` in exactly
// the shape of `kaimen import FILE --json`. Run in this process: they never open the database.

const laws = path.resolve("tests/fixtures/laws");
const OLD = path.join(laws, "shengzhu-tuzai-tiaoli-2011.txt");
const NEW = path.join(laws, "shengzhu-tuzai-tiaoli-2016.txt");
let dir: string;

async function kaimen(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-amend-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("kaimen amend and kaimen apply", () => {
  it("prints the decision, which apply turns back into the new text, shaped like import --json", async () => {
    const amend = await kaimen("amend", OLD, NEW, "--title", "生猪屠宰管理条例");
    expect(amend.code).toBe(0);
    expect(amend.stdout.split("\n")[0]).toBe("关于修改《生猪屠宰管理条例》的决定");
    expect(amend.stdout).toMatch(/\n一、/);
    const decisionFile = path.join(dir, "decision.txt");
    fs.writeFileSync(decisionFile, amend.stdout);

    const applied = await kaimen("apply", OLD, decisionFile, "--json");
    expect(applied.code).toBe(0);
    const imported = await kaimen("import", NEW, "--json");
    const a = JSON.parse(applied.stdout);
    const b = JSON.parse(imported.stdout);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Object.keys(a.articles[0])).toEqual(Object.keys(b.articles[0]));
    const strip = (json: {
      articles: { label: string; number: number; chapter: number | null; text: string }[];
    }) =>
      json.articles.map(({ label, number, chapter, text }) => ({ label, number, chapter, text }));
    expect(strip(a)).toEqual(strip(b));
  }, 60_000);

  it("gives the items as data with --json", async () => {
    const { code, stdout } = await kaimen("amend", OLD, NEW, "--json");
    expect(code).toBe(0);
    const decision = JSON.parse(stdout);
    expect(decision.items[0]).toMatchObject({ number: 1, text: expect.stringMatching(/^一、/) });
    expect(decision.items[0].clauses[0].op).toBeTypeOf("string");
  }, 60_000);

  it("refuses a full revision with one line and exit 1", async () => {
    const { code, stdout, stderr } = await kaimen(
      "amend",
      path.join(laws, "shengzhu-tuzai-tiaoli-2016.txt"),
      path.join(laws, "shengzhu-tuzai-tiaoli-2021.txt"),
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^kaimen amend: .*full revision \(修订\).*whole new text/);
  }, 60_000);

  it("reads a decision from a .docx", async () => {
    const docx = path.join(dir, "decision.docx");
    fs.writeFileSync(
      docx,
      await decisionDocx("关于修改《生猪屠宰管理条例》的决定\n一、删去第三十六条。"),
    );
    const { code, stdout } = await kaimen("apply", OLD, docx);
    expect(code).toBe(0);
    expect(stdout).toContain("第三十五条");
    expect(stdout).not.toContain("第三十六条");
  }, 60_000);

  it.each([
    ["一、删去第九十九条。", /第一项修改（一、）无法适用：原文没有第九十九条/],
    ["一、把第一条改得更好。", /不是修改决定的标准表述/],
  ])("names the item it cannot apply (%s), exit 1 with one line", async (item, reason) => {
    const file = path.join(dir, "bad.txt");
    fs.writeFileSync(file, item);
    const { code, stderr } = await kaimen("apply", OLD, file);
    expect(code).toBe(1);
    expect(stderr).toMatch(reason);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it.each([
    [["apply", OLD, "/nonexistent/decision.txt"], "no such file: /nonexistent/decision.txt"],
    [["apply", OLD, laws], "is a folder, not a file"],
    [["amend", OLD, "/nonexistent/new.txt"], "no such file or version id: /nonexistent/new.txt"],
  ])("%j is bad input: exit 1 with one line", async (argv, reason) => {
    const { code, stderr } = await kaimen(...argv);
    expect(code).toBe(1);
    expect(stderr).toContain(reason);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it.each([["amend"], ["apply"]])("kaimen %s --help prints its usage", async (name) => {
    const { code, stdout } = await kaimen(name, "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: kaimen ${name} OLD `));
  });

  it.each([
    [["amend", OLD], "give exactly two texts, OLD and NEW"],
    [["apply", OLD], "give exactly two files, OLD and DECISION"],
  ])("%j is misuse: exit 2", async (argv, reason) => {
    const { code, stderr } = await kaimen(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(reason);
  });
});
