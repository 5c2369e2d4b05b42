import { useState } from "react";
import type { Command, EditorState } from "prosemirror-state";
import { redo, undo } from "prosemirror-history";
import {
  deleteProvision,
  indentToItem,
  insertArticleAfter,
  insertChapter,
  insertCrossReference,
  insertParagraphAfter,
  insertSection,
  moveProvisionDown,
  moveProvisionUp,
  outdent,
} from "../../editor/commands/index.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { DraftEditor } from "./mount.client.ts";
import { outlineEntries } from "./outline.tsx";

const buttons: { key: MessageKey; command: Command; shortcut?: string }[] = [
  { key: "editor.cmd.article", command: insertArticleAfter, shortcut: "Ctrl+Enter" },
  { key: "editor.cmd.paragraph", command: insertParagraphAfter, shortcut: "Enter" },
  { key: "editor.cmd.indent", command: indentToItem, shortcut: "Tab" },
  { key: "editor.cmd.outdent", command: outdent, shortcut: "Shift+Tab" },
  { key: "editor.cmd.chapter", command: insertChapter },
  { key: "editor.cmd.section", command: insertSection },
  { key: "editor.cmd.up", command: moveProvisionUp, shortcut: "Alt+↑" },
  { key: "editor.cmd.down", command: moveProvisionDown, shortcut: "Alt+↓" },
  { key: "editor.cmd.delete", command: deleteProvision },
  { key: "editor.cmd.undo", command: undo, shortcut: "Ctrl+Z" },
  { key: "editor.cmd.redo", command: redo, shortcut: "Ctrl+Y" },
];

/** The editor's commands as buttons, each enabled exactly when its command applies. */
export function EditorToolbar({ editor, state }: { editor: DraftEditor | null; state: EditorState | null }) {
  const { t } = useI18n();
  const [target, setTarget] = useState("");
  const articles = state ? outlineEntries(state).filter((e) => e.kind === "article") : [];
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
      {buttons.map(({ key, command, shortcut }) => (
        <button
          key={key}
          type="button"
          className="button small"
          disabled={!editor || !state || !command(state)}
          title={shortcut}
          aria-keyshortcuts={shortcut?.replace("Ctrl", "Control").replace("↑", "ArrowUp").replace("↓", "ArrowDown")}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor?.run(command)}
        >
          {t(key)}
        </button>
      ))}
      <span className="xref-tool">
        <label htmlFor="xref-target" className="visually-hidden">
          {t("editor.xref.target")}
        </label>
        <select id="xref-target" value={target} onChange={(event) => setTarget(event.target.value)} disabled={!editor}>
          <option value="">{t("editor.xref.target")}</option>
          {articles.map((a) => (
            <option key={a.pid} value={a.pid}>
              {a.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button small"
          disabled={!editor || !state || !target || !insertCrossReference(target)(state)}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor?.run(insertCrossReference(target))}
        >
          {t("editor.xref.insert")}
        </button>
      </span>
    </div>
  );
}
