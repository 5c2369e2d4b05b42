import { useEffect } from "react";
import { data, Form, Link, redirect, useNavigation, useRevalidator } from "react-router";
import { z } from "zod";
import { versionLabels, type VersionLabel } from "../../db/codes.ts";
import { getDraft } from "../../db/queries/drafts.ts";
import { listVersions } from "../../db/queries/versions.ts";
import {
  confirmReadingImport,
  contentKey,
  discardReadingImport,
  readingImportJob,
  startReadingImport,
  type ReadingImportJob,
} from "../../services/reading-imports.ts";
import { isServiceError } from "../../services/errors.ts";
import { publishDraft } from "../../services/readings.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { hasRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { ImportPreview, SwingConfirm, type SwingRequest } from "../components/reading-preview.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/bill";

const isVersionLabel = (value: string): value is VersionLabel =>
  (versionLabels as readonly string[]).includes(value);

const PublishSchema = z.object({
  intent: z.literal("publish"),
  label: z.enum(versionLabels),
  note: textLines().max(20000).optional().default(""),
  // Typed in the second confirmation of a large swing (services/reading-checks.ts).
  swingReason: z.string().max(2000).optional(),
});
const ImportKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/);
// The previewed import the drafter publishes (with a swing's reason) or discards.
const ConfirmSchema = z.object({
  intent: z.literal("confirm-import"),
  importKey: ImportKey,
  swingReason: z.string().max(2000).optional(),
});
const DiscardSchema = z.object({ intent: z.literal("discard-import"), importKey: ImportKey });
const ImportSchema = z.object({
  intent: z.literal("import"),
  label: z.enum(versionLabels),
  note: textLines().max(20000).optional().default(""),
  // One key per rendering of the form: submitting it twice finds the first import's job.
  importKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/)
    .optional(),
});
// The import the page follows; a malformed key is no job (the page shows none), as before.
const BillQuery = z.object({
  import: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  const query = readQuery(BillQuery, request);
  const [versions, draft, importJob] = await Promise.all([
    listVersions(context.db, bill.id),
    getDraft(context.db, bill.id),
    query.import ? readingImportJob(context.db, bill.id, query.import) : null,
  ]);
  return {
    title: `${bill.title} · ${requestTranslator(request)("app.name")}`,
    bill,
    versions,
    importJob,
    importKey: globalThis.crypto.randomUUID(),
    // Its administrators grant the handling team's roles (bill-team.tsx).
    teamLink: hasRole(user, ["admin"], bill.organization_id) ? `/bills/${bill.id}/team` : null,
    draft: draft
      ? {
          revision: draft.revision,
          unpublished: draft.revision > draft.published_revision,
          updatedAt: draft.updated_at,
        }
      : null,
  };
}

type ActionResult = {
  ok: boolean;
  message: MessageKey;
  detail?: string;
  params?: Record<string, string | number>;
  /** A large swing refused for want of a reason: the second confirmation to show. */
  swing?: {
    request: SwingRequest;
    counts: { previous: number; deleted: number; articles: number };
  };
};

/** The counts a swing refusal names, for the second confirmation. */
function swingCounts(params: Record<string, string | number>) {
  return {
    previous: Number(params.previous ?? 0),
    deleted: Number(params.deleted ?? 0),
    articles: Number(params.articles ?? 0),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  const form = await requireCsrf(request, context);
  const fail = (message: MessageKey, detail?: string, status = 400) =>
    data<ActionResult>({ ok: false, message, detail }, { status });
  const t = requestTranslator(request);
  // A refusal of publishing safely (identical text, a swing without its reason), as the page
  // shows it; the swing's refusal carries the second confirmation.
  const publishingRefusal = (
    error: { messageKey: string; params: Record<string, string | number>; status: number },
    request: SwingRequest,
  ) => {
    if (error.messageKey === "bill.publish.identical") {
      const label = String(error.params.label);
      return data<ActionResult>(
        {
          ok: false,
          message: "bill.publish.identical",
          params: { label: isVersionLabel(label) ? t(`version.${label}`) : label },
        },
        { status: error.status },
      );
    }
    if (error.messageKey === "bill.publish.swingReason")
      return data<ActionResult>(
        {
          ok: false,
          message: "bill.publish.swingReason",
          params: error.params,
          swing: { request, counts: swingCounts(error.params) },
        },
        { status: error.status },
      );
    return null;
  };
  if (form.get("intent") === "publish") {
    const parsed = PublishSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail("error.invalidInput");
    try {
      const versionId = await publishDraft(context.db, {
        billId: bill.id,
        label: parsed.data.label,
        note: parsed.data.note,
        publishedBy: user.id,
        ip: context.clientIp,
        swingReason: parsed.data.swingReason,
      });
      throw redirect(`/bills/${bill.id}/versions/${versionId}`);
    } catch (error) {
      if (isServiceError(error)) {
        const refused = publishingRefusal(error, {
          intent: "publish",
          label: parsed.data.label,
          note: parsed.data.note,
        });
        if (refused) return refused;
        return error.messageKey === "bill.publish.emptyArticle"
          ? fail("bill.publish.emptyArticle", String(error.params.label))
          : fail("bill.publish.empty");
      }
      throw error;
    }
  }
  if (form.get("intent") === "confirm-import") {
    const parsed = ConfirmSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail("error.invalidInput");
    const { importKey } = parsed.data;
    try {
      await confirmReadingImport(context.db, {
        billId: bill.id,
        key: importKey,
        userId: user.id,
        ip: context.clientIp,
        swingReason: parsed.data.swingReason,
      });
      // The bill page follows the job: it now says the reading is published, with its link.
      return redirect(`/bills/${bill.id}?import=${encodeURIComponent(importKey)}`);
    } catch (error) {
      if (!isServiceError(error)) throw error;
      const refused = publishingRefusal(error, { intent: "confirm-import", importKey });
      if (refused) return refused;
      return data<ActionResult>(
        { ok: false, message: messageKey(error.messageKey), params: error.params },
        { status: error.status },
      );
    }
  }
  if (form.get("intent") === "discard-import") {
    const parsed = DiscardSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail("error.invalidInput");
    try {
      await discardReadingImport(context.db, { billId: bill.id, key: parsed.data.importKey });
    } catch (error) {
      if (!isServiceError(error)) throw error;
      return data<ActionResult>(
        { ok: false, message: messageKey(error.messageKey) },
        { status: error.status },
      );
    }
    return redirect(`/bills/${bill.id}?import=${encodeURIComponent(parsed.data.importKey)}`);
  }
  if (form.get("intent") === "import") {
    const parsed = ImportSchema.safeParse(
      Object.fromEntries([...form].filter(([, v]) => typeof v === "string")),
    );
    const upload = form.get("file");
    const pasted = form.get("text");
    if (!parsed.success) return fail("error.invalidInput");
    // A file, or text pasted into the form (read as a .txt file would be).
    const file =
      upload instanceof File && upload.size > 0
        ? upload
        : typeof pasted === "string" && pasted.trim() !== ""
          ? new File([pasted], "pasted.txt", { type: "text/plain" })
          : null;
    if (!file) return fail("bill.import.noFile");
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Without a key from the form (an old page, a script), the content is the key: the same
    // file with the same label and note is the same import.
    const key = parsed.data.importKey ?? contentKey(bytes, parsed.data.label, parsed.data.note);
    try {
      // The import runs as a job the page polls; the reading appears when it is done.
      await startReadingImport(context.db, {
        billId: bill.id,
        key,
        bytes,
        filename: file.name,
        label: parsed.data.label as VersionLabel,
        note: parsed.data.note,
        userId: user.id,
        ip: context.clientIp,
      });
      return redirect(`/bills/${bill.id}?import=${encodeURIComponent(key)}`);
    } catch (error) {
      if (isServiceError(error))
        return data<ActionResult>(
          { ok: false, message: messageKey(error.messageKey), params: error.params },
          { status: error.status },
        );
      throw error;
    }
  }
  return fail("error.invalidInput");
}

export default function BillPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date, dateTime } = useI18n();
  const navigation = useNavigation();
  const { bill, versions, draft, importJob, importKey, teamLink } = loaderData;
  const busy = navigation.state !== "idle";
  const revalidator = useRevalidator();
  const importRunning = importJob?.state === "running";
  // While an import runs, the page asks again every second; the job row says how far it got.
  useEffect(() => {
    if (!importRunning) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") void revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [importRunning, revalidator]);
  const result = actionData as
    (ActionResult & { unplaced?: { line: number; text: string }[]; articles?: number }) | undefined;
  // A preview waiting for confirmation, or a swing's second confirmation, is all the page
  // shows: nothing else to click while a publication is being decided.
  const deciding = importJob?.state === "preview" || !!result?.swing;
  return (
    <div className="page">
      <p className="muted">
        <Link to="/workspace">{t("workspace.title")}</Link> / {t(`billKind.${bill.kind}`)}
      </p>
      <h1>{bill.title}</h1>
      <p className="muted">
        {bill.organizationName}
        {versions.length > 0 ? (
          <>
            {" · "}
            <Link to={`/bills/${bill.id}/timeline`}>{t("timeline.linkLong")}</Link>
          </>
        ) : null}
      </p>
      {teamLink ? (
        <p>
          <Link to={teamLink}>{t("team.link")}</Link>
        </p>
      ) : null}
      {result && !result.swing ? (
        <div className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          <p>
            {t(result.message, {
              count: result.articles ?? 0,
              label: result.detail ?? "",
              ...result.params,
            })}
          </p>
          <UnplacedLines lines={result.unplaced} />
          {!result.ok && result.detail && result.message !== "bill.publish.emptyArticle" ? (
            <p>{result.detail}</p>
          ) : null}
        </div>
      ) : null}

      {result?.swing ? (
        <SwingConfirm
          request={result.swing.request}
          counts={result.swing.counts}
          cancelTo={
            result.swing.request.intent === "confirm-import"
              ? `/bills/${bill.id}?import=${encodeURIComponent(result.swing.request.importKey)}`
              : `/bills/${bill.id}`
          }
        />
      ) : importJob?.state === "preview" ? (
        <ImportPreview job={importJob} />
      ) : importJob ? (
        <ImportJobNotice billId={bill.id} job={importJob} />
      ) : null}

      {deciding ? null : (
        <>
          <section aria-labelledby="draft-heading" className="panel">
            <h2 id="draft-heading">{t("bill.draft")}</h2>
            {draft ? (
              <p>
                {t("workspace.bill.revision", { revision: draft.revision })} ·{" "}
                {dateTime(draft.updatedAt)} ·{" "}
                {draft.unpublished ? (
                  <strong>{t("bill.draft.unpublished")}</strong>
                ) : (
                  t("bill.draft.clean")
                )}
              </p>
            ) : null}
            <p>
              <Link to={`/bills/${bill.id}/edit`} className="button primary">
                {t("bill.edit")}
              </Link>{" "}
              {/* issue 15: the bill's reason templates (常用答复) */}
              <Link to={`/bills/${bill.id}/reason-templates`} className="button">
                {t("work.templates.title")}
              </Link>
            </p>
            <Form method="post" className="inline-fields">
              <CsrfInput />
              <input type="hidden" name="intent" value="publish" />
              <div className="grant-field">
                <label htmlFor="publish-label">{t("bill.publish.label")}</label>
                <select id="publish-label" name="label" defaultValue="first_reading">
                  {versionLabels
                    .filter((l) => l !== "current_law")
                    .map((l) => (
                      <option key={l} value={l}>
                        {t(`version.${l}`)}
                      </option>
                    ))}
                </select>
              </div>
              <div className="grant-field grow">
                <label htmlFor="publish-note">{t("bill.publish.note")}</label>
                <input id="publish-note" name="note" maxLength={20000} />
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t("bill.publish.submit")}
              </button>
            </Form>
          </section>

          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading">{t("bill.readings")}</h2>
            {versions.length > 1 ? (
              <p>
                <Link to={`/bills/${bill.id}/compare`}>{t("compare.open")}</Link>
              </p>
            ) : null}
            {versions.length === 0 ? (
              <p className="empty">{t("workspace.bill.noVersion")}</p>
            ) : null}
            <ol className="version-list">
              {versions.map((v) => (
                <li key={v.id} className="card">
                  <span className="tag">{t(`version.${v.label}`)}</span>{" "}
                  <Link to={`/bills/${bill.id}/versions/${v.id}`}>{v.title}</Link>
                  <p className="card-meta">
                    <span>{t("bill.publishedOn", { date: date(v.published_at) })}</span>
                    <span>
                      {t("consultation.articles", { count: Number(v.articleCount ?? 0) })}
                    </span>
                  </p>
                  {v.note ? <p className="muted">{v.note}</p> : null}
                  {/* consultations */}
                  <p className="version-consultation">
                    <Link
                      to={`/bills/${bill.id}/consultations/new?version=${v.id}`}
                      aria-label={t("consultations.openOn", {
                        label: t(`version.${v.label}`),
                      })}
                    >
                      {t("consultations.open")}
                    </Link>
                    {/* the amendment decision: a reading against the law in force */}
                    {v.label !== "current_law" &&
                    versions.some((o) => o.label === "current_law") ? (
                      <>
                        {" · "}
                        <Link
                          to={`/bills/${bill.id}/versions/${v.id}/decision`}
                          aria-label={t("decision.openFor", { label: t(`version.${v.label}`) })}
                        >
                          {t("decision.open")}
                        </Link>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="import-heading" className="panel">
            <h2 id="import-heading">{t("bill.import.title")}</h2>
            <p className="muted">{t("bill.import.hint")}</p>
            <Form method="post" encType="multipart/form-data" className="inline-fields">
              <CsrfInput />
              <input type="hidden" name="intent" value="import" />
              <input type="hidden" name="importKey" value={importKey} />
              <div className="grant-field grow">
                <label htmlFor="import-file">{t("bill.import.file")}</label>
                <input
                  id="import-file"
                  name="file"
                  type="file"
                  accept=".docx,.txt,.md,text/plain,text/markdown"
                />
              </div>
              <div className="grant-field full">
                <label htmlFor="import-text">{t("bill.import.paste")}</label>
                <textarea id="import-text" name="text" rows={4} maxLength={2_000_000} />
              </div>
              <div className="grant-field">
                <label htmlFor="import-label">{t("bill.publish.label")}</label>
                <select id="import-label" name="label" defaultValue="first_reading">
                  {versionLabels.map((l) => (
                    <option key={l} value={l}>
                      {t(`version.${l}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button" disabled={busy || importRunning}>
                {t("bill.import.submit")}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];

/** The state of the import the page was sent to (?import=KEY): running, done or failed. */
function ImportJobNotice({ billId, job }: { billId: string; job: ReadingImportJob }) {
  const { t } = useI18n();
  if (job.state === "running")
    return (
      <div className="notice" role="status" aria-live="polite">
        <p>
          {t("bill.import.job.running", {
            file: job.file,
            stage: t(`bill.import.job.${job.stage}`),
          })}
        </p>
        <p>
          <a href={`/bills/${billId}?import=${encodeURIComponent(job.key)}`}>
            {t("bill.import.job.refresh")}
          </a>
        </p>
      </div>
    );
  if (job.state === "failed") {
    // An identical reading's refusal names the reading by its label's code.
    const detail = job.error?.detail ?? "";
    return (
      <div className="form-error" role="alert">
        <p>{t("bill.import.job.failed", { file: job.file })}</p>
        <p>
          {t(messageKey(job.error?.message, "error.generic"), {
            label: isVersionLabel(detail) ? t(`version.${detail}`) : detail,
          })}
        </p>
      </div>
    );
  }
  if (job.state === "discarded")
    return (
      <div className="notice" role="status">
        <p>{t("bill.import.discarded", { file: job.file })}</p>
      </div>
    );
  return (
    <div className="notice" role="status">
      <p>
        {t(job.draftReplaced ? "bill.import.doneDraft" : "bill.import.done", {
          count: job.articles ?? 0,
        })}{" "}
        {job.versionId ? (
          <Link to={`/bills/${billId}/versions/${job.versionId}`}>{t("bill.import.job.open")}</Link>
        ) : null}
      </p>
      <UnplacedLines lines={job.unplaced} />
    </div>
  );
}

/** The lines of an imported file the importer could not place, for the drafter to check. */
function UnplacedLines({ lines }: { lines: { line: number; text: string }[] | undefined }) {
  const { t } = useI18n();
  if (!lines?.length) return null;
  return (
    <>
      <p>{t("bill.import.unplaced", { count: lines.length })}</p>
      <ul>
        {lines.map((u) => (
          <li key={u.line}>
            {t("bill.import.line", { line: u.line })} {u.text}
          </li>
        ))}
      </ul>
    </>
  );
}
