import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import ShuffleAllButBrowser from "./tests/setup/sequencer.ts";
import type { TestProjectInlineConfiguration } from "vitest/config";

// Suites that need something from the machine run only where it is there, and say so when they
// do not. KAIMEN_REQUIRE_SUITES (set by .ci/run) turns a missing suite into a failure.
const required = new Set(
  (process.env.KAIMEN_REQUIRE_SUITES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const chromium = process.env.KAIMEN_CHROMIUM ?? "/usr/bin/chromium";

function unavailable(suite: string, reason: string): never | void {
  if (required.has(suite)) {
    throw new Error(`The ${suite} suite is required (KAIMEN_REQUIRE_SUITES) but ${reason}.`);
  }
  // The config is evaluated more than once per run; say it once.
  const said = globalThis as { __kaimenSkipNotes?: Set<string> };
  said.__kaimenSkipNotes ??= new Set();
  if (said.__kaimenSkipNotes.has(suite) || process.env.VITEST_WORKER_ID) return;
  said.__kaimenSkipNotes.add(suite);
  process.stderr.write(`\n[kaimen] ${suite} suite skipped: ${reason}.\n`);
}

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: "unit",
      include: ["editor/**/*.test.ts", "tests/unit/**/*.test.ts"],
      // Pure tests that leave no state behind (the shuffled runs in .ci/run check it): one
      // worker imports the modules once for all files instead of once per file, which halved
      // this project's CPU time.
      isolate: false,
      // Some are CPU-heavy (a thousand-copy campaign): 5 s is not enough on a loaded machine.
      testTimeout: 20_000,
    },
  },
  {
    extends: true,
    test: {
      name: "pglite",
      include: ["tests/integration/**/*.test.ts"],
      // What needs a server (terminating its connections, pg_dump, several processes on one
      // database) is the PostgreSQL suite's alone.
      exclude: [
        "tests/integration/db-faults.test.ts",
        "tests/integration/worker.test.ts",
        "tests/integration/backup-postgres.test.ts",
        "tests/integration/scale-out.test.ts",
        "tests/integration/mail-worker-kill.test.ts",
      ],
      env: { KAIMEN_TEST_DB: "pglite" },
      globalSetup: ["tests/setup/pglite-global.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
];

if (process.env.TEST_DATABASE_URL) {
  projects.push({
    extends: true,
    test: {
      name: "postgres",
      include: ["tests/integration/**/*.test.ts"],
      // The command line's tests drive the embedded database; a server is pg_dump's business.
      // The operations tests start `kaimen serve` and `kaimen worker` on the embedded default.
      exclude: ["tests/integration/cli.test.ts", "tests/integration/operations.test.ts"],
      env: { KAIMEN_TEST_DB: "postgres" },
      globalSetup: ["tests/setup/postgres-global.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
} else {
  unavailable("postgres", "TEST_DATABASE_URL is not set");
}

// The search contract on Meilisearch: only with a server (none can run on these machines).
if (process.env.MEILI_URL) {
  projects.push({
    extends: true,
    test: {
      name: "meilisearch",
      include: ["tests/search-contract/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
} else {
  unavailable("meilisearch", "MEILI_URL is not set");
}

if (existsSync(chromium)) {
  projects.push({
    extends: true,
    test: {
      name: "browser",
      // The browser files drive one server over one seeded demo: their files keep a stable order
      // (tests/setup/sequencer.ts), and each file's tests run as written ({ shuffle: false } on
      // its describe: test order is not a per-project setting).
      include: ["tests/e2e/**/*.test.ts"],
      env: { KAIMEN_CHROMIUM: chromium },
      globalSetup: ["tests/setup/browser-global.ts"],
      testTimeout: 60_000,
      hookTimeout: 180_000,
      fileParallelism: false,
    },
  });
} else {
  unavailable("browser", `Chromium is not installed at ${chromium}`);
}

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // idle whenever its test waits for a child process (the CLI's), a socket or the database
    // server. Two workers keep both cores busy; bigger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Files and tests run in a shuffled order (a test may not lean on another's leftovers), but
    // for the browser suite's (tests/setup/sequencer.ts); `--sequence.seed=N` repeats an order.
    sequence: { shuffle: { files: false, tests: true }, sequencer: ShuffleAllButBrowser },
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    reporters: ["default", "./tests/setup/summary-reporter.ts"],
    projects,
  },
});
