import type { Kysely } from "kysely";
import type { DatabaseKind } from "../db/client.ts";
import type { Database } from "../db/schema.ts";
import type { SearchEngine } from "../search/types.ts";
import type { CompareFunction } from "./comparison.ts";

/**
 * What a service may need of the running server: the database and the process-wide settings
 * and workers. The server builds it once per request (app/context.ts adds what only the HTTP
 * layer knows: the secret, the client, the CSRF token); services take it, or the parts they
 * use, as an argument, and never read app/ or the environment.
 */
export interface ServiceContext {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  /** The legislature's time zone (KAIMEN_TZ): dates and deadlines are read in it. */
  timeZone: string;
  /** Runs a comparison off the request thread (a worker in the server; in-thread in tests). */
  compare?: CompareFunction;
  /** The search engine (Meilisearch when configured); absent means the embedded engine. */
  search?: SearchEngine;
  /** A font file that draws Chinese (KAIMEN_PDF_FONT), tried first by the comparison PDF. */
  pdfFont?: string;
  /** Where uploaded files live: `<KAIMEN_DATA_DIR>/files` (activity attachments). */
  filesDir?: string;
}
