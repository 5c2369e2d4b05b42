import { memo, useMemo } from "react";
import type { EditorState } from "prosemirror-state";
import { moveProvision } from "../../editor/commands/index.ts";
import { labelOf, type Locale } from "../../editor/numbering.ts";
import { provisionNumbers, xrefKey } from "../../editor/plugins/index.ts";
import { citationsFrom, renderedText } from "../../editor/plugins/xref-ranges.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { DraftEditor } from "./mount.client.ts";

export interface OutlineEntry {
  pid: string;
  kind: "part" | "chapter" | "section" | "article";
  label: string;
  text: string;
  depth: number;
}

/** The chapters, sections and articles of the editor's document, with their current labels. */
export function outlineEntries(state: EditorState, locale: Locale = "zh"): OutlineEntry[] {
  // The plugins' numbers and citations: free, and current for this very state.
  const numbers = provisionNumbers(state);
  const citationOf = xrefKey.getState(state)?.citationOf ?? citationsFrom(numbers);
  const entries: OutlineEntry[] = [];
  state.doc.descendants((node, _pos, parent) => {
    const kind = node.type.name;
    if (kind !== "part" && kind !== "chapter" && kind !== "section" && kind !== "article")
      return kind === "doc";
    const info = numbers.get(node.attrs.pid as string);
    const depth =
      kind === "article"
        ? parent?.type.name === "section"
          ? 2
          : parent?.type.name === "chapter"
            ? 1
            : 0
        : kind === "section"
          ? 1
          : 0;
    const text =
      // References read from current numbers: the stored text of one is its last rendering.
      kind === "article"
        ? renderedText(node, citationOf, 18)
        : (node.firstChild?.textContent ?? "");
    entries.push({
      pid: node.attrs.pid as string,
      kind,
      label: info ? labelOf(info, locale) : "",
      text,
      depth,
    });
    return kind !== "article";
  });
  return entries;
}

/** Whether each entry has a sibling of its own kind before / after it (what moving needs). */
function movability(entries: OutlineEntry[]): Map<string, { up: boolean; down: boolean }> {
  const result = new Map<string, { up: boolean; down: boolean }>();
  // Articles move across chapter borders too (into the neighbouring chapter), so any article
  // but the first and last can move; divisions move among their own kind.
  for (const kind of ["article", "section", "chapter", "part"] as const) {
    const same = entries.filter((e) => e.kind === kind);
    same.forEach((e, i) => result.set(e.pid, { up: i > 0, down: i < same.length - 1 }));
  }
  return result;
}

interface OutlineItemProps {
  entry: OutlineEntry;
  canMoveUp: boolean;
  canMoveDown: boolean;
  editor: DraftEditor | null;
}

// One memoised row: typing changes one entry's text, and only that row re-renders.
const OutlineItem = memo(function OutlineItem({
  entry,
  canMoveUp,
  canMoveDown,
  editor,
}: OutlineItemProps) {
  const { t } = useI18n();
  const move = (up: boolean) => editor?.run(moveProvision(up ? "up" : "down", entry.pid));
  return (
    <li className={`outline-${entry.kind} depth-${entry.depth}`}>
      <button
        type="button"
        className="link-button outline-jump"
        onClick={() => editor?.focusProvision(entry.pid)}
      >
        <strong>{entry.label}</strong> {entry.text}
      </button>
      <span className="outline-moves">
        <button
          type="button"
          className="icon-button"
          aria-label={t("editor.moveUp", { label: entry.label })}
          disabled={!editor || !canMoveUp}
          onClick={() => move(true)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t("editor.moveDown", { label: entry.label })}
          disabled={!editor || !canMoveDown}
          onClick={() => move(false)}
        >
          ↓
        </button>
      </span>
    </li>
  );
});

/** 目录: jump to a provision, or move it up or down among its siblings. */
export const Outline = memo(function Outline({
  editor,
  entries,
}: {
  editor: DraftEditor | null;
  entries: OutlineEntry[];
}) {
  const { t } = useI18n();
  const moves = useMemo(() => movability(entries), [entries]);
  return (
    <nav className="outline" aria-label={t("editor.outline")}>
      <h2>{t("editor.outline")}</h2>
      <ol>
        {entries.map((entry) => (
          <OutlineItem
            key={entry.pid}
            entry={entry}
            canMoveUp={moves.get(entry.pid)?.up ?? false}
            canMoveDown={moves.get(entry.pid)?.down ?? false}
            editor={editor}
          />
        ))}
      </ol>
    </nav>
  );
});

/**
 * The outline entries of a state, reusing the previous entry objects that did not change, so
 * memoised rows and lists skip re-rendering.
 */
export function stableOutlineEntries(
  state: EditorState,
  previous: OutlineEntry[],
  locale: Locale = "zh",
): OutlineEntry[] {
  const byPid = new Map(previous.map((e) => [e.pid, e]));
  const next = outlineEntries(state, locale).map((entry) => {
    const old = byPid.get(entry.pid);
    return old &&
      old.kind === entry.kind &&
      old.label === entry.label &&
      old.text === entry.text &&
      old.depth === entry.depth
      ? old
      : entry;
  });
  const unchanged = next.length === previous.length && next.every((e, i) => e === previous[i]);
  return unchanged ? previous : next;
}
