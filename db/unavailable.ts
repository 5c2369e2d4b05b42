// Which errors mean "the database cannot be reached right now" rather than "this query is wrong".
// A PostgreSQL restart, a failover or an administrator's pg_terminate_backend shows up as one of
// these; the pool opens fresh connections on its next use, so the right answer to the request is
// 503 with Retry-After (try again shortly), not a 500 (something is broken), and a background
// loop should back off and carry on rather than stop.

/** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

// SQLSTATEs of a lost or refused connection (PostgreSQL Appendix A).
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, or a fast shutdown
  "57P02", // crash_shutdown: another backend crashed, this one is reset
  "57P03", // cannot_connect_now: starting up, shutting down, or in recovery
  "57P05", // idle_session_timeout
  "53300", // too_many_connections
  // read_only_sql_transaction: after a failover the old primary (or a standby the address now
  // names) refuses writes until the connection reaches the new primary.
  "25006",
]);

// Socket and resolver errors of Node: the server is down, restarting, or unreachable.
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

// node-postgres reports a dead socket or a refused checkout with plain Errors, without a code.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // the pool's connectionTimeoutMillis
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
];

/**
 * Whether an error means the database is unavailable (connection lost, refused or not yet
 * accepting), as opposed to an error in the query or the data. Looks into the `errors` of an
 * AggregateError (a host name with several addresses refuses once per address), but not into
 * `cause`: a failed fetch to another service (the search engine) carries its socket error there,
 * and is not the database's.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, errors } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string") {
    // Class 08, connection exception (08000, 08003, 08006, 08001, 08004…).
    if (/^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  }
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
  if (Array.isArray(errors)) return errors.some((e) => isDatabaseUnavailable(e, depth + 1));
  return false;
}

/**
 * Writes a line about an unavailable database at most once per `everyMs` for the same message:
 * a terminated pool of twenty connections is one event, not twenty lines.
 */
export function throttledLog(
  write: (line: string) => void,
  everyMs = 10_000,
): (line: string) => void {
  const last = new Map<string, number>();
  return (line) => {
    const now = Date.now();
    const seen = last.get(line);
    if (seen !== undefined && now - seen < everyMs) return;
    if (last.size > 100) last.clear(); // bounded: messages may carry varying details
    last.set(line, now);
    write(line);
  };
}
