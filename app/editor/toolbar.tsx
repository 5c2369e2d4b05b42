import { memo, useMemo, useState } from "react";
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
  insertSuffixedArticleAfter,
  moveProvisionDown,
  moveProvisionUp,
  outdent,
} from "../../editor/commands/index.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { DraftEditor } from "./mount.client.ts";
import type { OutlineEntry } from "./outline.tsx";

const buttons: { key: MessageKey; command: Command; shortcut?: string; hint?: MessageKey }[] = [
  { key: "editor.cmd.article", command: insertArticleAfter, shortcut: "Ctrl+Enter" },
  // An amendment's inserted article (第十条之一): nothing after it renumbers.
  {
    key: "editor.cmd.suffixedArticle",
    command: insertSuffixedArticleAfter,
    hint: "editor.cmd.suffixedArticleHint",
  },
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
export function EditorToolbar({
  editor,
  state,
  entries,
}: {
  editor: DraftEditor | null;
  state: EditorState | null;
  entries: OutlineEntry[];
}) {
  const { t } = useI18n();
  const articles = useMemo(() => entries.filter((e) => e.kind === "article"), [entries]);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
      {buttons.map(({ key, command, shortcut, hint }) => (
        <button
          key={key}
          type="button"
          className="button small"
          disabled={!editor || !state || !command(state)}
          title={hint ? t(hint) : shortcut}
          aria-keyshortcuts={shortcut
            ?.replace("Ctrl", "Control")
            .replace("↑", "ArrowUp")
            .replace("↓", "ArrowDown")}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor?.run(command)}
        >
          {t(key)}
        </button>
      ))}
      <CrossReferenceTool editor={editor} state={state} articles={articles} />
    </div>
  );
}

/** Picks an article and inserts a reference to it; the long list re-renders only when it changes. */
function CrossReferenceTool({
  editor,
  state,
  articles,
}: {
  editor: DraftEditor | null;
  state: EditorState | null;
  articles: OutlineEntry[];
}) {
  const { t } = useI18n();
  const [target, setTarget] = useState("");
  return (
    <span className="xref-tool">
      <label htmlFor="xref-target" className="visually-hidden">
        {t("editor.xref.target")}
      </label>
      <ArticleSelect
        value={target}
        onChange={setTarget}
        articles={articles}
        disabled={!editor}
        placeholder={t("editor.xref.target")}
      />
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
  );
}

const ArticleSelect = memo(function ArticleSelect(props: {
  value: string;
  onChange(value: string): void;
  articles: OutlineEntry[];
  disabled: boolean;
  placeholder: string;
}) {
  return (
    <select
      id="xref-target"
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      disabled={props.disabled}
    >
      <option value="">{props.placeholder}</option>
      {props.articles.map((a) => (
        <option key={a.pid} value={a.pid}>
          {a.label}
        </option>
      ))}
    </select>
  );
});
