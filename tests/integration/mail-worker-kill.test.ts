// A mail worker process killed with SIGKILL in the middle of a delivery (issue 14): after it is
// restarted, every message is sent exactly once. A real child process on a PostgreSQL server
// (tests/support/mail-worker.ts), so this file is the PostgreSQL suite's alone (vitest.config.ts);
// the same guarantee within one process, on both databases, is in mail-delivery.test.ts.

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageIdFor } from "../../services/mail-delivery.ts";
import { useTestDatabase } from "../support/database.ts";
import { countUnsent, queueTestMails } from "../support/mail-outbox.ts";
import { until } from "../support/until.ts";

describe("mail delivery by worker processes", () => {
  const t = useTestDatabase();
  // Tests share the file's database: each starts from an outbox with nothing left to send.
  beforeEach(async () => {
    await t.handle.db.deleteFrom("mail_outbox").where("sent_at", "is", null).execute();
  });

  const queue = (n: number) => queueTestMails(t.handle.db, n);
  const unsent = (ids: string[]) => countUnsent(t.handle.db, ids);

  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  /** Starts tests/support/mail-worker.ts on this test's database; resolves once it runs. */
  async function startWorker(out: string, hangAfter?: number): Promise<ChildProcess> {
    const name = (
      await sql<{ name: string }>`SELECT current_database() AS name`.execute(t.handle.db)
    ).rows[0]!.name;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const script = path.resolve(import.meta.dirname, "../support/mail-worker.ts");
    const args = ["--import", "tsx", script, url.toString(), out];
    if (hangAfter !== undefined) args.push(String(hangAfter));
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
    });
    return child;
  }

  it("sends every message once after a worker killed with SIGKILL mid-delivery restarts", async () => {
    const ids = await queue(12);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-mail-"));
    const out = path.join(dir, "received.log");
    fs.writeFileSync(out, "");
    const lines = () => fs.readFileSync(out, "utf8").split("\n").filter(Boolean);
    try {
      // Accepts three messages, then the mail server goes silent in the middle of the fourth.
      const first = await startWorker(out, 3);
      await until(() => lines().some((l) => l.startsWith("hang ")));
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));
      expect(await unsent(ids)).toBe(9);

      const restarted = await startWorker(out);
      await until(async () => (await unsent(ids)) === 0);
      restarted.kill("SIGTERM");
      await new Promise((resolve) => restarted.once("exit", resolve));

      const sent = lines()
        .filter((l) => l.startsWith("sent "))
        .map((l) => l.slice(5));
      expect(sent.sort()).toEqual(ids.map((id) => messageIdFor(id)).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
