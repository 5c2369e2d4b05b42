// The editor's keys. Each binding is one of our commands first; when it declines (returns
// false), ProseMirror's base binding for the same key runs, so Enter in the title, Backspace
// in the middle of a word or Tab outside a provision behave as everywhere else.

import { baseKeymap, chainCommands } from "prosemirror-commands";
import { redo, undo } from "prosemirror-history";
import type { Command } from "prosemirror-state";
import { stopJoinBackward, stopJoinForward } from "./boundaries.ts";
import { indentToItem, outdent, outdentAtStart } from "./indent.ts";
import { insertArticleAfter } from "./insert.ts";
import { moveProvisionDown, moveProvisionUp } from "./move.ts";
import { splitProvision } from "./split.ts";

/** The key bindings of the legislative editor, with ProseMirror's base keymap as fallback. */
export function buildKeymap(): Record<string, Command> {
  const bindings: Record<string, Command> = {
    Enter: splitProvision,
    "Mod-Enter": insertArticleAfter,
    Tab: indentToItem,
    "Shift-Tab": outdent,
    Backspace: outdentAtStart,
    "Alt-ArrowUp": moveProvisionUp,
    "Alt-ArrowDown": moveProvisionDown,
    "Mod-z": undo,
    "Mod-y": redo,
    "Shift-Mod-z": redo,
  };
  for (const [key, fallback] of Object.entries(baseKeymap)) {
    // Every key bound to the base Backspace or Delete (Mod-Backspace, Ctrl-h on a Mac, …)
    // gets the same guard against joining a provision into a heading.
    const guard =
      fallback === baseKeymap.Backspace
        ? stopJoinBackward
        : fallback === baseKeymap.Delete
          ? stopJoinForward
          : null;
    const base = guard ? chainCommands(guard, fallback) : fallback;
    const own = bindings[key];
    bindings[key] = own ? chainCommands(own, base) : base;
  }
  return bindings;
}
