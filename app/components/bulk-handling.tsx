import { Form, Link, useNavigation } from "react-router";
import { dispositionCodes, type DispositionCode } from "../../db/codes.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";
import {
  SaveOutcomeText,
  StateBadge,
  TemplatePicker,
  type ReasonTemplateChoice,
  type SaveOutcome,
  type WorkState,
} from "./work-state.tsx";

// Bulk handling on the handling view: the rows ticked in the list (their checkboxes belong to
// this form through the `form` attribute) get one disposition and reason. Nothing is saved from
// here: the form asks for a preview first, and the preview's own form, which carries exactly the
// opinions and values previewed, saves them (as drafts, or submitted for review at once).

export const BULK_FORM = "bulk-handling";

/** The panel above the list: the values to apply, a preview, or submitting the ticked drafts. */
export function BulkPanel({
  templates,
  manageHref,
  result,
}: {
  templates: ReasonTemplateChoice[];
  manageHref: string | null;
  result: SaveOutcome | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  return (
    <Form
      method="post"
      id={BULK_FORM}
      className="bulk-panel"
      aria-labelledby="bulk-title"
      preventScrollReset
    >
      <CsrfInput />
      <h2 id="bulk-title">{t("work.bulk.title")}</h2>
      <p className="hint">{t("work.bulk.hint")}</p>
      <div className="disposition-fields">
        <div className="grant-field">
          <label htmlFor="bulk-code">{t("handling.disposition")}</label>
          <select id="bulk-code" name="code" defaultValue="not_adopted">
            {dispositionCodes.map((c) => (
              <option key={c} value={c}>
                {t(`disposition.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <TemplatePicker
          id="bulk-template"
          templates={templates}
          reasonId="bulk-reason"
          codeId="bulk-code"
          manageHref={manageHref}
        />
        <div className="grant-field grow">
          <label htmlFor="bulk-reason">{t("handling.reason")}</label>
          <textarea id="bulk-reason" name="reason" rows={2} maxLength={5000} />
        </div>
      </div>
      <p className="form-buttons">
        <button
          type="submit"
          name="intent"
          value="preview"
          className="button primary small"
          disabled={navigation.state !== "idle"}
        >
          {t("work.bulk.preview")}
        </button>
        <button
          type="submit"
          name="intent"
          value="submit"
          className="button small"
          disabled={navigation.state !== "idle"}
        >
          {t("work.bulk.submit")}
        </button>
        {result ? <SaveOutcomeText result={result} /> : null}
      </p>
    </Form>
  );
}

export interface PreviewRow {
  opinionId: string;
  receipt: string;
  provisionLabel: string | null;
  before: { code: DispositionCode; reason: string; state: WorkState } | null;
  after: { code: DispositionCode; reason: string };
}

export interface BulkPreviewData {
  values: { opinionIds: string[]; code: DispositionCode; reason: string };
  rows: PreviewRow[];
  changing: number;
  unchanged: number;
}

/** Whether saving changes what a row's disposition says (its code or its reason). */
export function changes(row: PreviewRow): boolean {
  return (
    !row.before || row.before.code !== row.after.code || row.before.reason !== row.after.reason
  );
}

/** What the bulk decision would change, row by row, and the form that confirms it. */
export function BulkPreview({
  preview,
  cancelHref,
}: {
  preview: BulkPreviewData;
  cancelHref: string;
}) {
  const { t, label } = useI18n();
  const navigation = useNavigation();
  const { values } = preview;
  const describe = (d: { code: DispositionCode; reason: string }) =>
    d.reason ? `${t(`disposition.${d.code}`)} — ${d.reason}` : t(`disposition.${d.code}`);
  return (
    <section className="bulk-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t("work.preview.title")}</h2>
      <p role="status">
        {t("work.preview.summary", {
          total: preview.rows.length,
          changing: preview.changing,
          unchanged: preview.unchanged,
        })}
      </p>
      <ol className="preview-list">
        {preview.rows.map((row) => {
          const changed = changes(row);
          return (
            <li key={row.opinionId} className={changed ? "changing" : "unchanged"}>
              <strong>
                {row.provisionLabel ? label(row.provisionLabel) : t("handling.group.wholeDraft")}
              </strong>
              <span className="muted"> · {row.receipt}</span>
              <dl className="preview-change">
                <div>
                  <dt>{t("work.preview.before")}</dt>
                  <dd>
                    <StateBadge state={row.before?.state ?? "none"} />{" "}
                    {row.before ? describe(row.before) : null}
                  </dd>
                </div>
                <div>
                  <dt>{t("work.preview.after")}</dt>
                  <dd>{changed ? describe(row.after) : t("work.preview.same")}</dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ol>
      <Form method="post" preventScrollReset>
        <CsrfInput />
        <input type="hidden" name="intent" value="bulk-save" />
        {values.opinionIds.map((id) => (
          <input key={id} type="hidden" name="opinionId" value={id} />
        ))}
        <input type="hidden" name="code" value={values.code} />
        <input type="hidden" name="reason" value={values.reason} />
        <p className="form-buttons">
          <button
            type="submit"
            className="button primary small"
            disabled={navigation.state !== "idle"}
          >
            {t("work.preview.confirm")}
          </button>
          <button
            type="submit"
            name="submit"
            value="1"
            className="button small"
            disabled={navigation.state !== "idle"}
          >
            {t("work.preview.confirmSubmit")}
          </button>
          <Link to={cancelHref} preventScrollReset>
            {t("work.preview.cancel")}
          </Link>
        </p>
      </Form>
    </section>
  );
}
