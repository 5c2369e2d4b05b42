import { DataDirBusyError } from "../db/lock.ts";
import { InputError, UsageError } from "./errors.ts";
import type { Command } from "./command.ts";
import { adminCreate } from "./commands/admin-create.ts";
import { backup, restore } from "./commands/backup.ts";
import { compareCommand } from "./commands/compare.ts";
import { exportCommand } from "./commands/export.ts";
import { importCommand } from "./commands/import.ts";
import { migrate } from "./commands/migrate.ts";
import { seed } from "./commands/seed.ts";
import { serve } from "./commands/serve.ts";
import { searchReindex } from "./commands/search-reindex.ts";

const commands: Command[] = [
  serve,
  migrate,
  seed,
  importCommand,
  exportCommand,
  compareCommand,
  adminCreate,
  backup,
  restore,
  searchReindex,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "kaimen — 开门立法 Kaimen, public participation in draft regulations",
    "",
    "Usage: kaimen <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`kaimen: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
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
