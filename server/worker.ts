import type { Env } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { createSearchEngine } from "../search/engine.ts";
import { startIndexer } from "../search/indexer.ts";
import type { SearchEngine } from "../search/types.ts";
import { startMailDelivery } from "../services/mail-delivery.ts";
import { configureMail } from "../services/notifications.ts";

// The background work of Kaimen (DESIGN.md, decision 6; CONTRACTS.md: `kaimen worker`): what
// runs beside the web processes and never on a request's path. Today that is the search indexer
// draining the search outbox and mail delivery draining the mail outbox; every piece claims its rows with SKIP LOCKED, so any number of workers
// (and web processes started with --with-worker) may run against one PostgreSQL server. Each
// piece is started here and stopped here, so a new one (scheduled notices) is one
// more line in startBackgroundWork.

/** Background work running in this process. */
export interface BackgroundWork {
  /** The search engine the indexer feeds (a web process shares it with its requests). */
  search: SearchEngine;
  /** Finishes the round in progress, then stops every piece. */
  stop(): Promise<void>;
}

/** Starts the background work on a prepared (migrated) database. */
export async function startBackgroundWork(options: {
  env: Env;
  database: DatabaseHandle;
  log: (line: string) => void;
  /** The engine to feed; the configured one (MEILI_URL, else embedded) by default. */
  search?: SearchEngine;
}): Promise<BackgroundWork> {
  const { env, database, log } = options;
  // The mail transport from the validated settings: a setting nodemailer refuses stops the start.
  configureMail({ smtpUrl: env.smtpUrl, from: env.smtpFrom });
  const search =
    options.search ??
    createSearchEngine({ db: database.db, meiliUrl: env.meiliUrl, meiliKey: env.meiliKey });
  await search
    .prepare()
    .catch((error: Error) =>
      log(`Search engine (${search.name}) not ready: ${error.message}; the indexer will retry.`),
    );
  const indexer = startIndexer(database.db, search, { log });
  const mail = startMailDelivery(database.db, { log });
  return {
    search,
    stop: async () => {
      await Promise.all([indexer.stop(), mail.stop()]);
    },
  };
}
