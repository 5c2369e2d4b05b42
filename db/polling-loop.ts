// The loop every outbox and job table is drained by (the search indexer, mail delivery, the
// worker's jobs): run a round, run again at once while there is more, otherwise wait for the poll
// interval or a kick; after a round that could not read its table, wait longer each time, and say
// so once per kind of trouble rather than once per round. Each drainer keeps its own claims,
// leases and messages; only the loop is here, once.

/** Seconds before a failed row is tried again: 2, 4, 8… up to five minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(300, 2 ** Math.max(1, attempts));
}

/**
 * Milliseconds the loop waits after `failures` failed rounds in a row: the poll interval, then
 * doubling up to `maxMs` — a database that is down is not asked twice a second.
 */
export function loopDelayMs(failures: number, pollMs: number, maxMs: number): number {
  if (failures <= 0) return pollMs;
  return Math.min(maxMs, pollMs * 2 ** Math.min(failures, 30));
}

/** A loop running in this process. */
export interface PollingLoop {
  /** Run a round now instead of at the next poll. */
  kick(): void;
  /** Lets the round in progress finish, then ends the loop (and its `finally`). */
  stop(): Promise<void>;
}

export function startPollingLoop(options: {
  pollMs: number;
  /** The longest wait between rounds while rounds fail. */
  maxBackoffMs: number;
  /**
   * One round. Resolves true when there is more to do at once. Throws when the table cannot be
   * read; `recovered` is true for the first round after such failures.
   */
  round(state: { recovered: boolean; stopping: () => boolean }): Promise<boolean>;
  /** A round threw (called before the loop decides whether to stop, so claims can be kept). */
  caught?(error: unknown): void;
  /** Says what went wrong: once per kind of trouble in a row of failed rounds. */
  log(message: string): void;
  /** Runs before each kick's round (a sweep that should happen at once). */
  onKick?(): void;
  /** Runs once the loop has ended (handing back what is still claimed). */
  finally?(): Promise<void>;
}): PollingLoop {
  let running = true;
  let wake: (() => void) | undefined;
  let failures = 0;
  let lastError = "";
  const loop = (async () => {
    while (running) {
      let busy = false;
      try {
        busy = await options.round({ recovered: failures > 0, stopping: () => !running });
        failures = 0;
        lastError = "";
      } catch (error) {
        options.caught?.(error);
        if (!running) break;
        failures++;
        const message = (error as Error)?.message || String(error);
        if (message !== lastError) options.log(message);
        lastError = message;
      }
      if (busy || !running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          resolve,
          loopDelayMs(failures, options.pollMs, options.maxBackoffMs),
        );
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    await options.finally?.();
  })();
  return {
    kick() {
      options.onKick?.();
      wake?.();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
