import { readEnv } from "../../config/env.ts";
import { parseNoArguments } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";

export const migrate: Command = {
  name: "migrate",
  summary: "bring the database schema up to date",
  usage: "Usage: kaimen migrate\n\nApplies every pending migration to the configured database.",
  async run(args) {
    parseNoArguments(args);
    await withDatabase(readEnv(), async (handle) => {
      process.stderr.write(`Database (${handle.kind}) at ${handle.location} is up to date.\n`);
    });
    return 0;
  },
};
