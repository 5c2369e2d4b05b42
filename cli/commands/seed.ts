import { readEnv } from "../../config/env.ts";
import { parseNoArguments } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";
import { printDemoAccounts } from "../seed/print.ts";
import { seedDemo } from "../seed/demo.ts";

export const seed: Command = {
  name: "seed",
  summary: "load the Nantong demo data (repeatable: nothing is added twice)",
  usage:
    "Usage: kaimen seed\n\nLoads the demo legislatures, contact points, accounts and bill into the configured database.",
  async run(args) {
    parseNoArguments(args);
    await withDatabase(readEnv(), async (handle) => {
      await seedDemo(handle.db);
      process.stderr.write(`Demo data is in the ${handle.kind} database at ${handle.location}.\n`);
    });
    printDemoAccounts((line) => process.stderr.write(`${line}\n`));
    return 0;
  },
};
