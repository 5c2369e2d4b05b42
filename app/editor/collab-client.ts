import { getVersion, receiveTransaction, sendableSteps } from "prosemirror-collab";
import { Node } from "prosemirror-model";
import { Step, type StepMap } from "prosemirror-transform";
import type { EditorView } from "prosemirror-view";
import { legalSchema } from "../../editor/schema.ts";

// The browser side of collaborative drafting: send the steps typed here, take the ones others
// made, and rebase ours on top of theirs (prosemirror-collab does the rebasing). The server
// decides the order, so every editor converges on the same document.

export type SaveStatus = "saved" | "saving" | "offline" | "error";

export interface CollaborationOptions {
  billId: string;
  csrfToken: string;
  /** Called whenever the save state changes. */
  onStatus(status: SaveStatus): void;
  /** Called when someone else's edit touched text we were changing (both edits were kept). */
  onOverlap(): void;
  /** Called when the draft was replaced on the server (an imported reading): reload. */
  onReset(document: unknown, revision: number): void;
}

type CatchUp =
  | { kind: "steps"; revision: number; steps: unknown[]; clientIds: string[] }
  | { kind: "reset"; revision: number; document: unknown };

/**
 * Browsers refuse a keepalive request when its body, with those of the page's keepalive requests
 * still in flight, exceeds 64 KiB; a flush keeps a margin below that.
 */
export const KEEPALIVE_BYTES = 60 * 1024;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/**
 * The body of a flush: the same request as a save, with as many of the steps, from the first,
 * as fit in `limit` bytes (a prefix is a valid save of its own). Null when not even one fits.
 */
export function flushBody(
  revision: number,
  clientId: string,
  steps: readonly object[],
  limit = KEEPALIVE_BYTES,
): string | null {
  let size = byteLength(JSON.stringify({ revision, clientId, steps: [] }));
  let fit = 0;
  while (fit < steps.length) {
    size += byteLength(JSON.stringify(steps[fit])) + (fit ? 1 : 0);
    if (size > limit) break;
    fit++;
  }
  return fit ? JSON.stringify({ revision, clientId, steps: steps.slice(0, fit) }) : null;
}

function ranges(maps: readonly StepMap[]): [number, number][] {
  const out: [number, number][] = [];
  for (const map of maps) map.forEach((from, to) => out.push([from, to]));
  return out;
}

function overlaps(a: [number, number][], b: [number, number][]): boolean {
  return a.some(([from, to]) => b.some(([f, t]) => from <= t && f <= to));
}

/** Connects an editor to the draft's collaboration endpoint; returns the function that stops it. */
export function startCollaboration(
  view: EditorView,
  options: CollaborationOptions,
): { sync(): void; stop(): void } {
  const url = `/bills/${options.billId}/draft/steps`;
  let busy = false;
  let again = false;
  let stopped = false;
  let failures = 0;

  const apply = (update: CatchUp) => {
    if (update.kind === "reset") {
      options.onReset(update.document, update.revision);
      return;
    }
    if (update.steps.length === 0) return;
    const steps = update.steps.map((json) => Step.fromJSON(legalSchema, json));
    const mine = sendableSteps(view.state);
    if (mine && update.clientIds.some((id) => id !== String(mine.clientID))) {
      const theirs = steps.filter((_, i) => update.clientIds[i] !== String(mine.clientID));
      if (
        overlaps(ranges(theirs.map((s) => s.getMap())), ranges(mine.steps.map((s) => s.getMap())))
      )
        options.onOverlap();
    }
    view.dispatch(
      receiveTransaction(view.state, steps, update.clientIds, { mapSelectionBackward: true }),
    );
  };

  const pull = async () => {
    const response = await fetch(`${url}?since=${getVersion(view.state)}`, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    apply((await response.json()) as CatchUp);
  };

  const headers = { "Content-Type": "application/json", "X-CSRF-Token": options.csrfToken };

  const push = async (): Promise<boolean> => {
    const sendable = sendableSteps(view.state);
    if (!sendable) return true;
    options.onStatus("saving");
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({
        revision: sendable.version,
        clientId: String(sendable.clientID),
        steps: sendable.steps.map((s) => s.toJSON()),
      }),
    });
    if (response.ok) {
      // Accepted: take our own steps back as confirmed. Refused: take the ones we missed.
      const { accepted } = (await response.json()) as { accepted: boolean };
      await pull();
      return accepted && !sendableSteps(view.state);
    }
    throw new Error(`HTTP ${response.status}`);
  };

  const sync = async () => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      for (let round = 0; round < 10; round++) {
        if (await push()) break;
      }
      if (!sendableSteps(view.state)) await pull();
      failures = 0;
      options.onStatus(sendableSteps(view.state) ? "saving" : "saved");
    } catch {
      failures++;
      options.onStatus(navigator.onLine ? "error" : "offline");
    } finally {
      busy = false;
      if (again) {
        again = false;
        void sync();
      }
    }
  };

  // Leaving the page (closing the tab, navigating away, the phone putting the tab away) would
  // cancel a save in flight and the steps queued behind it. So every unconfirmed step goes out
  // at once in a keepalive request, which outlives the page. It is the save's own request: if
  // the regular one also arrives, the server recognises the resend and adds nothing twice.
  let flushed = "";
  const flush = () => {
    const sendable = sendableSteps(view.state);
    if (!sendable) return;
    // Over the keepalive limit, the steps that fit go: the rest is what beforeunload warned of.
    const body = flushBody(
      sendable.version,
      String(sendable.clientID),
      sendable.steps.map((s) => s.toJSON() as object),
    );
    // visibilitychange and pagehide both come when a tab closes: one request is enough.
    if (!body || body === flushed) return;
    flushed = body;
    fetch(url, { method: "POST", keepalive: true, headers, body }).then(
      // Still here (the tab was only hidden): take the steps back as confirmed.
      () => void sync(),
      () => {
        flushed = "";
      },
    );
  };
  const onHidden = () => {
    if (document.visibilityState === "hidden") flush();
  };
  // Unsent or unconfirmed steps: ask before leaving (browsers show their own wording).
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!sendableSteps(view.state)) return;
    event.preventDefault();
    event.returnValue = "";
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", onHidden);
  window.addEventListener("beforeunload", onBeforeUnload);

  // Others' edits arrive by polling. While the server cannot be reached, it is asked less
  // often (every 2, 4, 8 … up to 16 ticks), but never given up on: unsaved work must get out.
  let tick = 0;
  const poll = setInterval(() => {
    tick++;
    const every = Math.min(16, 2 ** Math.min(failures, 4));
    if (!busy && tick % every === 0) void sync();
  }, 1500);

  return {
    sync: () => void sync(),
    stop() {
      // Leaving the editor inside the app (a link): its unsaved steps still go out.
      flush();
      stopped = true;
      clearInterval(poll);
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("beforeunload", onBeforeUnload);
    },
  };
}

/** Rebuilds the document node from the server's JSON (after a reset). */
export function documentFromJSON(json: unknown): Node {
  return Node.fromJSON(legalSchema, json);
}
