import type { EditorState } from "prosemirror-state";
import { moveProvision } from "../../editor/commands/index.ts";
import { numberProvisionsInNode, provisionLabel } from "../../editor/numbering.ts";
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
export function outlineEntries(state: EditorState): OutlineEntry[] {
  const numbers = numberProvisionsInNode(state.doc);
  const entries: OutlineEntry[] = [];
  state.doc.descendants((node, _pos, parent) => {
    const kind = node.type.name;
    if (kind !== "part" && kind !== "chapter" && kind !== "section" && kind !== "article") return kind === "doc";
    const info = numbers.get(node.attrs.pid as string);
    const depth = kind === "article" ? (parent?.type.name === "section" ? 2 : parent?.type.name === "chapter" ? 1 : 0) : kind === "section" ? 1 : 0;
    const text = kind === "article" ? node.textContent.slice(0, 18) : (node.firstChild?.textContent ?? "");
    entries.push({ pid: node.attrs.pid as string, kind, label: info ? provisionLabel(kind, info.number) : "", text, depth });
    return kind !== "article";
  });
  return entries;
}

/** 目录: jump to a provision, or move it up or down among its siblings. */
export function Outline({ editor, state }: { editor: DraftEditor | null; state: EditorState | null }) {
  const { t } = useI18n();
  if (!state) return <nav className="outline" aria-label={t("editor.outline")} />;
  const entries = outlineEntries(state);
  const move = (pid: string, up: boolean) => editor?.run(moveProvision(up ? "up" : "down", pid));
  return (
    <nav className="outline" aria-label={t("editor.outline")}>
      <h2>{t("editor.outline")}</h2>
      <ol>
        {entries.map((entry) => (
          <li key={entry.pid} className={`outline-${entry.kind} depth-${entry.depth}`}>
            <button type="button" className="link-button outline-jump" onClick={() => editor?.focusProvision(entry.pid)}>
              <strong>{entry.label}</strong> {entry.text}
            </button>
            <span className="outline-moves">
              <button
                type="button"
                className="icon-button"
                aria-label={t("editor.moveUp", { label: entry.label })}
                disabled={!editor || !moveProvision("up", entry.pid)(state)}
                onClick={() => move(entry.pid, true)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t("editor.moveDown", { label: entry.label })}
                disabled={!editor || !moveProvision("down", entry.pid)(state)}
                onClick={() => move(entry.pid, false)}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
