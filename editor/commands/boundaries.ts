// Backspace at the start of a text and Delete at its end join it with the text next to it.
// Between two provision texts that is what drafters expect (two 款 become one). Across a
// heading or the front matter it is not: Backspace at the start of a chapter's first article
// would pour the article into the chapter's heading and lose the article, pid and all. These
// commands stop such joins and let every other case fall through to the base keymap.

import type { ResolvedPos } from "prosemirror-model";
import { Selection } from "prosemirror-state";
import type { Command } from "prosemirror-state";

// Which family a textblock belongs to; joins stay within a family.
function textFamily(typeName: string): string {
  if (typeName === "heading") return "heading";
  if (typeName === "title" || typeName === "note" || typeName === "preamble") return "front";
  return "provision";
}

// The textblock next to the one holding $cursor, in the given direction, or null.
function neighbourTextblock($cursor: ResolvedPos, direction: -1 | 1): ResolvedPos | null {
  const edge = direction < 0 ? $cursor.before() : $cursor.after();
  const found = Selection.findFrom($cursor.doc.resolve(edge), direction, true);
  return found ? found.$from : null;
}

function stopJoin(direction: -1 | 1): Command {
  return (state) => {
    const { selection } = state;
    const $cursor = selection.$from;
    if (!selection.empty || !$cursor.parent.isTextblock) return false;
    const atEdge =
      direction < 0
        ? $cursor.parentOffset === 0
        : $cursor.parentOffset === $cursor.parent.content.size;
    if (!atEdge) return false;
    const $neighbour = neighbourTextblock($cursor, direction);
    if (!$neighbour) return false;
    const crossing =
      textFamily($neighbour.parent.type.name) !== textFamily($cursor.parent.type.name);
    // Handled by doing nothing: the key is swallowed so the base join never runs.
    return crossing;
  };
}

/** Backspace at the start of a text: refuses to join it into a heading or the front matter. */
export const stopJoinBackward: Command = stopJoin(-1);

/** Delete at the end of a text: refuses to join a heading or the front matter with a provision. */
export const stopJoinForward: Command = stopJoin(1);
