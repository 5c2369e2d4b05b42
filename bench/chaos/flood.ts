// The body-size flood: many concurrent chunked uploads of tens of megabytes (no Content-Length,
// so only a streaming limit can stop them) to the sign-in form without a token, the opinion API
// and the contact-point import, while the app's memory is sampled. Expected: 413 (or a refusal
// before the body is read), no 5xx, and memory that stays flat.
import { ask, signIn, type App } from "./support.ts";

export interface FloodFigures {
  requests: number;
  megabytesEach: number;
  statuses: Record<string, number>;
  fiveXx: number;
  /** Requests the app dropped without an answer (a reset after a 413 is counted as the 413). */
  noAnswer: number;
  unplannedExits: number;
  ceilingKills: number;
  peakMb: number;
  seconds: number;
}

const CHUNK = 64 * 1024;

/** `megabytes` of body in 64 KB chunks after a prefix. */
function stream(prefix: string, megabytes: number, fill: number) {
  return async function* () {
    yield Buffer.from(prefix);
    const chunk = Buffer.alloc(CHUNK, fill);
    for (let sent = 0; sent < megabytes * 1024 * 1024; sent += CHUNK) yield chunk;
  };
}

export async function runFlood(o: {
  app: App;
  consultationId: string;
  requests: number;
  megabytes: number;
  log: (line: string) => void;
}): Promise<FloodFigures> {
  const { app } = o;
  if (!app.running) await app.start();
  app.resetPeak();
  const exitsBefore = app.unplannedExits;
  const killsBefore = app.ceilingKills;
  const coordinator = await signIn(app.url, {
    email: "coordinator@demo.kaimen.cn",
    password: "kaimen-coordinator-2026",
  });
  const boundary = "----chaosflood";
  const targets: {
    name: string;
    path: string;
    headers: Record<string, string>;
    body: () => AsyncGenerator<Buffer>;
  }[] = [
    {
      name: "/login form without a token",
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: stream("email=a%40b.cn&password=", o.megabytes, 0x61),
    },
    {
      name: "opinion API JSON",
      path: `/api/v1/consultations/${o.consultationId}/opinions`,
      headers: { "Content-Type": "application/json", "Idempotency-Key": "flood" },
      body: stream('{"scope":"draft","body":"', o.megabytes, 0x61),
    },
    {
      name: "contact-point import upload",
      path: `/coordinator/consultations/${o.consultationId}/import/upload`,
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Cookie: coordinator.cookie,
        "X-CSRF-Token": coordinator.csrf,
      },
      body: stream(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
        o.megabytes,
        0x50,
      ),
    },
  ];
  const statuses: Record<string, number> = {};
  let noAnswer = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: o.requests }, async (_, i) => {
      const target = targets[i % targets.length]!;
      const answer = await ask(app.url, target.path, {
        method: "POST",
        headers: { ...target.headers, ...(i % 3 === 1 ? { "Idempotency-Key": `flood-${i}` } : {}) },
        body: target.body,
        timeoutMs: 120_000,
        keepBytes: 10_000,
      });
      if (answer.status) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      else {
        noAnswer++;
        statuses[answer.error ?? "error"] = (statuses[answer.error ?? "error"] ?? 0) + 1;
      }
    }),
  );
  const fiveXx = Object.entries(statuses)
    .filter(([s]) => /^5\d\d$/.test(s))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: o.requests,
    megabytesEach: o.megabytes,
    statuses,
    fiveXx,
    noAnswer,
    unplannedExits: app.unplannedExits - exitsBefore,
    ceilingKills: app.ceilingKills - killsBefore,
    peakMb: Math.round(app.peakKb / 1024),
    seconds: (Date.now() - started) / 1000,
  };
}
