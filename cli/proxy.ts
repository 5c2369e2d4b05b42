import type express from "express";
import type { Env } from "../config/env.ts";

/** Tells Express which X-Forwarded-* headers to believe (KAIMEN_TRUST_PROXY). */
export function applyProxyTrust(app: express.Express, trust: Env["trustProxy"]): void {
  if (trust) app.set("trust proxy", true);
}

/** What the load context takes from the connection: the client's address and whether it is HTTPS. */
export function connectionFacts(req: express.Request): {
  clientIp: string;
  secureCookies: boolean;
} {
  return { clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown", secureCookies: req.secure };
}
