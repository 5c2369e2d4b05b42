import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { versionLabels, type VersionLabel } from "../../db/codes.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { getDraft } from "../../db/queries/drafts.ts";
import { listVersions } from "../../db/queries/versions.ts";
import { addReadingFromFile, publishDraft, ReadingError } from "../../services/readings.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/bill";

const MAX_UPLOAD = 10 * 1024 * 1024;

const PublishSchema = z.object({
  intent: z.literal("publish"),
  label: z.enum(versionLabels),
  note: z.string().max(20000).optional().default(""),
});
const ImportSchema = z.object({
  intent: z.literal("import"),
  label: z.enum(versionLabels),
  note: z.string().max(20000).optional().default(""),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireBillDrafter(request, context, params.billId);
  const [versions, draft] = await Promise.all([
    listVersions(context.db, bill.id),
    getDraft(context.db, bill.id),
  ]);
  return {
    bill,
    versions,
    draft: draft
      ? {
          revision: draft.revision,
          unpublished: draft.revision > draft.published_revision,
          updatedAt: draft.updated_at,
        }
      : null,
  };
}

type ActionResult = { ok: boolean; message: MessageKey; detail?: string };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  const form = await requireCsrf(request, context);
  const fail = (message: MessageKey, detail?: string) =>
    data<ActionResult>({ ok: false, message, detail }, { status: 400 });
  if (form.get("intent") === "publish") {
    const parsed = PublishSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail("error.invalidInput");
    try {
      const versionId = await publishDraft(context.db, {
        billId: bill.id,
        label: parsed.data.label,
        note: parsed.data.note,
        publishedBy: user.id,
      });
      await recordAudit(context.db, {
        actorUserId: user.id,
        action: "version.publish",
        subjectType: "version",
        subjectId: versionId,
        data: { label: parsed.data.label },
        ip: context.clientIp,
      });
      throw redirect(`/bills/${bill.id}/versions/${versionId}`);
    } catch (error) {
      if (error instanceof ReadingError) {
        return error.code === "empty_article"
          ? fail("bill.publish.emptyArticle", error.message)
          : fail("bill.publish.empty");
      }
      throw error;
    }
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
    if (file.size > MAX_UPLOAD) return fail("bill.import.tooLarge");
    try {
      const result = await addReadingFromFile(context.db, {
        billId: bill.id,
        bytes: new Uint8Array(await file.arrayBuffer()),
        filename: file.name,
        label: parsed.data.label as VersionLabel,
        note: parsed.data.note,
        publishedBy: user.id,
      });
      await recordAudit(context.db, {
        actorUserId: user.id,
        action: "version.import",
        subjectType: "version",
        subjectId: result.versionId,
        data: { label: parsed.data.label, file: file.name, unplaced: result.unplaced.length },
        ip: context.clientIp,
      });
      return data<ActionResult & { unplaced: { line: number; text: string }[]; articles: number }>({
        ok: true,
        message: result.draftReplaced ? "bill.import.doneDraft" : "bill.import.done",
        unplaced: result.unplaced,
        articles: result.articles,
      });
    } catch (error) {
      if (error instanceof ReadingError)
        return fail(
          error.code === "empty_document" ? "bill.import.noArticles" : "bill.import.unsupported",
          error.message,
        );
      throw error;
    }
  }
  return fail("error.invalidInput");
}

export default function BillPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date, dateTime } = useI18n();
  const navigation = useNavigation();
  const { bill, versions, draft } = loaderData;
  const busy = navigation.state !== "idle";
  const result = actionData as
    (ActionResult & { unplaced?: { line: number; text: string }[]; articles?: number }) | undefined;
  return (
    <div className="page">
      <p className="muted">
        <Link to="/workspace">{t("workspace.title")}</Link> /{" "}
        {t(`billKind.${bill.kind}` as MessageKey)}
      </p>
      <h1>{bill.title}</h1>
      <p className="muted">{bill.organizationName}</p>
      {result ? (
        <div className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          <p>{t(result.message, { count: result.articles ?? 0, label: result.detail ?? "" })}</p>
          {result.unplaced?.length ? (
            <>
              <p>{t("bill.import.unplaced", { count: result.unplaced.length })}</p>
              <ul>
                {result.unplaced.map((u) => (
                  <li key={u.line}>
                    {t("bill.import.line", { line: u.line })} {u.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {!result.ok && result.detail && result.message !== "bill.publish.emptyArticle" ? (
            <p>{result.detail}</p>
          ) : null}
        </div>
      ) : null}

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
                    {t(`version.${l}` as MessageKey)}
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
        {versions.length === 0 ? <p className="empty">{t("workspace.bill.noVersion")}</p> : null}
        <ol className="version-list">
          {versions.map((v) => (
            <li key={v.id} className="card">
              <span className="tag">{t(`version.${v.label}` as MessageKey)}</span>{" "}
              <Link to={`/bills/${bill.id}/versions/${v.id}`}>{v.title}</Link>
              <p className="card-meta">
                <span>{t("bill.publishedOn", { date: date(v.published_at) })}</span>
                <span>{t("consultation.articles", { count: Number(v.articleCount ?? 0) })}</span>
              </p>
              {v.note ? <p className="muted">{v.note}</p> : null}
              {/* consultations */}
              <p className="version-consultation">
                <Link
                  to={`/bills/${bill.id}/consultations/new?version=${v.id}`}
                  aria-label={t("consultations.openOn", {
                    label: t(`version.${v.label}` as MessageKey),
                  })}
                >
                  {t("consultations.open")}
                </Link>
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
                  {t(`version.${l}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("bill.import.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
