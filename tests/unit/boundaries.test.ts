import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";

// The import-boundary check of `.ci/run` (`npm run boundaries`: dependency-cruiser with the
// project's .dependency-cruiser.cjs), run on a small project of its own in a temporary folder:
// each file below makes one import, allowed or not, so the test shows that a forbidden arrow —
// db/ importing services/, the one the issue names — fails the check, and that the allowed ones
// pass. The real tree is never written to (other tests read it at the same time).

const files: Record<string, string> = {
  "config/env.ts": "export const x = 1;\n",
  "editor/schema.ts": "export type Doc = { type: string };\n",
  "editor/zip.test.ts": 'import "../tests/support/helper.ts";\n',
  "db/schema.ts": 'import type { Doc } from "../editor/schema.ts";\nexport type D = Doc;\n',
  // The deliberate violation: a query module importing a service.
  "db/queries/opinions.ts": 'import "../schema.ts";\nimport "../../services/errors.ts";\n',
  "search/engine.ts": 'import "../db/schema.ts";\n',
  "services/errors.ts": 'import "../db/schema.ts";\nimport "../search/engine.ts";\n',
  "services/search.ts": 'import "../app/context.ts";\n',
  "app/context.ts": 'import "../services/errors.ts";\n',
  "app/routes/home.tsx": 'import "../../server/build.ts";\n',
  "server/build.ts": 'import "../config/env.ts";\n',
  "db/client.ts": 'import "../config/env.ts";\nimport "./schema.ts";\n',
  "server/server.ts": 'import "../app/context.ts";\nimport "./build.ts";\n',
  "server/start.ts": 'import "../cli/errors.ts";\n',
  "cli/errors.ts": "export {};\n",
  "cli/serve.ts": 'import "../server/server.ts";\n',
  "tests/support/helper.ts":
    'import "../../server/server.ts";\nimport "../../tools/chromium.ts";\n',
  "tools/chromium.ts": "export {};\n",
  "bench/support.ts": 'import "../tools/chromium.ts";\nimport "../server/build.ts";\n',
  "bench/editor.ts": 'import "../tests/support/helper.ts";\nimport "../cli/errors.ts";\n',
  "services/a.ts": 'import "./b.ts";\n',
  "services/b.ts": 'import "./a.ts";\n',
};

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-boundaries-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function boundaries(): { status: number | null; violations: string[] } {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  fs.copyFileSync(
    path.join(projectRoot, ".dependency-cruiser.cjs"),
    path.join(root, ".dependency-cruiser.cjs"),
  );
  fs.writeFileSync(
    path.join(root, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "ES2022",
        moduleResolution: "bundler",
        allowImportingTsExtensions: true,
        noEmit: true,
        jsx: "react-jsx",
      },
    }),
  );
  // The same command as `npm run boundaries`; its report names each violation:
  // "  error <rule>: <from> → <to>" (a cycle goes on with its next steps on the lines below).
  const run = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
      "--config",
      ".dependency-cruiser.cjs",
      ".",
    ],
    { cwd: root, encoding: "utf8" },
  );
  const violations = [
    ...`${run.stdout}${run.stderr}`.matchAll(/^\s*error ([\w-]+): (\S+) →\s+(\S+)/gm),
  ]
    .map(([, rule, from, to]) => `${rule}: ${from} → ${to}`)
    .sort();
  return { status: run.status, violations };
}

describe("the import-boundary check (npm run boundaries)", () => {
  it("fails on an import against the layers, names each one, and lets the allowed ones pass", () => {
    const { status, violations } = boundaries();
    expect(status).not.toBe(0);
    expect(violations).toContain(
      "db-imports-editor-types-at-most: db/queries/opinions.ts → services/errors.ts",
    );
    expect(violations).toEqual(
      [
        "db-imports-editor-types-at-most: db/queries/opinions.ts → services/errors.ts",
        "nothing-imports-app: services/search.ts → app/context.ts",
        "services-not-above: services/search.ts → app/context.ts",
        "nothing-imports-server: app/routes/home.tsx → server/build.ts",
        "server-not-cli: server/start.ts → cli/errors.ts",
        "bench-not-tests-or-cli: bench/editor.ts → tests/support/helper.ts",
        "bench-not-tests-or-cli: bench/editor.ts → cli/errors.ts",
        "no-circular: services/a.ts → services/b.ts",
      ].sort(),
    );
  }, 60_000);
});
