// Operating Kaimen (issue 14): what an operator reads and relies on from a running `kaimen serve`
// and `kaimen worker` — JSON log lines with request ids, /metrics in Prometheus's text format,
// and a graceful stop on SIGTERM that lets a request in flight finish and hands outbox claims
// back. Each describe starts its own process on its own embedded data folder (the behaviour is
// the process's, the same on PostgreSQL; the PostgreSQL project skips it).

import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import parsePrometheus, { type MetricFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../db/client.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { queueMails } from "../../services/notifications.ts";
import { ensureBuildOnce } from "../support/build.ts";
import { startKaimen as startProcess, type KaimenProcess } from "../support/kaimen-process.ts";
import { copyMigratedDataDir, testDatabaseKind } from "../support/database.ts";
import { until } from "../support/until.ts";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

type Running = KaimenProcess;

/** Starts `kaimen <args>` on the data folder, logging at info; resolves once stdout matches `ready`. */
function startKaimen(
  args: string[],
  dataDir: string,
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<Running> {
  return startProcess(
    args,
    { KAIMEN_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "info", ...env },
    ready,
  );
}

/** The JSON log lines of a process's stdout: every line but the `listening on N` one. */
function logLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "" && !/^listening on \d+$/.test(line) && line !== "worker running")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A migrated data folder with an open consultation; its id and one article's pid. */
async function preparedDataDir(): Promise<{
  dataDir: string;
  consultationId: string;
  pid: string;
}> {
  const dataDir = path.join(os.tmpdir(), `kaimen-ops-${randomBytes(6).toString("hex")}`);
  await copyMigratedDataDir(dataDir);
  const handle = await connectDatabase({ dataDir });
  try {
    const org = await makeOrganization(handle.db);
    const { versionId } = await makeBillWithVersion(handle.db, { organizationId: org });
    const consultationId = await makeConsultation(handle.db, { versionId });
    const pid = (
      await handle.db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", versionId)
        .where("kind", "=", "article")
        .executeTakeFirstOrThrow()
    ).pid;
    return { dataDir, consultationId, pid };
  } finally {
    await handle.close();
  }
}

function opinionBody(pid: string) {
  return JSON.stringify({ provisionPid: pid, body: `建议完善本条的表述。${randomUUID()}` });
}

describe.skipIf(testDatabaseKind === "postgres")("kaimen serve: logs and metrics", () => {
  let prepared: Awaited<ReturnType<typeof preparedDataDir>>;
  let serve: Running;
  let base = "";

  beforeAll(async () => {
    await ensureBuildOnce();
    prepared = await preparedDataDir();
    serve = await startKaimen(["serve", "--no-build"], prepared.dataDir, /listening on (\d+)/, {
      KAIMEN_TRUST_PROXY: "1",
      KAIMEN_METRICS_TOKEN: METRICS_TOKEN,
    });
    base = `http://127.0.0.1:${serve.match[1]}`;
  }, 180_000);

  afterAll(async () => {
    if (serve?.child.exitCode === null) {
      serve.child.kill("SIGTERM");
      await serve.exited;
    }
    if (prepared) fs.rmSync(prepared.dataDir, { recursive: true, force: true });
  });

  const post = (key = randomUUID()) =>
    fetch(`${base}/api/v1/consultations/${prepared.consultationId}/opinions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": key },
      body: opinionBody(prepared.pid),
    });

  const scrape = async (headers: Record<string, string> = {}) => {
    const answer = await fetch(`${base}/metrics`, { headers });
    return {
      status: answer.status,
      text: await answer.text(),
      type: answer.headers.get("Content-Type"),
    };
  };

  const sample = (families: MetricFamily[], name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    const found = family?.metrics.find((m) =>
      Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
    );
    return Number(found?.value ?? found?.count ?? 0);
  };

  it("writes one JSON line per request, with the request id it answers in X-Request-Id and no query", async () => {
    const secret = `KM${randomBytes(6).toString("hex")}`;
    const page = await fetch(`${base}/consultations/${prepared.consultationId}?code=${secret}`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    const id = page.headers.get("X-Request-Id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lookup = await fetch(`${base}/api/v1/opinions/lookup?receipt=${secret}&code=${secret}`);
    await lookup.arrayBuffer();

    let line: Record<string, unknown> | undefined;
    await until(() => !!(line = logLines(serve.stdout()).find((l) => l.requestId === id)));
    expect(line).toMatchObject({
      level: 30,
      msg: "request",
      method: "GET",
      route: "routes/consultation",
      status: 200,
    });
    expect(line!.durationMs).toEqual(expect.any(Number));
    expect(line!.bytes).toBeGreaterThan(1000);
    expect(typeof line!.time).toBe("string");
    // The receipt and the code in the queries are in no line.
    const lookupId = lookup.headers.get("X-Request-Id");
    await until(() => logLines(serve.stdout()).some((l) => l.requestId === lookupId));
    expect(serve.stdout()).not.toContain(secret);
  });

  it("keeps the X-Request-Id a proxy gave, and replaces one that is not a plain token", async () => {
    const given = `nginx-${randomBytes(8).toString("hex")}`;
    const kept = await fetch(`${base}/api/v1/consultations`, {
      headers: { "X-Request-Id": given },
    });
    await kept.arrayBuffer();
    expect(kept.headers.get("X-Request-Id")).toBe(given);
    await until(() => logLines(serve.stdout()).some((l) => l.requestId === given));

    const hostile = "x\u0007<script>";
    const replaced = await fetch(`${base}/api/v1/consultations`, {
      headers: { "X-Request-Id": encodeURIComponent(hostile) + " ; rm" },
    });
    await replaced.arrayBuffer();
    expect(replaced.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves /metrics in Prometheus's text format, and a request and an opinion move its counters", async () => {
    const before = parsePrometheus((await scrape()).text);
    const posted = await post();
    expect(posted.status).toBe(201);
    const page = await fetch(`${base}/consultations/${prepared.consultationId}`);
    await page.arrayBuffer();

    const answer = await scrape();
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain/);
    const after = parsePrometheus(answer.text);
    const names = after.map((f) => f.name);
    for (const name of [
      "kaimen_http_requests_total",
      "kaimen_http_request_duration_seconds",
      "kaimen_opinions_received_total",
      "kaimen_page_cache_requests_total",
      "kaimen_db_pool_connections",
      "kaimen_outbox_pending",
      "kaimen_outbox_oldest_seconds",
    ])
      expect(names, name).toContain(name);
    expect(after.find((f) => f.name === "kaimen_http_request_duration_seconds")!.type).toBe(
      "HISTOGRAM",
    );

    expect(sample(after, "kaimen_opinions_received_total")).toBe(
      sample(before, "kaimen_opinions_received_total") + 1,
    );
    const opinions = {
      route: "/api/v1/consultations/:id/opinions",
      method: "POST",
      status: "2xx",
    };
    expect(sample(after, "kaimen_http_requests_total", opinions)).toBe(
      sample(before, "kaimen_http_requests_total", opinions) + 1,
    );
    const pages = (families: MetricFamily[]) =>
      sample(families, "kaimen_page_cache_requests_total", { result: "hit" }) +
      sample(families, "kaimen_page_cache_requests_total", { result: "miss" });
    expect(pages(after)).toBeGreaterThan(pages(before));
    // The embedded database is one connection; the outboxes are both measured.
    expect(sample(after, "kaimen_db_pool_connections", { state: "total" })).toBe(1);
    for (const outbox of ["search", "mail"])
      expect(
        after.find((f) => f.name === "kaimen_outbox_pending")!.metrics.map((m) => m.labels?.outbox),
      ).toContain(outbox);
  });

  it("refuses /metrics to a public address unless it brings the token", async () => {
    const outside = { "X-Forwarded-For": "203.0.113.9" };
    expect((await scrape(outside)).status).toBe(403);
    expect(
      (await scrape({ ...outside, Authorization: "Bearer wrong-token-0123456789" })).status,
    ).toBe(403);
    const withToken = await scrape({ ...outside, Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(withToken.status).toBe(200);
    expect(parsePrometheus(withToken.text).length).toBeGreaterThan(5);
  });
});

describe.skipIf(testDatabaseKind === "postgres")("kaimen serve: stopping on SIGTERM", () => {
  let prepared: Awaited<ReturnType<typeof preparedDataDir>>;

  beforeAll(async () => {
    await ensureBuildOnce();
    prepared = await preparedDataDir();
  }, 180_000);

  afterAll(() => {
    if (prepared) fs.rmSync(prepared.dataDir, { recursive: true, force: true });
  });

  it("finishes the request in flight, then exits 0", async () => {
    const serve = await startKaimen(
      ["serve", "--no-build"],
      prepared.dataDir,
      /listening on (\d+)/,
    );
    try {
      const body = Buffer.from(opinionBody(prepared.pid));
      // Expect: 100-continue — the server's "continue" proves it has taken the request; the
      // body is sent only after SIGTERM, so the request is in flight while the server stops.
      const request = http.request({
        host: "127.0.0.1",
        port: Number(serve.match[1]),
        method: "POST",
        path: `/api/v1/consultations/${prepared.consultationId}/opinions`,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": body.length,
          "Idempotency-Key": randomUUID(),
          Expect: "100-continue",
        },
      });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        request.on("response", (response) => {
          let text = "";
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode!, text }));
        });
        request.on("error", reject);
      });
      await new Promise<void>((resolve) => request.once("continue", resolve));
      serve.child.kill("SIGTERM");
      await until(() => logLines(serve.stdout()).some((l) => l.msg === "stopping"));
      // Stopped accepting: a new connection is refused while the request is still open.
      await expect(
        fetch(`http://127.0.0.1:${serve.match[1]}/api/v1/consultations`),
      ).rejects.toThrow();
      request.end(body);

      const answer = await answered;
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.text)).toMatchObject({ receipt: expect.any(String) });
      expect(await serve.exited).toBe(0);
      const messages = logLines(serve.stdout()).map((l) => l.msg);
      expect(messages).toContain("stopped");
    } finally {
      if (serve.child.exitCode === null) serve.child.kill("SIGKILL");
    }
    // The opinion answered during the stop was stored.
    const handle = await connectDatabase({ dataDir: prepared.dataDir });
    try {
      const stored = await handle.db
        .selectFrom("opinions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(1);
    } finally {
      await handle.close();
    }
  }, 180_000);
});

