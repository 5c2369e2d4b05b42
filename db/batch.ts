// Group commit in the application: many small writes from concurrent requests become one
// statement. On this kind of machine every statement costs far more in round trips (a socket
// write that wakes PostgreSQL, a wake-up back) than in work, so an intake of hundreds of writes
// a second is bound by statements, not rows (bench/opinions.ts; issue 13). A batcher sends the
// first item at once; items that arrive while `maxInFlight` statements are out wait and go
// together in the next one, so there is no timer and no delay when the load is light. Each item
// is answered only when its statement has finished (committed, for a write outside a
// transaction), and a failed statement fails every item in it — the caller decides what to do.

/** A function that runs one statement for many items and answers each, in order. */
export type BatchRunner<T, R> = (items: T[]) => Promise<R[]>;

/** Queues items into batches run by `run`; resolves each item with its answer. */
export function batcher<T, R>(
  run: BatchRunner<T, R>,
  options: { maxInFlight?: number; maxBatch?: number } = {},
): (item: T) => Promise<R> {
  const maxInFlight = options.maxInFlight ?? 2;
  const maxBatch = options.maxBatch ?? 200;
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (queue.length && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      inFlight++;
      run(batch.map((b) => b.item))
        .then(
          (answers) => batch.forEach((b, i) => b.resolve(answers[i]!)),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          inFlight--;
          flush();
        });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Items added in the same turn of the event loop (every request read from the sockets
      // that were ready together) join one batch.
      if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** One batcher per database handle (or transaction), made on first use. */
export function perHandle<K extends object, F>(make: (handle: K) => F): (handle: K) => F {
  const made = new WeakMap<K, F>();
  return (handle) => {
    let f = made.get(handle);
    if (!f) made.set(handle, (f = make(handle)));
    return f;
  };
}
