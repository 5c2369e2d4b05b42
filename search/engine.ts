// Which engine runs: Meilisearch when MEILI_URL is set, else the embedded one.

import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { embeddedEngine } from "./embedded.ts";
import { meilisearchEngine } from "./meilisearch.ts";
import type { SearchEngine } from "./types.ts";

/** The configured engine: Meilisearch on `meiliUrl`, or the embedded engine in `db`. */
export function createSearchEngine(options: {
  db: Kysely<Database>;
  meiliUrl?: string;
  meiliKey?: string;
}): SearchEngine {
  return options.meiliUrl
    ? meilisearchEngine({ url: options.meiliUrl, key: options.meiliKey })
    : embeddedEngine(options.db);
}

/** The engine of a request context: the server's, or the embedded engine over its database. */
export function engineOf(ctx: { db: Kysely<Database>; search?: SearchEngine }): SearchEngine {
  return ctx.search ?? embeddedEngine(ctx.db);
}
