import { describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main.ts";

// Every command line is read by a zod schema (cli/args.ts): misuse exits 2 with the reason and
// the usage, bad input exits 1 with one line (CONTRACTS.md). These lines are all refused before
// a command opens a database or reads a file, so they run in this process.

async function kaimen(...argv: string[]): Promise<{ code: number; stderr: string }> {
  const written: string[] = [];
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    return { code: await main(argv), stderr: written.join("") };
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
}

describe("kaimen's command lines", () => {
  it.each([
    [["serve", "--port", "http"], `--port must be a port number, not "http"`],
    [["serve", "--port", "70000"], `--port must be a port number, not "70000"`],
    [["serve", "extra"], "takes no arguments"],
    [["migrate", "--bogus"], "Unknown option '--bogus'"],
    [["migrate", "now"], "takes no arguments"],
    [["seed", "twice"], "takes no arguments"],
    [["search:reindex", "all"], "takes no arguments"],
    [["backup"], "give exactly one FILE"],
    [["backup", "a", "b"], "give exactly one FILE"],
    [["restore", "--force"], "give exactly one FILE"],
    [["export", "--format", "docx"], "give exactly one VERSION_ID"],
    [["export", "v1"], "--format must be one of txt, md, json, docx, akn, pdf"],
    [["export", "v1", "--format", "rtf"], "--format must be one of txt, md, json, docx, akn, pdf"],
    [["compare", "old.txt"], "give exactly two texts, OLD and NEW"],
    [["compare", "old.txt", "new.txt"], "--json is required"],
    [["import"], "give exactly one FILE"],
    [["import", "law.txt"], "give either --json or --bill (with --label)"],
    [["import", "law.txt", "--json", "--bill", "b"], "give either --json or --bill"],
    [["import", "law.txt", "--bill", "b"], "--label must be one of"],
    [["import", "law.txt", "--bill", "b", "--label", "fourth"], "--label must be one of"],
    [["admin:create", "--email", "a@example.org"], "--email and --name are required"],
    [["admin:create", "--name", "周主任"], "--email and --name are required"],
  ])("%j is misuse: exit 2 with the reason and the usage", async (argv, reason) => {
    const { code, stderr } = await kaimen(...argv);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toContain(`kaimen ${argv[0]}: ${reason}`);
    expect(stderr).toContain(`Usage: kaimen ${argv[0] === "restore" ? "restore" : argv[0]}`);
  });

  it.each([
    [["admin:create", "--email", "chief", "--name", "周主任"], `"chief" is not an e-mail address`],
    [["admin:create", "--email", "a@example.org", "--name", " "], "--name must be 1 to 50"],
    [["admin:create", "--email", "a@example.org", "--name", "长".repeat(51)], "1 to 50 characters"],
  ])("%j is bad input: exit 1 with one line", async (argv, reason) => {
    const { code, stderr } = await kaimen(...argv);
    expect(code).toBe(1);
    expect(stderr).toBe(`kaimen ${argv[0]}: ${stderr.slice(`kaimen ${argv[0]}: `.length)}`);
    expect(stderr).toContain(reason);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
