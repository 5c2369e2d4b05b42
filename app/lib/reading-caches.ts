import { ByteLru } from "./byte-lru.ts";

/** A reading's HTML cut at its slots: parts[0], slot 0, parts[1], …, parts[n]. */
export interface RenderedReading<Node = unknown> {
  parts: string[];
  slots: Node[];
}

/**
 * Where the rendered reading texts and the live fragments (text with counts) are kept
 * (app/lib/reading-html.server.tsx says how they are made). The server makes one and hands it
 * to the loaders in their context, so the writes it sees can drop what they change: the build
 * bundles its own copy of the modules, so a module-level cache would not be the server's.
 */
export class ReadingCaches {
  /** Rendered texts: immutable, kept until memory runs short. */
  readonly texts = new ByteLru<RenderedReading>(64 * 1024 * 1024, (value) =>
    value.parts.reduce((n, p) => n + p.length * 2, 64),
  );
  readonly textsPending = new Map<string, Promise<RenderedReading>>();
  /** Live fragments: kept LIVE_MS at most. */
  readonly live = new ByteLru<string>(16 * 1024 * 1024, (html) => html.length * 2);
  readonly livePending = new Map<string, Promise<string>>();
  /** Counts the forgets, so a fragment made across one is not kept. */
  generation = 0;

  /** Drops the live fragments whose key starts with `prefix` (all of them without one). */
  forgetLive(prefix?: string): void {
    this.generation++;
    const matches = (key: string) => !prefix || key.startsWith(prefix);
    this.live.clear(matches);
    // A fragment being made now started before the write: later readers must not share it.
    for (const key of [...this.livePending.keys()]) if (matches(key)) this.livePending.delete(key);
  }
}

/**
 * How long a live fragment is shared. Other processes see a change within LIVE_MS, plus as long
 * again in the page cache that holds the page made from it (server/server.ts): 2 s in all.
 */
export const LIVE_MS = 1000;
