import type { ServiceContext } from "../services/context.ts";

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
  /** The Content-Security-Policy nonce of this response's inline scripts. */
  cspNonce: string;
  /** Per-request memo (the signed-in user is looked up once per request). */
  memo: Map<string, Promise<unknown>>;
}

declare module "react-router" {
  // Module augmentation: React Router's load context is declared empty for apps to fill in.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
