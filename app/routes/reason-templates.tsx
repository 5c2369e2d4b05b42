import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { dispositionCodes } from "../../db/codes.ts";
import { listReasonTemplates } from "../../db/queries/disposition-work.ts";
import { isServiceError } from "../../services/errors.ts";
import { deleteReasonTemplate, saveReasonTemplate } from "../../services/reason-templates.ts";
import { requireBillRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, readQuery, textLine, textLines, type FieldErrors } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/workflow-handling.css";
import type { Route } from "./+types/reason-templates";

// A bill's reason templates (常用答复): the reasons its handlers give often, with the disposition
// each goes with, which the handling view's picker fills in. Drafters and reviewers of the bill
// keep them (app/auth/bills.server.ts, capability "templates"); a delete is asked for first, on
// a page state of its own (?delete=id), so it works without scripts.

const TemplateForm = z.object({
  id: z.uuid().optional().catch(undefined),
  title: textLine()
    .trim()
    .min(1, "work.templates.titleRequired")
    .max(100, "work.templates.titleTooLong"),
  body: textLines()
    .trim()
    .min(1, "work.templates.bodyRequired")
    .max(5000, "work.templates.bodyTooLong"),
  code: z.enum(dispositionCodes).or(z.literal("")).catch(""),
});

const TemplatesQuery = z.object({
  edit: z.uuid().optional().catch(undefined),
  delete: z.uuid().optional().catch(undefined),
  saved: z.string().max(100).optional().catch(undefined),
  deleted: z.literal("1").optional().catch(undefined),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireBillRole(request, context, params.billId, "templates");
  const query = readQuery(TemplatesQuery, request);
  const templates = await listReasonTemplates(context.db, bill.id);
  const t = requestTranslator(request);
  return {
    title: `${t("work.templates.title")} · ${bill.title} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    templates: templates.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      code: r.code,
    })),
    editing: query.edit ?? null,
    deleting: query.delete ?? null,
    saved: query.saved ?? null,
    deleted: !!query.deleted,
  };
}

type ActionData = { ok: false; id: string | null; errors: FieldErrors; message?: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillRole(request, context, params.billId, "templates");
  const form = await requireCsrf(request, context);
  const here = `/bills/${bill.id}/reason-templates`;
  try {
    if (form.get("intent") === "delete") {
      const id = z.uuid().safeParse(form.get("id"));
      if (!id.success)
        return data<ActionData>(
          { ok: false, id: null, errors: {}, message: "error.invalidInput" },
          { status: 400 },
        );
      await deleteReasonTemplate(context.db, { billId: bill.id, id: id.data, actorId: user.id });
      return redirect(`${here}?deleted=1`);
    }
    const parsed = parseForm(TemplateForm, form);
    if (!parsed.ok) {
      const id = z.uuid().safeParse(form.get("id"));
      return data<ActionData>(
        { ok: false, id: id.success ? id.data : null, errors: parsed.errors },
        { status: 400 },
      );
    }
    const v = parsed.data;
    await saveReasonTemplate(context.db, {
      billId: bill.id,
      ...(v.id ? { id: v.id } : {}),
      title: v.title,
      body: v.body,
      code: v.code || null,
      actorId: user.id,
    });
    return redirect(`${here}?${new URLSearchParams({ saved: v.title })}`);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return data<ActionData>(
      {
        ok: false,
        id: typeof form.get("id") === "string" ? String(form.get("id")) : null,
        errors: {},
        message: messageKey(error.messageKey, "error.generic"),
      },
      { status: error.status },
    );
  }
}

type Template = Route.ComponentProps["loaderData"]["templates"][number];

/** The form of one template: a new one (no template given) or an edit of one. */
function TemplateEditor({
  template,
  result,
  onCancel,
}: {
  template: Template | null;
  result: ActionData | null;
  onCancel: string | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const key = template?.id ?? "new";
  const errors = result?.errors ?? {};
  const field = (name: "title" | "body" | "code") => `tpl-${key}-${name}`;
  return (
    <Form method="post" className="stack template-form" aria-label={template?.title}>
      <CsrfInput />
      <input type="hidden" name="intent" value="save" />
      {template ? <input type="hidden" name="id" value={template.id} /> : null}
      <div className="field">
        <label htmlFor={field("title")}>{t("work.templates.titleLabel")}</label>
        <input
          id={field("title")}
          name="title"
          maxLength={100}
          required
          defaultValue={template?.title ?? ""}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? `${field("title")}-error` : undefined}
        />
        {errors.title ? (
          <p className="field-error" id={`${field("title")}-error`} role="alert">
            {t(errors.title)}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={field("code")}>{t("work.templates.code")}</label>
        <select id={field("code")} name="code" defaultValue={template?.code ?? ""}>
          <option value="">{t("work.templates.codeNone")}</option>
          {dispositionCodes.map((c) => (
            <option key={c} value={c}>
              {t(`disposition.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field("body")}>{t("work.templates.body")}</label>
        <textarea
          id={field("body")}
          name="body"
          rows={4}
          maxLength={5000}
          required
          defaultValue={template?.body ?? ""}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? `${field("body")}-error` : undefined}
        />
        {errors.body ? (
          <p className="field-error" id={`${field("body")}-error`} role="alert">
            {t(errors.body)}
          </p>
        ) : null}
      </div>
      {result?.message ? (
        <p className="form-error" role="alert">
          {t(result.message)}
        </p>
      ) : null}
      <p>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("work.templates.save")}
        </button>{" "}
        {onCancel ? <Link to={onCancel}>{t("work.preview.cancel")}</Link> : null}
      </p>
    </Form>
  );
}

