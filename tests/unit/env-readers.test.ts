import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";

// Configuration is read once, in config/env.ts, and checked at start (an SMTP_URL read by the
// mailer itself passed start-up and failed a drafter's request later). This scan holds it for
// the app's code; tests, bench/ and the tools' own configuration (vitest.config.ts) are not app
// code and may read their environment.

/** The folders of app code, and the one file in them that may read the environment. */
const appFolders = ["app", "services", "db", "search", "server", "cli", "editor", "config", "bin"];
const allowed = "config/env.ts";

/** Ways of reaching the environment: `process.env`, `process["env"]`, `{ env } = process`, `node:process`. */
const readers: RegExp[] = [
  /\bprocess\s*(?:\?\.|\.)\s*env\b/,
  /\bprocess\s*(?:\?\.)?\s*\[\s*(["'`])env\1\s*\]/,
  /\{[^{}]*\benv\b[^{}]*\}\s*=\s*(?:globalThis\s*\.\s*)?process\b/,
  /\bimport\s*\{[^}]*\benv\b[^}]*\}\s*from\s*["'](?:node:)?process["']/,
  /\bfrom\s*["'](?:node:)?process["']/,
];

function readsEnvironment(source: string): boolean {
  return readers.some((pattern) => pattern.test(source));
}

function sourceFiles(folder: string): string[] {
  const full = path.join(projectRoot, folder);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, withFileTypes: true }).flatMap((entry) => {
    if (!entry.isFile() || !/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) return [];
    const file = path.relative(projectRoot, path.join(entry.parentPath, entry.name));
    return /\.test\.tsx?$/.test(file) ? [] : [file.split(path.sep).join("/")];
  });
}

describe("configuration is read only in config/env.ts", () => {
  it("recognises every way of reading the environment", () => {
    for (const source of [
      "const url = process.env.SMTP_URL;",
      "const font = process.env['KAIMEN_PDF_FONT'];",
      'const all = process["env"];',
      "const all = process?.env;",
      "const { env } = process;",
      "const { env: variables, argv } = process;",
      'import { env } from "node:process";',
      'import process2 from "process";',
    ])
      expect(readsEnvironment(source), source).toBe(true);
    for (const source of ["const env = readEnv();", "environment.process(env)", "env.smtpUrl"])
      expect(readsEnvironment(source), source).toBe(false);
  });

  it("finds no other reader in the app's code", () => {
    const files = appFolders.flatMap(sourceFiles);
    expect(files).toContain(allowed);
    expect(files.length).toBeGreaterThan(100);
    const readersFound = files.filter((file) =>
      readsEnvironment(fs.readFileSync(path.join(projectRoot, file), "utf8")),
    );
    expect(readersFound).toEqual([allowed]);
  });
});
