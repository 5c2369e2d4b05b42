// Bounded probes for /healthz and /readyz: a load balancer's check must answer within its own
// timeout even when the database hangs (a full pool, a half-open connection), so every probe
// races a timer. The probe's own promise is always settled by a handler, so a late failure after
// the timer won is never an unhandled rejection.

export type ProbeOutcome<T> =
  | { ok: true; value: T; latencyMs: number }
  | { ok: false; error: "timeout" | "failed"; latencyMs: number };

/** Runs `work` for at most `ms` milliseconds. */
export async function probe<T>(work: () => Promise<T>, ms: number): Promise<ProbeOutcome<T>> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ProbeOutcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: "timeout", latencyMs: latency() }), ms);
  });
  const run = Promise.resolve()
    .then(work)
    .then(
      (value): ProbeOutcome<T> => ({ ok: true, value, latencyMs: latency() }),
      (): ProbeOutcome<T> => ({ ok: false, error: "failed", latencyMs: latency() }),
    );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
