import { Form } from "react-router";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";

// The photos and scans of written opinions attached to an activity, on its coordinator's page:
// the list (each file opens through the permission-checked /attachments/:id), and while the
// report is a draft, the upload form and a delete button per file. The forms post as documents
// (reloadDocument), so a file goes up the same way with or without JavaScript.

export interface AttachmentRow {
  id: string;
  file_name: string;
  media_type: string;
  byte_size: number;
  public: boolean;
}

const OUTCOMES: Record<string, { key: MessageKey; ok: boolean }> = {
  saved: { key: "attach.saved", ok: true },
  deleted: { key: "attach.deleted", ok: true },
  "error.noFile": { key: "attach.error.noFile", ok: false },
  "error.type": { key: "attach.error.type", ok: false },
  "error.tooLarge": { key: "attach.error.tooLarge", ok: false },
  "error.tooMany": { key: "attach.error.tooMany", ok: false },
  frozen: { key: "cp.error.frozen", ok: false },
};

/** 1,234,567 bytes → "1.2 MB"; under a megabyte in KB. */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function AttachmentList({ attachments }: { attachments: AttachmentRow[] }) {
  return (
    <ul className="cp-attachments">
      {attachments.map((f) => (
        <li key={f.id}>
          <a href={`/attachments/${f.id}`} target="_blank" rel="noreferrer">
            {f.file_name}
          </a>{" "}
          <span className="muted">{fileSize(f.byte_size)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ActivityAttachments({
  activityId,
  attachments,
  editable,
  outcome,
}: {
  activityId: string;
  attachments: AttachmentRow[];
  editable: boolean;
  /** `?attachment=` after an upload or a delete. */
  outcome: string | null;
}) {
  const { t } = useI18n();
  const said = outcome ? OUTCOMES[outcome] : undefined;
  const action = `/coordinator/activities/${activityId}/attachments`;
  return (
    <section className="panel" id="attachments" aria-labelledby="cp-attach-h">
      <h2 id="cp-attach-h">{t("attach.title")}</h2>
      {said ? (
        <p className={said.ok ? "notice" : "form-error"} role={said.ok ? "status" : "alert"}>
          {t(said.key)}
        </p>
      ) : null}
      {attachments.length === 0 ? <p className="empty">{t("attach.none")}</p> : null}
      <ul className="cp-attachments">
        {attachments.map((f) => (
          <li key={f.id}>
            <a href={`/attachments/${f.id}`} target="_blank" rel="noreferrer">
              {f.file_name}
            </a>{" "}
            <span className="muted">{fileSize(f.byte_size)}</span>
            {f.public ? <span className="tag">{t("attach.publicTag")}</span> : null}
            {editable ? (
              <Form method="post" action={action} reloadDocument className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="attachmentId" value={f.id} />
                <button
                  type="submit"
                  className="link-button danger"
                  aria-label={t("attach.deleteLabel", { name: f.file_name })}
                >
                  {t("attach.delete")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <Form
          method="post"
          action={action}
          encType="multipart/form-data"
          reloadDocument
          className="stack"
        >
          <CsrfInput />
          <input type="hidden" name="intent" value="upload" />
          <p className="hint" id="cp-attach-lead">
            {t("attach.lead")}
          </p>
          <div className="field">
            <label htmlFor="cp-attach-file">{t("attach.file")}</label>
            <input
              id="cp-attach-file"
              name="file"
              type="file"
              required
              accept="image/jpeg,image/png,image/webp,application/pdf"
              aria-describedby="cp-attach-lead"
            />
          </div>
          <label className="cp-check">
            <input type="checkbox" name="public" /> {t("attach.public")}
          </label>
          <button type="submit" className="button">
            {t("attach.upload")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
