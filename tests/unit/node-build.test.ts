import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildNode, isNodeBuildStale, recordedInputs } from "../../bin/build.js";

// The Node build (bin/build.js) on a small project of its own in a temporary folder, shaped like
// the real one: a command table that imports its command lazily, a module that finds the project
// root from its own `import.meta.url` (as config/env.ts does), and the two worker entries.
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-node-build-"));
  roots.push(root);
  write(root, "package-lock.json", "{}\n");
  write(root, "tsconfig.json", "{}\n");
  write(
    root,
    "config/env.ts",
    `import path from "node:path";
import { fileURLToPath } from "node:url";
export const projectRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
`,
  );
  write(
    root,
    "cli/main.ts",
    `const table = { hello: async () => (await import("./commands/hello.ts")).hello };
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "hello") process.stdout.write((await table.hello())());
  else process.stdout.write("help");
  return 0;
}
`,
  );
  write(
    root,
    "cli/commands/hello.ts",
    `import { projectRoot } from "../../config/env.ts";
export const hello = (): string => "root=" + projectRoot;
`,
  );
  write(root, "server/production-mode.ts", `export const mode: string = "production";\n`);
  write(root, "services/upload-worker.ts", `export const upload: number = 1;\n`);
  write(root, "server/compare-worker.ts", `export const compare: number = 2;\n`);
  return root;
}

/** Runs the built main.js of a project with these arguments; its stdout. */
function runBuilt(root: string, args: string[]): string {
  const main = path.join(root, "build", "node", "main.js");
  const script = `const { main } = await import(${JSON.stringify(`file://${main}`)}); await main(${JSON.stringify(args)});`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe("the Node build", () => {
  it("bundles the entries to JavaScript, keeps a lazy command apart, and keeps the project root", async () => {
    const root = project();
    expect(isNodeBuildStale(root)).toBe(true);
    await buildNode(root);
    const built = fs.readdirSync(path.join(root, "build", "node")).sort();
    expect(built).toEqual(
      expect.arrayContaining(["main.js", "main.js.map", "upload-worker.js", "compare-worker.js"]),
    );
    const main = fs.readFileSync(path.join(root, "build", "node", "main.js"), "utf8");
    // The command is its own chunk, loaded only when it runs.
    expect(main).not.toContain("root=");
    expect(main).toMatch(/import\("\.\/chunk-[\w-]+\.js"\)/);
    expect(runBuilt(root, [])).toBe("help");
    // Moved to build/node/, the module still finds the project root from where its source is.
    expect(runBuilt(root, ["hello"])).toBe(`root=${root}`);
    expect(recordedInputs(root, ["node"])).toEqual([
      "cli/commands/hello.ts",
      "cli/main.ts",
      "config/env.ts",
      "server/compare-worker.ts",
      "server/production-mode.ts",
      "services/upload-worker.ts",
    ]);
    expect(isNodeBuildStale(root)).toBe(false);
  }, 60_000);

  it("turns stale when a source it includes, or its folder, or a configuring file changes", async () => {
    const root = project();
    await buildNode(root);
    const later = Date.now() / 1000 + 10;
    for (const file of ["config/env.ts", "cli/commands", "tsconfig.json", "package-lock.json"]) {
      const full = path.join(root, file);
      const { mtime } = fs.statSync(full);
      fs.utimesSync(full, later, later);
      expect({ file, stale: isNodeBuildStale(root) }).toEqual({ file, stale: true });
      fs.utimesSync(full, mtime, mtime);
    }
    // A file the build does not include changes nothing.
    write(root, "tests/x.test.ts", "export {};\n");
    fs.utimesSync(path.join(root, "tests/x.test.ts"), later, later);
    expect(isNodeBuildStale(root)).toBe(false);
    fs.rmSync(path.join(root, "build", "node", "main.js"));
    expect(isNodeBuildStale(root)).toBe(true);
  }, 60_000);
});
