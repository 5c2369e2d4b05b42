import type express from "express";
import type { Env } from "../config/env.ts";

/**
 * Tells Express which X-Forwarded-* headers to believe (KAIMEN_TRUST_PROXY, validated in
 * config/env.ts): a number of hops or a list of proxy addresses, never "any" (true), which
 * would take a client's forged leftmost X-Forwarded-For as its address.
 */
export function applyProxyTrust(app: express.Express, trust: Env["trustProxy"]): void {
  app.set("trust proxy", trust);
}

/** What the load context takes from the connection: the client's address and whether it is HTTPS. */
export function connectionFacts(req: express.Request): {
  clientIp: string;
  secureCookies: boolean;
} {
  // req.ip and req.secure read X-Forwarded-For and X-Forwarded-Proto only from trusted proxies.
  return { clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown", secureCookies: req.secure };
}

// One year, the least the HSTS preload list asks. No includeSubDomains: the app cannot know that
// every other host under its domain (a ministry's other sites) serves HTTPS.
const HSTS = "max-age=31536000";

/** Strict-Transport-Security on HTTPS answers (browsers ignore it over plain HTTP anyway). */
export function strictTransportSecurity(
  req: express.Request,
  res: express.Response,
  next: express.NextFunction,
): void {
  if (req.secure) res.setHeader("Strict-Transport-Security", HSTS);
  next();
}
