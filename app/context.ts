import type { Kysely } from "kysely";
import type { DatabaseKind } from "../db/client.ts";
import type { Database } from "../db/schema.ts";
import type { CompareFunction } from "../services/comparison.ts";
import type { SearchEngine } from "../search/types.ts";

/**
 * What the server hands every loader and action: the database and per-request facts. Passing
 * them here, not through module globals, makes PGlite, PostgreSQL and a test database a
 * one-line swap.
 */
export interface AppContext {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  sessionSecret: string;
  timeZone: string;
  rateLimit: boolean;
  secureCookies: boolean;
  clientIp: string;
  /** The CSRF token of this browser (from its cookie); every cookie-authenticated write echoes it. */
  csrfToken: string;
  /** The Content-Security-Policy nonce of this response's inline scripts. */
  cspNonce: string;
  /** Runs a comparison off the request thread (a worker in the server; in-thread in tests). */
  compare?: CompareFunction;
  /** The search engine (Meilisearch when configured); absent means the embedded engine. */
  search?: SearchEngine;
  /** Per-request memo (the signed-in user is looked up once per request). */
  memo: Map<string, Promise<unknown>>;
}

declare module "react-router" {
  interface AppLoadContext extends AppContext {}
}
