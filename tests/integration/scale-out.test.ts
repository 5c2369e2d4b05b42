import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { collab, getVersion, receiveTransaction, sendableSteps } from "prosemirror-collab";
import { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { Step } from "prosemirror-transform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../db/client.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  type MadeUser,
} from "../../db/factories.ts";
import { legalSchema } from "../../editor/schema.ts";
import { ensureBuildOnce } from "../support/build.ts";
import { startKaimen, stopKaimen } from "../support/kaimen-process.ts";
import { createPostgresDatabase, testDatabaseKind } from "../support/database.ts";

// Scaling out (issue 14): two `kaimen serve` processes (A and B) and one `kaimen worker` on one
// PostgreSQL database, as deploy/ runs them behind a proxy. Whatever one web process writes,
// the other serves: a submission, a collaborative edit, a rate limit's count, a search, a
// session, an idempotency key's kept answer. Nothing here is in a process's memory except the
// page cache and the live fragments, whose lifetime bounds how long B shows a count from before
// A's write (2 s, server/page-cache.ts); the test polls B, with a deadline, until it is right.
//
// Rate limits are on, and the server trusts X-Forwarded-For from the loopback (as behind the
// proxy): each test speaks for its own client address, so their counts never meet.

/** Starts a `kaimen` command on the database, rate limits on, behind the loopback "proxy". */
const start = (args: string[], databaseUrl: string, ready: RegExp) =>
  startKaimen(
    args,
    { DATABASE_URL: databaseUrl, KAIMEN_RATE_LIMIT: "on", KAIMEN_TRUST_PROXY: "loopback" },
    ready,
  );

const stop = stopKaimen;

/** Asks `probe` until it answers something other than undefined; fails after `seconds`. */
async function until<T>(probe: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not done within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A client address of its own for each test (the server trusts X-Forwarded-For from 127.0.0.1). */
const address = () =>
  `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 250)}`;

function submit(
  base: string,
  consultationId: string,
  input: { pid: string; body: string; ip: string; key?: string },
) {
  return fetch(`${base}/api/v1/consultations/${consultationId}/opinions`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Idempotency-Key": input.key ?? randomUUID(),
      "X-Forwarded-For": input.ip,
    },
    body: JSON.stringify({ provisionPid: input.pid, body: input.body }),
  });
}

/** A browser's cookies for one person: the CSRF cookie it was given and, once signed in, the session. */
interface Browser {
  csrf: string;
  cookie: string;
  ip: string;
}

/** Signs `user` in through `base`; the browser it returns carries the session cookie. */
async function signIn(base: string, user: MadeUser): Promise<Browser> {
  const csrf = randomBytes(24).toString("base64url");
  const ip = address();
  const answer = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: `kaimen_csrf=${csrf}`,
      "X-Forwarded-For": ip,
    },
    body: new URLSearchParams({ email: user.email, password: user.password, _csrf: csrf }),
  });
  expect(answer.status).toBe(302);
  const session = answer.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("kaimen_session="));
  expect(session).toBeTruthy();
  return { csrf, ip, cookie: `kaimen_csrf=${csrf}; ${session}` };
}

