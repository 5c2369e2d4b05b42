import type { Kysely } from "kysely";
import type { AppContext } from "../../app/context.ts";
import type { DatabaseKind } from "../../db/client.ts";
import type { Database } from "../../db/schema.ts";

import * as login from "../../app/routes/login.tsx";

export const TEST_CSRF = "test-csrf-token-0123456789abcdefghij";

/** A load context like the server's, for calling loaders and actions directly. */
export function makeContext(
  db: Kysely<Database>,
  kind: DatabaseKind,
  overrides: Partial<AppContext> = {},
): AppContext {
  return {
    db,
    dbKind: kind,
    sessionSecret: "test-session-secret-0123456789abcdef",
    timeZone: "Asia/Shanghai",
    rateLimit: true,
    secureCookies: false,
    clientIp: `10.0.0.${Math.floor(Math.random() * 250) + 1}`,
    csrfToken: TEST_CSRF,
    cspNonce: "test-nonce",
    memo: new Map(),
    ...overrides,
  };
}

export interface Outcome {
  status: number;
  // Tests read whatever a loader or action answered; the route's own types are checked there.
  data: any;
  headers: Headers;
}

/**
 * Runs a loader or action and reports what the browser would get, whether it returned or threw
 * (React Router's `data()` values, Responses, or plain objects).
 */
export async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    if (thrown instanceof Error) throw thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: value.status, data, headers: value.headers };
  }
  if (
    value &&
    typeof value === "object" &&
    (value as { type?: string }).type === "DataWithResponseInit"
  ) {
    const d = value as { data: unknown; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, data: d.data, headers: new Headers(d.init?.headers) };
  }
  return { status: 200, data: value, headers: new Headers() };
}

/** A form POST as a browser sends it, with the CSRF field unless told otherwise. */
export function formRequest(
  path: string,
  fields: Record<string, string>,
  options: {
    cookie?: string;
    csrf?: string | null;
    origin?: string;
    headers?: Record<string, string>;
  } = {},
): Request {
  const body = new URLSearchParams(fields);
  if (options.csrf !== null) body.set("_csrf", options.csrf ?? TEST_CSRF);
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    ...options.headers,
  };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.origin) headers.Origin = options.origin;
  return new Request(`http://localhost${path}`, { method: "POST", body, headers });
}

/** A GET as a browser sends it. */
export function getRequest(
  path: string,
  cookie?: string,
  headers: Record<string, string> = {},
): Request {
  return new Request(`http://localhost${path}`, {
    headers: cookie ? { Cookie: cookie, ...headers } : headers,
  });
}

/** The cookie pair (name=value) out of a Set-Cookie header. */
export function cookieFrom(headers: Headers): string {
  const set = headers.get("Set-Cookie");
  if (!set) throw new Error("No Set-Cookie header");
  return set.split(";")[0]!;
}

/** Calls a route's loader or action as React Router would, and settles what it returns or throws. */
export function callRoute(
  fn: (args: never) => Promise<unknown>,
  request: Request,
  context: AppContext,
  params: Record<string, string> = {},
): Promise<Outcome> {
  return settle(() => fn({ request, context, params } as never));
}

/** Signs a user in through the login route, as a browser would; the session cookie it sets. */
export async function signInCookie(
  context: AppContext,
  user: { email: string; password: string },
): Promise<string> {
  const answer = await callRoute(
    login.action,
    formRequest("/login", { email: user.email, password: user.password }),
    context,
  );
  if (answer.status !== 302) throw new Error(`sign-in of ${user.email}: ${answer.status}`);
  return cookieFrom(answer.headers);
}
