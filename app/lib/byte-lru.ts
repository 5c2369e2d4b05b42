/**
 * A least-recently-used map bounded by the bytes its values hold (as the caller counts them),
 * with an optional lifetime per entry. A Map keeps insertion order, so moving a read entry to the
 * end and evicting from the front is LRU at O(1) per operation.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number; expires: number }>();
  private held = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value under `key` if present and not expired (an expired one is dropped). */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= now) {
      this.held -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value for `ttlMs` (forever when omitted); one larger than the whole bound is not kept. */
  set(key: string, value: V, ttlMs = Infinity, now = Date.now()): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes, expires: now + ttlMs });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  /** Drops every entry whose key passes the test (all of them without one). */
  clear(test: (key: string) => boolean = () => true): void {
    for (const key of [...this.entries.keys()]) if (test(key)) this.delete(key);
  }

  /** Visits every entry (expired ones too) without changing its place. */
  forEach(visit: (key: string, value: V) => void): void {
    for (const [key, entry] of this.entries) visit(key, entry.value);
  }

  /** The bytes held now. */
  get bytes(): number {
    return this.held;
  }
}