/**
 * A mail server that takes messages, and keeps the first one's "250 OK" until `release` is
 * called — a slow server mid-delivery, for the worker to be stopped while it waits.
 */
function holdingSmtpServer() {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let receivedFirst = () => {};
  const first = new Promise<void>((resolve) => (receivedFirst = resolve));
  let messages = 0;
  const server = net.createServer((socket) => {
    socket.write("220 test ESMTP\r\n");
    let buffer = "";
    let inData = false;
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          messages++;
          if (messages === 1) {
            receivedFirst();
            void held.then(() => socket.write("250 OK queued\r\n"));
          } else socket.write("250 OK queued\r\n");
          continue;
        }
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const line = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (line.startsWith("EHLO") || line.startsWith("HELO")) socket.write("250 test\r\n");
        else if (line.startsWith("DATA")) {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (line.startsWith("QUIT")) {
          socket.end("221 bye\r\n");
          return;
        } else socket.write("250 OK\r\n");
      }
    });
    socket.on("error", () => {});
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
      ),
    first,
    release: () => release(),
    messages: () => messages,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe.skipIf(testDatabaseKind === "postgres")("kaimen worker: stopping on SIGTERM", () => {
  it("finishes the message in flight and hands back the rest of its claim, then exits 0", async () => {
    const dataDir = path.join(os.tmpdir(), `kaimen-ops-${randomBytes(6).toString("hex")}`);
    const smtp = holdingSmtpServer();
    try {
      await copyMigratedDataDir(dataDir);
      let handle = await connectDatabase({ dataDir });
      await queueMails(
        handle.db,
        [1, 2, 3].map((i) => ({
          to: `reader-${i}@example.org`,
          subject: `处理结果 ${i}`,
          text: `您的意见已处理（${i}）。`,
        })),
      );
      await handle.close();

      const port = await smtp.listen();
      const worker = await startKaimen(["worker"], dataDir, /worker running/, {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
      });
      try {
        await smtp.first;
        worker.child.kill("SIGTERM");
        await until(() => worker.stderr().includes("Stopping the worker"));
        smtp.release();
        expect(await worker.exited).toBe(0);
      } finally {
        if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
      }
      expect(logLines(worker.stdout()).map((l) => l.msg)).toContain("stopped");

      handle = await connectDatabase({ dataDir });
      try {
        const rows = await handle.db
          .selectFrom("mail_outbox")
          .select(["recipient", "sent_at", "claimed_by"])
          .orderBy("id")
          .execute();
        // The message in flight was sent; the two it had claimed and not begun are free again.
        expect(rows.map((r) => [r.sent_at !== null, r.claimed_by])).toEqual([
          [true, null],
          [false, null],
          [false, null],
        ]);
        expect(smtp.messages()).toBe(1);
      } finally {
        await handle.close();
      }
    } finally {
      smtp.release();
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
