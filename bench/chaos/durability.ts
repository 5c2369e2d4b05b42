// The durability run: clients submit opinions with Idempotency-Keys while the app is killed with
// SIGKILL and PostgreSQL is crashed or restarted; every client retries with the same key and the
// same body until it gets an answer. Then the database is compared with the 201s received.
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { ask, pgCtl, sleep, type App } from "./support.ts";

export interface DurabilityFigures {
  acknowledged: number;
  lost: number;
  doubled: number;
  /** 503 answers while the app or the database was deliberately down (expected). */
  outage503: number;
  /** Every other 5xx (a goal: 0). */
  other5xx: number;
  statuses5xx: Record<string, number>;
  connectionErrors: number;
  unacknowledged: number;
  otherRefusals: Record<string, number>;
  appKills: number;
  pgCrashes: number;
  pgRestarts: number;
  unplannedExits: number;
  peakMb: number;
  seconds: number;
}

interface Options {
  app: App;
  consultationId: string;
  pids: string[];
  databaseUrl: string;
  clients: number;
  seconds: number;
  appKills: number;
  pgOutages: number;
  log: (line: string) => void;
}

const REGIONS = ["崇川区", "通州区", "海门区", "海安市", "如皋市", "如东县", "启东市"];

export async function runDurability(o: Options): Promise<DurabilityFigures> {
  const { app, log } = o;
  app.resetPeak();
  const exitsBefore = app.unplannedExits;
  // A 503 counts as "during an outage" from the moment a fault is injected until the app answers
  // again plus a short grace (the pool reconnecting); any other 5xx is a defect.
  let outageUntil = 0;
  let outageOpen = false;
  const inOutage = () => outageOpen || Date.now() < outageUntil;
  const endOutage = () => {
    outageOpen = false;
    outageUntil = Date.now() + 5_000;
  };

  const acked = new Map<string, string>(); // key → opinion id
  let doubledAnswers = 0;
  let outage503 = 0;
  let other5xx = 0;
  const statuses5xx: Record<string, number> = {};
  const otherRefusals: Record<string, number> = {};
  let connectionErrors = 0;
  let unacknowledged = 0;
  const started = Date.now();
  const stopAt = started + o.seconds * 1000;
  // A submission already sent keeps retrying this long after the end, so the count is fair.
  const giveUpAt = stopAt + 60_000;

  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const client = async (ci: number) => {
    for (let i = 0; Date.now() < stopAt; i++) {
      const key = `chaos-${ci}-${i}-${randomUUID()}`;
      const body = JSON.stringify({
        provisionPid: o.pids[i % o.pids.length],
        body: `建议进一步明确本条的责任主体和办理时限（混沌测试，客户端${ci}，第${i}条）。`,
        author: { name: `市民${ci}`, region: REGIONS[i % REGIONS.length] },
      });
      for (let attempt = 0; ; attempt++) {
        const answer = await ask(app.url, `/api/v1/consultations/${o.consultationId}/opinions`, {
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "Idempotency-Key": key,
          },
          body,
          timeoutMs: 15_000,
        });
        if (answer.status === 201) {
          const id = (JSON.parse(answer.text) as { id: string }).id;
          const earlier = acked.get(key);
          if (earlier && earlier !== id) doubledAnswers++;
          acked.set(key, id);
          break;
        }
        if (answer.error || answer.status === 0) connectionErrors++;
        else if (answer.status >= 500) {
          if (answer.status === 503 && inOutage()) outage503++;
          else {
            other5xx++;
            statuses5xx[answer.status] = (statuses5xx[answer.status] ?? 0) + 1;
          }
        } else {
          // A 4xx is final for this key (nothing to retry); it should not happen here.
          otherRefusals[answer.status] = (otherRefusals[answer.status] ?? 0) + 1;
          break;
        }
        if (Date.now() > giveUpAt) {
          unacknowledged++;
          break;
        }
        await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 5)));
      }
    }
  };

  // The faults, spread over the run: app kills and PostgreSQL outages interleaved.
  const faults: ("app" | "pg-crash" | "pg-restart")[] = [];
  const pgKinds = ["pg-crash", "pg-restart"] as const;
  for (let k = 0, p = 0; k < o.appKills || p < o.pgOutages;) {
    if (k < o.appKills) {
      faults.push("app");
      k++;
    }
    if (p < o.pgOutages) {
      faults.push(pgKinds[p % 2]!);
      p++;
    }
  }
  let appKills = 0;
  let pgCrashes = 0;
  let pgRestarts = 0;
  const chaos = async () => {
    // Faults at fixed times, so a slow recovery does not push the later ones out of the run.
    const gap = (o.seconds * 1000) / (faults.length + 1);
    for (const [n, fault] of faults.entries()) {
      await sleep(Math.max(0, started + gap * (n + 1) - Date.now()));
      if (Date.now() > stopAt - 2_000) break;
      outageOpen = true;
      try {
        if (fault === "app") {
          log(`  ${elapsed(started)} kill -9 the app`);
          await app.kill9();
          appKills++;
          await sleep(500);
          await app.start();
        } else if (fault === "pg-crash") {
          log(`  ${elapsed(started)} crash PostgreSQL (stop -m immediate), start it 3 s later`);
          pgCtl("stop", "-m", "immediate");
          pgCrashes++;
          await sleep(3_000);
          pgCtl("start");
        } else {
          log(`  ${elapsed(started)} restart PostgreSQL (pg_ctlcluster restart)`);
          pgCtl("restart", "-m", "fast");
          pgRestarts++;
        }
        // The outage lasts until the app answers again (it may have to be restarted).
        if (!app.running) await app.start();
        await waitUntilReady(app.url);
      } finally {
        endOutage();
      }
      log(`  ${elapsed(started)} back: ${acked.size} acknowledged so far`);
    }
  };

  await Promise.all([chaos(), ...Array.from({ length: o.clients }, (_, ci) => client(ci))]);
  agent.destroy();
  if (!app.running) await app.start();

  // What the database holds for the keys acknowledged.
  const db = new pg.Client({ connectionString: o.databaseUrl });
  await db.connect();
  const rows = (
    await db.query<{ id: string; idempotency_key: string }>(
      "SELECT id, idempotency_key FROM opinions WHERE consultation_id = $1 AND idempotency_key LIKE 'chaos-%'",
      [o.consultationId],
    )
  ).rows;
  await db.end();
  const stored = new Map<string, string[]>();
  for (const r of rows)
    stored.set(r.idempotency_key, [...(stored.get(r.idempotency_key) ?? []), r.id]);
  let lost = 0;
  for (const [key, id] of acked) if (!stored.get(key)?.includes(id)) lost++;
  let doubledRows = 0;
  for (const ids of stored.values()) doubledRows += ids.length - 1;

  return {
    acknowledged: acked.size,
    lost,
    doubled: doubledRows + doubledAnswers,
    outage503,
    other5xx,
    statuses5xx,
    connectionErrors,
    unacknowledged,
    otherRefusals,
    appKills,
    pgCrashes,
    pgRestarts,
    unplannedExits: app.unplannedExits - exitsBefore,
    peakMb: Math.round(app.peakKb / 1024),
    seconds: (Date.now() - started) / 1000,
  };
}

/** Waits until the app answers /healthz (bounded: 120 s). */
async function waitUntilReady(base: string) {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const answer = await ask(base, "/healthz", { timeoutMs: 2_000 });
    if (answer.status === 200) return;
    await sleep(250);
  }
}

const elapsed = (since: number) =>
  `${String(Math.round((Date.now() - since) / 1000)).padStart(3)} s`;
