import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { listNoteRows } from "../../db/queries/explanatory-notes.ts";
import { listVersions } from "../../db/queries/versions.ts";
import { localizedLabel } from "../../editor/labels.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  EXPLANATION_MAX,
  saveExplanatoryNotes,
  splitExplanation,
} from "../../services/explanatory-notes.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import {
  messageKey,
  requestLocale,
  requestTranslator,
  translator,
  type MessageKey,
} from "../i18n/index.ts";
import { parseForm, readQuery, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/notes.css";
import type { Route } from "./+types/version-notes";

// The 起草说明 of a reading, per chapter, section and article, for the bill's drafters (issue 18
// item 4): one field per provision, saved together; and a pasted explanation split over the
// provisions it names, which fills the fields for review and saves nothing by itself. Works
// without scripts: the split answers with the page again, its proposals in the fields.

const SplitForm = z.object({
  explanation: textLines()
    .max(EXPLANATION_MAX, "notes.split.tooLong")
    .refine((s) => s.trim() !== "", "notes.split.required"),
});

const NotesQuery = z.object({
  saved: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
});

const NOTE_FIELD = "note.";

async function requireReading(
  request: Request,
  context: Route.LoaderArgs["context"],
  billId: string,
  versionId: string,
) {
  const { bill, user } = await requireBillDrafter(request, context, billId);
  const version = (await listVersions(context.db, bill.id)).find((v) => v.id === versionId);
  if (!version) {
    const t = requestTranslator(request);
    throw data({ message: t("bill.versionNotFound") }, { status: 404 });
  }
  return { bill, user, version };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill, version } = await requireReading(request, context, params.billId, params.versionId);
  const locale = requestLocale(request);
  const t = translator(locale);
  const rows = await listNoteRows(context.db, version.id);
  const versionName = t(`version.${version.label}`);
  return {
    title: `${t("notes.pageTitle", { version: versionName })} · ${bill.title} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    version: { id: version.id, label: version.label, title: version.title },
    rows: rows.map((r) => ({
      pid: r.pid,
      kind: r.kind,
      label: r.label,
      // The field's name in the reader's language (Note on Article 1); the text stays Chinese.
      fieldLabel: t("notes.field", { label: localizedLabel(r.label, locale) }),
      // Enough of the provision to recognise it beside its field.
      text: r.text.length > 120 ? `${r.text.slice(0, 120)}…` : r.text,
      note: r.note,
    })),
    saved: readQuery(NotesQuery, request).saved ?? null,
  };
}

type ActionData =
  | {
      intent: "split";
      /** Tells one split's answer from the next, so the fields take the new proposal. */
      splitId: string;
      notes: Record<string, string>;
      unmatched: string[];
      count: number;
    }
  | { intent: "split"; error: MessageKey }
  | {
      intent: "save";
      error: MessageKey;
      fields: Record<string, string>;
      notes: Record<string, string>;
    };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user, version } = await requireReading(
    request,
    context,
    params.billId,
    params.versionId,
  );
  const form = await requireCsrf(request, context);
  if (form.get("intent") === "split") {
    const parsed = parseForm(SplitForm, form);
    if (!parsed.ok)
      return data<ActionData>(
        { intent: "split", error: parsed.errors.explanation ?? "error.invalidInput" },
        { status: 400 },
      );
    const rows = await listNoteRows(context.db, version.id);
    const proposal = splitExplanation(parsed.data.explanation, rows);
    return data<ActionData>({
      intent: "split",
      splitId: crypto.randomUUID(),
      notes: proposal.notes,
      unmatched: proposal.unmatched.slice(0, 200),
      count: Object.keys(proposal.notes).length,
    });
  }
  const notes: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith(NOTE_FIELD) && typeof value === "string")
      notes[name.slice(NOTE_FIELD.length)] = value;
  }
  try {
    const { changed } = await saveExplanatoryNotes(context.db, {
      billId: bill.id,
      versionId: version.id,
      notes,
      userId: user.id,
      ip: context.clientIp,
    });
    return redirect(`/bills/${bill.id}/versions/${version.id}/notes?saved=${changed}`);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return data<ActionData>(
      {
        intent: "save",
        error: messageKey(error.messageKey, "error.generic"),
        fields: error.fields ?? {},
        notes,
      },
      { status: error.status },
    );
  }
}

export default function VersionNotes({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { bill, version, rows, saved } = loaderData;
  const split = actionData?.intent === "split" && "notes" in actionData ? actionData : null;
  const splitError =
    actionData?.intent === "split" && "error" in actionData ? actionData.error : null;
  const saveError = actionData?.intent === "save" ? actionData : null;
  // The fields show, in order: what a refused save sent back, the split's proposal, the stored note.
  const valueOf = (pid: string, stored: string) =>
    saveError?.notes[pid] ?? split?.notes[pid] ?? stored;
  // A new proposal remounts the fields, so their default values are the proposal's.
  const generation = split ? split.splitId : "stored";
  return (
    <div className="page narrow-wide notes-page">
      <p className="muted">
        <Link to={`/bills/${bill.id}`}>{bill.title}</Link> ·{" "}
        <Link to={`/bills/${bill.id}/versions/${version.id}`}>{version.title}</Link>
      </p>
      <h1>{t("notes.pageTitle", { version: t(`version.${version.label}`) })}</h1>
      <p>{t("notes.intro")}</p>
      {saved !== null && !actionData ? (
        <p role="status" className="notice">
          {saved > 0 ? t("notes.saved", { count: saved }) : t("notes.savedNone")}
        </p>
      ) : null}

      <section className="panel notes-split" aria-labelledby="notes-split-h">
        <h2 id="notes-split-h">{t("notes.split.title")}</h2>
        <p className="muted small">{t("notes.split.hint")}</p>
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="split" />
          <div className="field">
            <label htmlFor="notes-explanation">{t("notes.split.field")}</label>
            <textarea
              id="notes-explanation"
              name="explanation"
              rows={8}
              aria-invalid={splitError ? true : undefined}
              aria-describedby={splitError ? "notes-explanation-error" : undefined}
            />
            {splitError ? (
              <p id="notes-explanation-error" className="field-error">
                {t(splitError)}
              </p>
            ) : null}
          </div>
          <p>
            <button type="submit" className="button" disabled={navigation.state !== "idle"}>
              {t("notes.split.submit")}
            </button>
          </p>
        </Form>
        {split ? (
          <div role="status">
            <p className="notice">
              {split.count > 0
                ? t("notes.split.done", { count: split.count })
                : t("notes.split.none")}
            </p>
            {split.unmatched.length > 0 ? (
              <details>
                <summary>{t("notes.split.unmatched", { count: split.unmatched.length })}</summary>
                {split.unmatched.map((p, i) => (
                  <p key={i} className="muted small">
                    {p}
                  </p>
                ))}
              </details>
            ) : null}
          </div>
        ) : null}
      </section>

      {rows.length === 0 ? (
        <p className="empty">{t("notes.empty")}</p>
      ) : (
        <Form method="post" className="notes-editor" key={generation}>
          <CsrfInput />
          <input type="hidden" name="intent" value="save" />
          {saveError ? (
            <p role="alert" className="field-error">
              {t(saveError.error)}
            </p>
          ) : null}
          {rows.map((r) => {
            const id = `note-${r.pid}`;
            const error = saveError?.fields[`note.${r.pid}`];
            const proposed = split?.notes[r.pid] !== undefined;
            return (
              <div key={r.pid} className={`notes-row kind-${r.kind}${proposed ? " proposed" : ""}`}>
                <label htmlFor={id}>
                  <strong>{r.fieldLabel}</strong>
                  {proposed ? <span className="tag">{t("notes.split.proposed")}</span> : null}
                </label>
                <p className="notes-text" id={`${id}-text`}>
                  {r.label} {r.text}
                </p>
                <textarea
                  id={id}
                  name={`note.${r.pid}`}
                  rows={r.kind === "article" ? 3 : 2}
                  maxLength={5000}
                  defaultValue={valueOf(r.pid, r.note)}
                  aria-describedby={`${id}-text${error ? ` ${id}-error` : ""}`}
                  aria-invalid={error ? true : undefined}
                />
                {error ? (
                  <p id={`${id}-error`} className="field-error">
                    {t(messageKey(error))}
                  </p>
                ) : null}
              </div>
            );
          })}
          <p className="notes-actions">
            <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
              {t("notes.save")}
            </button>
          </p>
        </Form>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
