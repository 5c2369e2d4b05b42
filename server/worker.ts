import type { Env } from "../config/env.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { createSearchEngine } from "../search/engine.ts";
import { startIndexer } from "../search/indexer.ts";
import type { SearchEngine } from "../search/types.ts";
import { noticeText } from "../app/lib/notice-text.ts";
import { startBackgroundJobs } from "../services/background-jobs.ts";
import { startMailDelivery } from "../services/mail-delivery.ts";
import { configureMail } from "../services/notifications.ts";
import { configureSms, startSmsDelivery } from "../services/sms.ts";
import { createComparePool, type CompareInWorker } from "./compare-pool.ts";

// The background work of Kaimen (DESIGN.md, decision 6; CONTRACTS.md: `kaimen worker`): what
// runs beside the web processes and never on a request's path: the search indexer draining the
// search outbox, mail delivery draining the mail outbox, and the worker's jobs
// (services/background-jobs.ts: comparisons of newly published readings, computed in a thread of
// their own so a long one does not hold up the mail; the drafters' notice when a consultation
// closes). Every piece claims its rows with SKIP LOCKED, so any number of workers (and web
// processes started with --with-worker) may run against one PostgreSQL server. Each piece is
// started here and stopped here.

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
  /**
   * Where comparisons are computed: a web process running the background work passes its own
   * comparison thread, so it keeps one; by default a thread of the worker's own.
   */
  compare?: CompareInWorker;
}): Promise<BackgroundWork> {
  const { env, database, log } = options;
  // The mail transport from the validated settings: a setting nodemailer refuses stops the start.
  configureMail({ smtpUrl: env.smtpUrl, from: env.smtpFrom });
  configureSms(env.smsSender, log);
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
  const sms = startSmsDelivery(database.db, { log });
  const ownPool = options.compare ? undefined : createComparePool();
  const jobs = startBackgroundJobs(database.db, {
    log,
    render: noticeText,
    compute: options.compare ?? ownPool!.compare,
  });
  return {
    search,
    stop: async () => {
      await Promise.all([indexer.stop(), mail.stop(), sms.stop(), jobs.stop()]);
      await ownPool?.close();
    },
  };
}
