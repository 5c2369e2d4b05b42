import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { ensureBuild } from "../../server/build.ts";
import { configureLogging } from "../../server/logging.ts";
import { createServer, listen } from "../../server/server.ts";
import { readEnv } from "../../config/env.ts";
import type { DatabaseHandle } from "../../db/client.ts";

/**
 * A log destination that hands each line to console.error, which the test setup turns into a
 * failure unless the test expects it (tests/setup/fail-on-console-error.ts): an error the server
 * logs is a bug the user would meet, as it was when errors went to console.error.
 */
export function consoleErrorLog(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      console.error(chunk.toString().trimEnd());
      done();
    },
  });
}

/**
 * Serves the real app (the production build, built when stale, and the whole Express chain) on
 * 127.0.0.1 over the test file's database, for tests of what only the HTTP layer does: body
 * limits, refusals before the router, the error pages.
 */
export function useTestServer(database: () => DatabaseHandle): { readonly baseUrl: string } {
  const holder: { server?: Server; baseUrl?: string } = {};
  beforeAll(async () => {
    ensureBuild(() => {});
    // A line per request would bury the test run's own output; an error still fails the test.
    configureLogging("error", consoleErrorLog());
    const env = { ...readEnv({}), rateLimit: false };
    const app = await createServer({
      env,
      database: database(),
      sessionSecret: "test-session-secret-0123456789abcdef",
    });
    holder.server = await listen(app, 0, "127.0.0.1");
    holder.baseUrl = `http://127.0.0.1:${(holder.server.address() as AddressInfo).port}`;
  }, 180_000);
  afterAll(async () => {
    holder.server?.closeAllConnections();
    await new Promise((resolve) => holder.server?.close(resolve) ?? resolve(null));
  });
  return {
    get baseUrl() {
      if (!holder.baseUrl) throw new Error("The test server starts in beforeAll");
      return holder.baseUrl;
    },
  };
}

/**
 * Signs in over HTTP as a browser does (the login page's CSRF cookie, then the form) and returns
 * the Cookie header of the signed-in browser: its CSRF cookie and its session.
 */
export async function signInOverHttp(
  baseUrl: string,
  user: { email: string; password: string },
): Promise<string> {
  const first = await fetch(`${baseUrl}/login`);
  const csrfCookie = first.headers.get("Set-Cookie")!.split(";")[0]!;
  const answer = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({
      _csrf: csrfCookie.split("=")[1]!,
      email: user.email,
      password: user.password,
    }).toString(),
  });
  if (answer.status !== 302) throw new Error(`signing in answered ${answer.status}, not 302`);
  const session = answer.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.startsWith(csrfCookie.split("=")[0]!));
  return [csrfCookie, ...session].join("; ");
}
