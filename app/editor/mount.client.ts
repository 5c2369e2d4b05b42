import { collab } from "prosemirror-collab";
import { Node } from "prosemirror-model";
import { EditorState, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { editorPlugins } from "../../editor/plugins/index.ts";
import { legalSchema } from "../../editor/schema.ts";
import { documentFromJSON, startCollaboration, type SaveStatus } from "./collab-client.ts";

// Browser-only: creates the ProseMirror view of the working draft and wires it to the server.

export interface DraftEditorOptions {
  billId: string;
  csrfToken: string;
  document: unknown;
  revision: number;
  locale: "zh" | "en";
  onState(state: EditorState): void;
  onStatus(status: SaveStatus): void;
  onOverlap(): void;
}

export interface DraftEditor {
  view: EditorView;
  /** Runs a command on the editor (toolbar buttons and the outline use this). */
  run(command: Command): boolean;
  /** Puts the cursor at the start of the provision with this pid and scrolls to it. */
  focusProvision(pid: string): void;
  destroy(): void;
}

function createState(doc: Node, revision: number, locale: "zh" | "en"): EditorState {
  return EditorState.create({
    doc,
    plugins: [...editorPlugins({ locale }), collab({ version: revision })],
  });
}

/** Mounts the editor into `place` and starts saving and merging as the drafter types. */
export function mountDraftEditor(place: HTMLElement, options: DraftEditorOptions): DraftEditor {
  // Assigned once the view exists; the view's dispatchTransaction reads it (prefer-const would
  // move it after the view, where a transaction dispatched meanwhile would meet the TDZ).
  // eslint-disable-next-line prefer-const
  let collaboration: ReturnType<typeof startCollaboration> | undefined;
  const view: EditorView = new EditorView(place, {
    state: createState(
      Node.fromJSON(legalSchema, options.document),
      options.revision,
      options.locale,
    ),
    attributes: {
      class: "draft-editor law-text",
      spellcheck: "false",
      "aria-label": "工作稿",
      role: "textbox",
      "aria-multiline": "true",
    },
    dispatchTransaction(tr: Transaction) {
      const state = view.state.apply(tr);
      view.updateState(state);
      options.onState(state);
      if (tr.docChanged) collaboration?.sync();
    },
  });
  collaboration = startCollaboration(view, {
    billId: options.billId,
    csrfToken: options.csrfToken,
    onStatus: options.onStatus,
    onOverlap: options.onOverlap,
    onReset(document, revision) {
      view.updateState(createState(documentFromJSON(document), revision, options.locale));
      options.onState(view.state);
    },
  });
  options.onState(view.state);
  return {
    view,
    run(command) {
      const done = command(view.state, view.dispatch, view);
      view.focus();
      return done;
    },
    focusProvision(pid) {
      let target = -1;
      view.state.doc.descendants((node, pos) => {
        if (target !== -1) return false;
        if (node.attrs.pid === pid) {
          target = pos;
          return false;
        }
        return true;
      });
      if (target === -1) return;
      const selection = TextSelection.near(view.state.doc.resolve(target + 1));
      view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
      view.focus();
    },
    destroy() {
      collaboration?.stop();
      view.destroy();
    },
  };
}
