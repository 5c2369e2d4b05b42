import { readEnv } from "../../config/env.ts";
import { createSearchEngine } from "../../search/engine.ts";
import { reindexAll } from "../../search/reindex.ts";
import { parseNoArguments } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";

/** A progress bar on stderr (redrawn in place on a terminal, a line every 10 % otherwise). */
function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return (done: number, total: number) => {
    const ratio = total ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (Math.floor(ratio * 10) !== lastTenth) {
      lastTenth = Math.floor(ratio * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

export const searchReindex: Command = {
  name: "search:reindex",
  summary: "rebuild the search index from the database (bills, articles, opinions)",
  usage: `Usage: kaimen search:reindex

Empties the search engine (Meilisearch when MEILI_URL is set, else the embedded index) and
indexes every bill, every article of every published version and every opinion again. Progress
goes to stderr.`,
  async run(args) {
    parseNoArguments(args);
    const env = readEnv();
    await withDatabase(env, async (handle) => {
      const engine = createSearchEngine({
        db: handle.db,
        meiliUrl: env.meiliUrl,
        meiliKey: env.meiliKey,
      });
      const started = performance.now();
      const count = await reindexAll(handle.db, engine, progressBar("Indexing"));
      if (process.stderr.isTTY) process.stderr.write("\n");
      process.stderr.write(
        `Indexed ${count} documents on the ${engine.name} engine in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    });
    return 0;
  },
};
