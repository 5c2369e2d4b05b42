import pg from "pg";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, throttledLog } from "../../db/unavailable.ts";
import { loopDelayMs } from "../../db/polling-loop.ts";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("knows a terminated, refused or not-yet-ready server", () => {
    for (const code of ["57P01", "57P02", "57P03", "53300", "08006", "08003", "08001", "25006"])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    for (const message of [
      "Connection terminated unexpectedly",
      "Connection terminated due to connection timeout",
      "timeout exceeded when trying to connect",
      "Client has encountered a connection error and is not queryable",
    ])
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    // A name with two addresses refuses twice.
    const aggregate = new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]);
    expect(isDatabaseUnavailable(aggregate)).toBe(true);
  });

  it("leaves errors of the query or the data alone", () => {
    for (const code of ["23505", "23503", "22P02", "42P01", "40001", "57014", "XX000"])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error("division by zero"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable("Connection terminated unexpectedly")).toBe(false);
    expect(isDatabaseUnavailable(new Response(null, { status: 404 }))).toBe(false);
    // Another service's socket error (a failed fetch to the search engine) is not the database's.
    const fetchFailed = new TypeError("fetch failed", { cause: withCode("ECONNREFUSED") });
    expect(isDatabaseUnavailable(fetchFailed)).toBe(false);
  });

  it("knows node-postgres's own error for a server that is not there", async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const pool = new pg.Pool({ connectionString: "postgres://nobody@127.0.0.1:1/none" });
    const error = await pool.query("select 1").catch((e: unknown) => e);
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});

describe("loopDelayMs", () => {
  it("polls at the interval, then doubles after each failure up to the cap", () => {
    expect(loopDelayMs(0, 500, 30_000)).toBe(500);
    expect([1, 2, 3, 4].map((n) => loopDelayMs(n, 500, 30_000))).toEqual([1000, 2000, 4000, 8000]);
    expect(loopDelayMs(7, 500, 30_000)).toBe(30_000);
    expect(loopDelayMs(10_000, 500, 30_000)).toBe(30_000);
  });
});

describe("throttledLog", () => {
  it("writes a repeated line once per window", () => {
    const lines: string[] = [];
    const log = throttledLog((line) => lines.push(line), 60_000);
    for (let i = 0; i < 5; i++) log("Database connection lost: terminating connection");
    log("another line");
    expect(lines).toEqual(["Database connection lost: terminating connection", "another line"]);
  });
});
