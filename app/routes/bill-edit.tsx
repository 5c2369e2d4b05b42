import { memo, startTransition, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { EditorState } from "prosemirror-state";
import { getDraft } from "../../db/queries/drafts.ts";
import { toReadingTree, type ReadingNode } from "../../editor/reading.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { LegalText } from "../components/legal-text.tsx";
import { EditorToolbar } from "../editor/toolbar.tsx";
import { Outline, stableOutlineEntries, type OutlineEntry } from "../editor/outline.tsx";
import type { SaveStatus } from "../editor/collab-client.ts";
import type { DraftEditor } from "../editor/mount.client.ts";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { useI18n, useRootData } from "../lib/use-i18n.ts";
import type { Route } from "./+types/bill-edit";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireBillDrafter(request, context, params.billId);
  const draft = await getDraft(context.db, bill.id);
  if (!draft) throw new Response("No draft", { status: 404 });
  const t = requestTranslator(request);
  return {
    title: `${bill.title} · ${t("bill.draft")} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    document: draft.document,
    revision: draft.revision,
    // What the page shows before the editor loads (and without JavaScript).
    preview: toReadingTree(draft.document),
  };
}

const statusKey: Record<SaveStatus, MessageKey> = {
  saved: "editor.status.saved",
  saving: "editor.status.saving",
  offline: "editor.status.offline",
  error: "editor.status.error",
};

/** The server-rendered text shown until the editor has loaded. */
const noEntries: OutlineEntry[] = [];

const Preview = memo(function Preview({ tree }: { tree: ReadingNode[] }) {
  return <LegalText tree={tree} />;
});

export default function BillEditor({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const { csrfToken } = useRootData();
  const { bill, document, revision, preview } = loaderData;
  const place = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<DraftEditor | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const [status, setStatus] = useState<SaveStatus>("saved");
  const [overlap, setOverlap] = useState(false);
  // The outline lists every provision: on a 1,260-article draft rebuilding it per keystroke
  // would cost more than a frame, so it follows the document at most four times a second.
  // Entries of unchanged provisions keep their identity (stableOutlineEntries), so the outline
  // re-renders only what changed.
  const [outline, setOutline] = useState<{ doc: EditorState["doc"]; entries: OutlineEntry[] }>();
  useEffect(() => {
    if (!state || state.doc === outline?.doc) return;
    const timer = setTimeout(
      () =>
        setOutline((previous) => ({
          doc: state.doc,
          entries: stableOutlineEntries(
            state,
            previous?.entries ?? [],
            locale === "en" ? "en" : "zh",
          ),
        })),
      outline ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [state, outline, locale]);
  const entries = outline?.entries ?? noEntries;

  useEffect(() => {
    let mounted: DraftEditor | null = null;
    let cancelled = false;
    void import("../editor/mount.client.ts").then(({ mountDraftEditor }) => {
      if (cancelled || !place.current) return;
      mounted = mountDraftEditor(place.current, {
        billId: bill.id,
        csrfToken,
        document,
        revision,
        locale: locale === "en" ? "en" : "zh",
        // The toolbar's enabled buttons may trail a keystroke by a frame: a transition lets
        // React yield so the typed character is painted first.
        onState: (next) => startTransition(() => setState(next)),
        onStatus: setStatus,
        onOverlap: () => setOverlap(true),
      });
      setEditor(mounted);
    });
    return () => {
      cancelled = true;
      mounted?.destroy();
    };
    // The editor is created once per bill; later loader data must not reset what was typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bill.id]);

  return (
    <div className="page editor-page">
      <p className="muted">
        <Link to="/workspace">{t("workspace.title")}</Link> /{" "}
        <Link to={`/bills/${bill.id}`}>{bill.title}</Link>
      </p>
      <div className="editor-head">
        <h1>{t("editor.title")}</h1>
        <p className={`save-status status-${status}`} role="status" aria-live="polite">
          {t(statusKey[status])}
        </p>
      </div>
      {overlap ? (
        <p className="notice" role="alert">
          {t("editor.overlap")}{" "}
          <button type="button" className="link-button" onClick={() => setOverlap(false)}>
            {t("editor.dismiss")}
          </button>
        </p>
      ) : null}
      <EditorToolbar editor={editor} state={state} entries={entries} />
      <div className="editor-body">
        <Outline editor={editor} entries={entries} />
        <div className="editor-paper">
          {/* React never renders into the mount point: ProseMirror owns that DOM. */}
          <div ref={place} className="editor-mount" />
          {editor ? null : <Preview tree={preview} />}
        </div>
      </div>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
