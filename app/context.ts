import type { ServiceContext } from "../services/context.ts";
import type { ReadingCaches } from "./lib/reading-caches.ts";

/**
 * What the server hands every loader and action: the services' context (database, settings,
 * workers) and per-request facts. Passing them here, not through module globals, makes PGlite,
 * PostgreSQL and a test database a one-line swap.
 */
export interface AppContext extends ServiceContext {
  sessionSecret: string;
  rateLimit: boolean;
  secureCookies: boolean;
  clientIp: string;
  /** The CSRF token of this browser (from its cookie); every cookie-authenticated write echoes it. */
  csrfToken: string;
  /**
   * The token for a form this response renders: the cookie's, or a new one whose cookie this
   * response then sets. Only pages that render a write form ask, so an anonymous page without one
   * sets no cookie and stays cacheable. Absent where no server runs (tests): csrfToken is used.
   */
  issueCsrfToken?: () => string;
  /** Whether this is a client navigation's data request (not a document): loaders send fragments. */
  dataRequest?: boolean;
  /** HTML fragments the loaders prepared for this response's render (reading texts), by key. */
  fragments?: Map<string, string>;
  /** The server's rendered reading texts and live fragments (app/lib/reading-caches.ts). */
  readingCaches?: ReadingCaches;
  /** The Content-Security-Policy nonce of this response's inline scripts. */
  cspNonce: string;
  /** /readyz's bounds on the outboxes' lag, in seconds (config/env.ts); defaults without a server. */
  readiness?: { searchLagSeconds: number; mailLagSeconds: number };
  /** Per-request memo (the signed-in user is looked up once per request). */
  memo: Map<string, Promise<unknown>>;
}

declare module "react-router" {
  // Module augmentation: React Router's load context is declared empty for apps to fill in.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}

/** The CSRF token a page with a write form renders (issuing its cookie when there is none yet). */
export function formCsrfToken(context: AppContext): string {
  return context.issueCsrfToken?.() ?? context.csrfToken;
}