export default function ReasonTemplates({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { bill, templates, editing, deleting, saved, deleted } = loaderData;
  const result = (actionData as ActionData | undefined) ?? null;
  const here = `/bills/${bill.id}/reason-templates`;
  // A refused save shows its errors in the form it came from.
  const failedId = result ? (result.id ?? "new") : null;
  return (
    <div className="page reason-templates">
      <p className="muted">
        <Link to={`/bills/${bill.id}`}>{bill.title}</Link>
      </p>
      <h1>{t("work.templates.title")}</h1>
      <p className="lead">{t("work.templates.intro")}</p>
      {saved ? (
        <p className="notice" role="status">
          {t("work.templates.saved", { title: saved })}
        </p>
      ) : null}
      {deleted ? (
        <p className="notice" role="status">
          {t("work.templates.deleted")}
        </p>
      ) : null}
      {templates.length === 0 ? <p className="empty">{t("work.templates.empty")}</p> : null}
      <ul className="cards single template-list">
        {templates.map((tpl) => (
          <li key={tpl.id} className="card" id={`template-${tpl.id}`}>
            {editing === tpl.id || failedId === tpl.id ? (
              <TemplateEditor
                template={tpl}
                result={failedId === tpl.id ? result : null}
                onCancel={here}
              />
            ) : (
              <>
                <h2 className="card-title">{tpl.title}</h2>
                <p className="card-tags">
                  <span className="tag">
                    {tpl.code ? t(`disposition.${tpl.code}`) : t("work.templates.code.any")}
                  </span>
                </p>
                <p className="template-body">{tpl.body}</p>
                {deleting === tpl.id ? (
                  <Form method="post" className="confirm-box" replace>
                    <CsrfInput />
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={tpl.id} />
                    <p role="alert">{t("work.templates.deleteAsk", { title: tpl.title })}</p>
                    <button type="submit" className="button danger">
                      {t("work.templates.confirmDelete")}
                    </button>{" "}
                    <Link to={here}>{t("work.preview.cancel")}</Link>
                  </Form>
                ) : (
                  <p className="card-note">
                    <Link to={`${here}?edit=${tpl.id}#template-${tpl.id}`}>
                      {t("work.templates.edit")}
                    </Link>
                    {" · "}
                    <Link to={`${here}?delete=${tpl.id}#template-${tpl.id}`}>
                      {t("work.templates.delete")}
                    </Link>
                  </p>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-template" className="template-new">
        <h2 id="new-template">{t("work.templates.new")}</h2>
        <TemplateEditor
          key={saved ?? "new"}
          template={null}
          result={failedId === "new" ? result : null}
          onCancel={null}
        />
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
