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

  const push = async (): Promise<boolean> => {
    const sendable = sendableSteps(view.state);
    if (!sendable) return true;
    options.onStatus("saving");
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": options.csrfToken },
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
      stopped = true;
      clearInterval(poll);
    },
  };
}

/** Rebuilds the document node from the server's JSON (after a reset). */
export function documentFromJSON(json: unknown): Node {
  return Node.fromJSON(legalSchema, json);
}
