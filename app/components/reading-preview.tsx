import { Form, useNavigation } from "react-router";
import type { VersionLabel } from "../../db/codes.ts";
import type { CompareKind } from "../../editor/compare/align.ts";
import type { ReadingImportJob } from "../../services/reading-imports.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";

// What a drafter sees between uploading a reading and publishing it (issue 15, publishing
// safely): the counts against the latest reading, the comparison's summary and the lines that
// could not be placed, with the one button that publishes. A large swing asks a second time,
// with the reason typed (SwingConfirm); the reason goes into the audit log.

const KINDS: CompareKind[] = [
  "modified",
  "added",
  "deleted",
  "moved",
  "split",
  "merged",
  "unchanged",
];

/** The preview of an import waiting for confirmation, with its confirm and discard buttons. */
export function ImportPreview({ job }: { job: ReadingImportJob }) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const preview = job.preview;
  if (!preview) return null;
  const previous = preview.previous;
  const previousName = previous ? t(`version.${previous.label}`) : "";
  const swing = preview.swing?.large ? preview.swing : null;
  return (
    <section aria-labelledby="preview-heading" className="panel reading-preview">
      <h2 id="preview-heading">{t("publish.preview.title")}</h2>
      <p className="muted">{t("publish.preview.intro")}</p>
      <dl className="preview-facts">
        <div>
          <dt>{t("publish.preview.file")}</dt>
          <dd>{job.file}</dd>
        </div>
        <div>
          <dt>{t("publish.preview.label")}</dt>
          <dd>{t(`version.${job.label}`)}</dd>
        </div>
        {job.note ? (
          <div>
            <dt>{t("bill.note")}</dt>
            <dd>{job.note}</dd>
          </div>
        ) : null}
      </dl>

      <div className="table-wrap">
        <table className="preview-counts">
          <caption>{t("publish.preview.counts")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("publish.preview.item")}</th>
              {previous ? (
                <th scope="col">{t("publish.preview.previous", { label: previousName })}</th>
              ) : null}
              <th scope="col">{t("publish.preview.new")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("publish.preview.articles")}</th>
              {previous ? <td>{previous.articles}</td> : null}
              <td>{preview.articles}</td>
            </tr>
            <tr>
              <th scope="row">{t("publish.preview.chapters")}</th>
              {previous ? <td>{previous.chapters}</td> : null}
              <td>{preview.chapters}</td>
            </tr>
          </tbody>
        </table>
      </div>

      {previous ? (
        <>
          <h3>{t("publish.preview.summary", { label: previousName })}</h3>
          <p className="summary-line preview-summary">
            {KINDS.map((k) => (
              <span key={k} className={`tag kind-${k}`}>
                {t(`compare.kind.${k}`)} {previous.summary[k]}
              </span>
            ))}
          </p>
        </>
      ) : (
        <p>{t("publish.preview.first")}</p>
      )}

      {job.unplaced?.length ? (
        <div className="preview-unplaced">
          <p>{t("bill.import.unplaced", { count: job.unplaced.length })}</p>
          <ul>
            {job.unplaced.map((u) => (
              <li key={u.line}>
                {t("bill.import.line", { line: u.line })} {u.text}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{t("publish.preview.allPlaced")}</p>
      )}

      {swing ? (
        <div className="form-error swing-warning">
          <p>
            <strong>{t("publish.swing.title")}</strong>
          </p>
          <p>
            {t("publish.swing.warning", {
              previous: swing.previousArticles,
              deleted: swing.deleted,
              articles: swing.articles,
            })}
          </p>
        </div>
      ) : null}

      <div className="preview-actions">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="confirm-import" />
          <input type="hidden" name="importKey" value={job.key} />
          <button type="submit" className="button primary" disabled={busy}>
            {t("publish.preview.confirm")}
          </button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="discard-import" />
          <input type="hidden" name="importKey" value={job.key} />
          <button type="submit" className="button" disabled={busy}>
            {t("publish.preview.discard")}
          </button>
        </Form>
      </div>
    </section>
  );
}

/** What the second confirmation of a large swing carries over from the first. */
export type SwingRequest =
  | { intent: "confirm-import"; importKey: string }
  | { intent: "publish"; label: VersionLabel; note: string };

/**
 * The second confirmation of a large swing: the counts again, and the reason, typed, without
 * which the service refuses. Cancelling publishes nothing.
 */
export function SwingConfirm({
  request,
  counts,
  cancelTo,
}: {
  request: SwingRequest;
  counts: { previous: number; deleted: number; articles: number };
  cancelTo: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  return (
    <section aria-labelledby="swing-heading" className="panel swing-confirm">
      <h2 id="swing-heading">{t("publish.swing.title")}</h2>
      <p>{t("publish.swing.warning", counts)}</p>
      <Form method="post" className="stack-form">
        <CsrfInput />
        {Object.entries(request).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label htmlFor="swing-reason">{t("publish.swing.reason")}</label>
        <textarea id="swing-reason" name="swingReason" rows={3} maxLength={2000} required />
        <div className="preview-actions">
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("publish.swing.confirm")}
          </button>
          <a href={cancelTo} className="button">
            {t("publish.swing.cancel")}
          </a>
        </div>
      </Form>
    </section>
  );
}
