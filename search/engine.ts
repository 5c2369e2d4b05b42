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

/**
 * The engine could not answer a query (unreachable, timed out, or failing). Pages and the API
 * answer it with 503 and Retry-After instead of a 500: search is down, the rest of the site is
 * not, and the outbox keeps every write for when the engine is back.
 */
export class SearchUnavailableError extends Error {
  readonly engine: SearchEngine["name"];
  constructor(engine: SearchEngine["name"], cause: unknown) {
    super(`The ${engine} search engine is unavailable`, { cause });
    this.name = "SearchUnavailableError";
    this.engine = engine;
  }
}

/** Seconds a client is told to wait (Retry-After) when search is unavailable. */
export const SEARCH_RETRY_AFTER_SECONDS = 30;
