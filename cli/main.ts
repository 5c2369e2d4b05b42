import { DataDirBusyError } from "../db/lock.ts";
import { InputError, UsageError } from "./errors.ts";
import type { Command } from "./command.ts";

/**
 * One line of the command table: what `kaimen --help` shows, and how to load the command.
 * Commands are imported only when run, because importing all of them (the server, PGlite,
 * the DOCX and PDF writers, jieba…) cost every call seconds and ~230 MB before it did anything.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    name: "serve",
    summary: "build if needed, migrate, seed an empty database, then serve the app",
    load: async () => (await import("./commands/serve.ts")).serve,
  },
  {
    name: "worker",
    summary: "run the background work (search, mail, comparisons, notices) beside `kaimen serve`",
    load: async () => (await import("./commands/worker.ts")).worker,
  },
  {
    name: "migrate",
    summary: "bring the database schema up to date",
    load: async () => (await import("./commands/migrate.ts")).migrate,
  },
  {
    name: "seed",
    summary: "load the Nantong demo data (repeatable: nothing is added twice)",
    load: async () => (await import("./commands/seed.ts")).seed,
  },
  {
    name: "import",
    summary: "parse a law from .docx/.txt/.md (--json), or add it to a bill as a reading",
    load: async () => (await import("./commands/import.ts")).importCommand,
  },
  {
    name: "export",
    summary: "export a version as txt, md, json, docx, pdf or Akoma Ntoso",
    load: async () => (await import("./commands/export.ts")).exportCommand,
  },
  {
    name: "compare",
    summary: "compare two texts (files or version ids) article by article, as JSON",
    load: async () => (await import("./commands/compare.ts")).compareCommand,
  },
  {
    name: "amend",
    summary: "write the amendment decision (修改决定) that turns OLD into NEW",
    load: async () => (await import("./commands/amend.ts")).amendCommand,
  },
  {
    name: "apply",
    summary: "apply an amendment decision (修改决定) to a text and print the amended text",
    load: async () => (await import("./commands/apply.ts")).applyCommand,
  },
  {
    name: "admin:create",
    summary: "create an administrator (the first one of a real deployment)",
    load: async () => (await import("./commands/admin-create.ts")).adminCreate,
  },
  {
    name: "backup",
    summary: "write the database to a file (embedded: a copy of its folder; a server: pg_dump)",
    load: async () => (await import("./commands/backup.ts")).backup,
  },
  {
    name: "restore",
    summary: "load a backup file into the database (embedded, or a server with pg_restore)",
    load: async () => (await import("./commands/backup.ts")).restore,
  },
  {
    name: "hearing-draw",
    summary: "re-run a hearing's published speaker draw from its seed and list (JSON)",
    load: async () => (await import("./commands/hearing-draw.ts")).hearingDraw,
  },
  {
    name: "search:reindex",
    summary: "rebuild the search index from the database (bills, articles, opinions)",
    load: async () => (await import("./commands/search-reindex.ts")).searchReindex,
  },
  {
    name: "search:check",
    summary: "compare the search engine (version, settings, documents) with the database",
    load: async () => (await import("./commands/search-check.ts")).searchCheck,
  },
];

function help(): string {
  const width = Math.max(...commandTable.map((c) => c.name.length));
  return [
    "kaimen — 开门立法 Kaimen, public participation in draft regulations",
    "",
    "Usage: kaimen <command> [options]",
    "",
    "Commands:",
    ...commandTable.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `kaimen <command> --help` for a command's options.",
    "Configuration comes from the environment (see README: DATABASE_URL, KAIMEN_DATA_DIR, PORT, …).",
  ].join("\n");
}

/** Runs one command line and returns the process exit code (0 ok, 1 bad input, 2 misuse). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const entry = commandTable.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`kaimen: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kaimen ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof DataDirBusyError) {
      process.stderr.write(`kaimen ${name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && error.message.startsWith("Invalid environment")) {
      process.stderr.write(`kaimen ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
