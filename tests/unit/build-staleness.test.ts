import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { isBuildStale, recordBuildInputs, recordedBuildInputs } from "../../server/build.ts";

// Each test works on a project of its own in a temporary folder (never the real tree, which
// other test files and a running `npm start` read at the same time).
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function write(root: string, file: string, text = "export {};\n"): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

// The folders the server bundle takes its modules from (one file each), as a build records them.
const bundled = [
  "app/root.tsx",
  "app/routes/home.tsx",
  "services/opinions.ts",
  "db/queries/bills.ts",
  "editor/schema.ts",
  "search/engine.ts",
  "config/env.ts",
];
const builtAt = Date.now() / 1000 - 1000;
const setTime = (root: string, file: string, seconds: number) =>
  fs.utimesSync(path.join(root, file), seconds, seconds);

/** A project built at `builtAt` from `bundled`, with a test and a CLI file the build left out. */
function builtProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-build-"));
  roots.push(root);
  const sources = [...bundled, "tests/unit/x.test.ts", "cli/main.ts", "public/favicon.ico"];
  for (const file of [...sources, "package-lock.json", "vite.config.ts"]) write(root, file);
  write(root, "build/server/index.js");
  write(root, "build/inputs/client.json", JSON.stringify(bundled.slice(0, 2)));
  write(root, "build/inputs/ssr.json", JSON.stringify(bundled));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (fs.statSync(full).isDirectory()) walk(full);
      fs.utimesSync(full, builtAt - 100, builtAt - 100);
    }
  };
  walk(root);
  setTime(root, "build/server/index.js", builtAt);
  return root;
}

describe("whether the build is stale", () => {
  it("is fresh when nothing the build was made of changed since", () => {
    const root = builtProject();
    expect(isBuildStale(root)).toBe(false);
    expect(recordedBuildInputs(root)).toEqual([...bundled].sort());
  });

  it("turns stale when a file of any folder the bundle includes is edited", () => {
    const root = builtProject();
    for (const file of [...bundled, "public/favicon.ico", "package-lock.json"]) {
      setTime(root, file, builtAt + 10);
      expect({ file, stale: isBuildStale(root) }).toEqual({ file, stale: true });
      setTime(root, file, builtAt - 100);
      expect(isBuildStale(root)).toBe(false);
    }
  });

  it("stays fresh when only files the bundle does not include change", () => {
    const root = builtProject();
    setTime(root, "tests/unit/x.test.ts", builtAt + 10);
    setTime(root, "cli/main.ts", builtAt + 10);
    expect(isBuildStale(root)).toBe(false);
  });

  it("turns stale when a bundled file is deleted or a file is added beside one", () => {
    const deleted = builtProject();
    fs.rmSync(path.join(deleted, "services/opinions.ts"));
    setTime(deleted, "services", builtAt - 100);
    expect(isBuildStale(deleted)).toBe(true);
    const added = builtProject();
    write(added, "services/new-service.ts");
    expect(isBuildStale(added)).toBe(true);
  });

  it("turns stale when the build is missing or did not record its inputs", () => {
    const noBuild = builtProject();
    fs.rmSync(path.join(noBuild, "build/server/index.js"));
    expect(isBuildStale(noBuild)).toBe(true);
    const unrecorded = builtProject();
    fs.rmSync(path.join(unrecorded, "build/inputs/ssr.json"));
    expect(isBuildStale(unrecorded)).toBe(true);
  });
});

describe("recording what a build was made of", () => {
  it("lists the project files a Vite bundle loaded, not packages, virtual modules or queries", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-record-"));
    roots.push(root);
    write(
      root,
      "src/main.ts",
      'import { a } from "../lib/a.ts";\nimport t from "./t.txt?raw";\nimport v from "virtual:x";\nconsole.log(a, t, v);\n',
    );
    write(root, "lib/a.ts", "export const a = 1;\n");
    write(root, "src/t.txt", "text\n");
    await build({
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [
        recordBuildInputs(),
        {
          name: "virtual",
          resolveId: (id) => (id === "virtual:x" ? "\0virtual:x" : null),
          load: (id) => (id === "\0virtual:x" ? "export default 1;" : null),
        },
      ],
      build: {
        outDir: "build/client",
        lib: { entry: "src/main.ts", formats: ["es"], fileName: "main" },
      },
    });
    const recorded = JSON.parse(
      fs.readFileSync(path.join(root, "build/inputs/client.json"), "utf8"),
    );
    expect(recorded).toEqual(["lib/a.ts", "src/main.ts", "src/t.txt"]);
  });
});