describe.skipIf(testDatabaseKind !== "postgres")(
  "two web processes and a worker on one database",
  () => {
    let dropDatabase = async () => {};
    let databaseUrl = "";
    let a = "";
    let b = "";
    let billId = "";
    let draftDocument: unknown;
    let pids: string[] = [];
    const consultations: Record<"read" | "limit" | "search" | "replay", string> = {
      read: "",
      limit: "",
      search: "",
      replay: "",
    };
    let drafters: MadeUser[] = [];
    const running: ChildProcess[] = [];

    beforeAll(async () => {
      await ensureBuildOnce();
      const database = await createPostgresDatabase();
      databaseUrl = database.url;
      dropDatabase = database.drop;
      const handle = await connectDatabase({ databaseUrl, poolSize: 2 });
      try {
        const org = await makeOrganization(handle.db);
        const made = await makeBillWithVersion(handle.db, { organizationId: org });
        billId = made.billId;
        for (const key of Object.keys(consultations) as (keyof typeof consultations)[])
          consultations[key] = await makeConsultation(handle.db, { versionId: made.versionId });
        pids = (
          await handle.db
            .selectFrom("provisions")
            .select("pid")
            .where("version_id", "=", made.versionId)
            .where("kind", "=", "article")
            .orderBy("ordinal")
            .execute()
        ).map((r) => r.pid);
        draftDocument = (
          await handle.db
            .selectFrom("drafts")
            .select("document")
            .where("bill_id", "=", billId)
            .executeTakeFirstOrThrow()
        ).document;
        drafters = [
          await makeUser(handle.db, { roles: [{ role: "drafter", organizationId: org }] }),
          await makeUser(handle.db, { roles: [{ role: "drafter", organizationId: org }] }),
        ];
        // The worker indexes what the test submits, not the seeded bill.
        await handle.db.deleteFrom("search_outbox").execute();
      } finally {
        await handle.close();
      }
      // One after the other: the first runs the migrations (none are pending from the template).
      const serveA = await start(["serve", "--no-build"], databaseUrl, /listening on (\d+)/);
      running.push(serveA.child);
      const [serveB, worker] = await Promise.all([
        start(["serve", "--no-build"], databaseUrl, /listening on (\d+)/),
        start(["worker"], databaseUrl, /worker running/),
      ]);
      running.push(serveB.child, worker.child);
      a = `http://127.0.0.1:${serveA.match[1]}`;
      b = `http://127.0.0.1:${serveB.match[1]}`;
    }, 300_000);

    afterAll(async () => {
      for (const child of running) await stop(child);
      await dropDatabase();
    });

    it("serves through B an opinion submitted through A: the API at once, the page within its cache's bound", async () => {
      const id = consultations.read;
      const page = () => fetch(`${b}/consultations/${id}`).then((r) => r.text());
      // B has the page cached (and its counts) from before the submission.
      expect(await page()).not.toContain("已有 1 条");
      const ip = address();
      const posted = await submit(a, id, {
        pid: pids[0]!,
        body: "建议两个进程读写同一份数据。",
        ip,
      });
      expect(posted.status).toBe(201);

      const listed = (await (await fetch(`${b}/api/v1/consultations/${id}/opinions`)).json()) as {
        opinions: { body: string; provisionPid: string }[];
      };
      expect(listed.opinions.map((o) => o.body)).toEqual(["建议两个进程读写同一份数据。"]);

      // Within the page cache's bound (2 s) B renders the page again with the new count.
      const html = await until(async () => {
        const text = await page();
        return text.includes("提意见（已有 1 条）") ? text : undefined;
      }, 20);
      expect(new Set(html.match(/已有 \d+ 条/g))).toEqual(new Set(["已有 1 条"]));
    }, 60_000);

    it("merges two drafters' edits sent to A and B into one document; the late one is rebased, nothing lost", async () => {
      const [one, two] = [await signIn(a, drafters[0]!), await signIn(b, drafters[1]!)];
      const start = Node.fromJSON(legalSchema, draftDocument);
      const editor = (id: string) =>
        EditorState.create({
          schema: legalSchema,
          doc: start,
          plugins: [collab({ clientID: id })],
        });
      const ends: number[] = [];
      start.descendants((node, pos) => {
        if (node.type.name === "para_text") ends.push(pos + 1 + node.content.size);
      });
      const url = (base: string) => `${base}/bills/${billId}/draft/steps`;
      const send = async (base: string, who: Browser, state: EditorState) => {
        const sendable = sendableSteps(state)!;
        const answer = await fetch(url(base), {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Cookie: who.cookie,
            "X-CSRF-Token": who.csrf,
            "X-Forwarded-For": who.ip,
          },
          body: JSON.stringify({
            revision: sendable.version,
            clientId: String(sendable.clientID),
            steps: sendable.steps.map((s) => s.toJSON()),
          }),
        });
        expect(answer.status).toBe(200);
        return (await answer.json()) as { accepted: boolean; revision: number };
      };
      const pull = async (base: string, who: Browser, state: EditorState) => {
        const answer = await fetch(`${url(base)}?since=${getVersion(state)}`, {
          headers: { Cookie: who.cookie, "X-Forwarded-For": who.ip },
        });
        expect(answer.status).toBe(200);
        const update = (await answer.json()) as {
          kind: string;
          steps: unknown[];
          clientIds: string[];
        };
        expect(update.kind).toBe("steps");
        const steps = update.steps.map((s) => Step.fromJSON(legalSchema, s));
        return state.apply(receiveTransaction(state, steps, update.clientIds));
      };

      // Both start at revision 0. The first drafter adds to article 1 through A; the second, not
      // having seen it, adds to the same spot of article 1 and to article 2, through B.
      let first = editor("drafter-1");
      first = first.apply(first.tr.insertText("（甲）", ends[0]!));
      let second = editor("drafter-2");
      second = second.apply(
        second.tr.insertText("（乙）", ends[1]!).insertText("（丙）", ends[0]!),
      );

      expect(await send(a, one, first)).toEqual({ accepted: true, revision: 1 });
      // B knows A's revision: the second drafter is told to catch up, and nothing of theirs is kept.
      expect(await send(b, two, second)).toEqual({ accepted: false, revision: 1 });
      second = await pull(b, two, second);
      expect(await send(b, two, second)).toEqual({ accepted: true, revision: 3 });
      // Each confirms through the other process.
      second = await pull(a, two, second);
      first = await pull(b, one, first);

      expect(sendableSteps(first)).toBeNull();
      expect(sendableSteps(second)).toBeNull();
      expect(first.doc.eq(second.doc)).toBe(true);
      const text = first.doc.textContent;
      for (const part of ["（甲）", "（乙）", "（丙）"]) expect(text).toContain(part);
      // The server's document is the one both editors hold.
      const reset = (await (
        await fetch(`${url(a)}?since=99`, {
          headers: { Cookie: one.cookie, "X-Forwarded-For": one.ip },
        })
      ).json()) as { kind: string; revision: number; document: unknown };
      expect(reset.kind).toBe("reset");
      expect(reset.revision).toBe(3);
      expect(Node.fromJSON(legalSchema, reset.document).eq(first.doc)).toBe(true);
    }, 60_000);

    it("counts one client's submissions to A and B against one limit: 20 in all, then 429 from both", async () => {
      const id = consultations.limit;
      const ip = address();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const base = i % 2 === 0 ? a : b;
        statuses.push(
          (await submit(base, id, { pid: pids[1]!, body: `第${i + 1}条意见。`, ip })).status,
        );
      }
      expect(statuses).toEqual(Array(20).fill(201));
      const overA = await submit(a, id, { pid: pids[1]!, body: "再提一条。", ip });
      const overB = await submit(b, id, { pid: pids[1]!, body: "又提一条。", ip });
      expect([overA.status, overB.status]).toEqual([429, 429]);
      expect(Number(overB.headers.get("Retry-After"))).toBeGreaterThan(0);
      // Another client is not held back by this one's count.
      expect(
        (await submit(b, id, { pid: pids[1]!, body: "旁人的意见。", ip: address() })).status,
      ).toBe(201);
    }, 60_000);

    it("finds through B an opinion submitted through A, once the worker has indexed it", async () => {
      const word = `穿山甲${randomBytes(3).toString("hex")}`;
      const posted = await submit(a, consultations.search, {
        pid: pids[0]!,
        body: `建议保护${word}的栖息地。`,
        ip: address(),
      });
      expect(posted.status).toBe(201);
      const hits = await until(async () => {
        const answer = await fetch(`${b}/api/v1/search?q=${encodeURIComponent(word)}`);
        const found = (await answer.json()) as { hits: { kind: string; text: string }[] };
        const opinions = found.hits.filter((h) => h.kind === "opinion");
        return opinions.length ? opinions : undefined;
      }, 60);
      expect(hits).toHaveLength(1);
      expect(hits[0]!.text).toContain(word);
    }, 90_000);

    it("keeps a person signed in on B after signing in on A", async () => {
      const person = await signIn(a, drafters[0]!);
      const onB = await fetch(`${b}/notifications`, {
        redirect: "manual",
        headers: { Cookie: person.cookie, "X-Forwarded-For": person.ip },
      });
      expect(onB.status).toBe(200);
      const anonymous = await fetch(`${b}/notifications`, { redirect: "manual" });
      expect(anonymous.status).toBe(302);
    }, 60_000);

    it("answers a repeat sent to B of a request first sent to A with A's answer, and stores one opinion", async () => {
      const id = consultations.replay;
      const key = randomUUID();
      const ip = address();
      const body = "同一个幂等键只存一条意见。";
      const first = await submit(a, id, { pid: pids[0]!, body, ip, key });
      expect(first.status).toBe(201);
      const again = await submit(b, id, { pid: pids[0]!, body, ip, key });
      expect(again.status).toBe(first.status);
      expect(await again.json()).toEqual(await first.json());
      const listed = (await (await fetch(`${a}/api/v1/consultations/${id}/opinions`)).json()) as {
        opinions: unknown[];
      };
      expect(listed.opinions).toHaveLength(1);
    }, 60_000);
  },
);
