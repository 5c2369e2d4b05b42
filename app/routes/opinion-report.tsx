import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { reportCategories } from "../../db/codes.ts";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { findPublishedOpinion, hasReportedOpinion } from "../../db/queries/opinions.ts";
import { isServiceError } from "../../services/errors.ts";
import { reportOpinion } from "../../services/moderation.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import type { AppContext } from "../context.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm, type FieldErrors } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/moderation.css";
import type { Route } from "./+types/opinion-report";

/** Reports per address and per account: 10 an hour. */
export const REPORT_LIMIT = { hits: 10, windowSeconds: 3600 } as const;

async function publishedOpinion(request: Request, ctx: AppContext, id: string) {
  const opinion = /^[0-9a-f-]{36}$/i.test(id) ? await findPublishedOpinion(ctx.db, id) : undefined;
  if (!opinion)
    throw data(
      { message: requestTranslator(request)("moderation.report.notFound") },
      { status: 404 },
    );
  return opinion;
}

/** Anyone may report a published opinion; the form shows it so they know what they report. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const opinion = await publishedOpinion(request, context, params.id);
  const user = await getCurrentUser(request, context);
  const already = user ? await hasReportedOpinion(context.db, opinion.id, user.id) : false;
  const t = requestTranslator(request);
  return {
    title: t("moderation.report.title"),
    already,
    opinion: {
      id: opinion.id,
      body: opinion.body.length > 600 ? `${opinion.body.slice(0, 600)}…` : opinion.body,
      consultationId: opinion.consultation_id,
      provisionLabel: opinion.provisionLabel,
    },
  };
}

const ReportSchema = z
  .object({
    category: z.enum(reportCategories, { message: "moderation.report.categoryRequired" }),
    reason: z.string().trim().max(500, "error.invalidInput").optional().default(""),
  })
  .refine((v) => v.category !== "other" || v.reason !== "", {
    path: ["reason"],
    message: "moderation.report.detailsRequired",
  });

type ActionData =
  { ok: true; already: boolean } | { ok: false; message: MessageKey; fields: FieldErrors };

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const opinion = await publishedOpinion(request, context, params.id);
  const user = await getCurrentUser(request, context);
  if (context.rateLimit) {
    const keys = [`report:ip:${context.clientIp}`, ...(user ? [`report:user:${user.id}`] : [])];
    for (const key of keys) {
      const hit = await hitRateLimit(
        context.db,
        key,
        REPORT_LIMIT.hits,
        REPORT_LIMIT.windowSeconds,
      );
      if (!hit.allowed) {
        return data<ActionData>(
          { ok: false, message: "api.rateLimited", fields: {} },
          { status: 429, headers: { "Retry-After": String(hit.retryAfter) } },
        );
      }
    }
  }
  const parsed = parseForm(ReportSchema, form);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: parsed.errors },
      { status: 400 },
    );
  try {
    const { already } = await reportOpinion(context.db, {
      opinionId: opinion.id,
      category: parsed.data.category,
      reason: parsed.data.reason,
      userId: user?.id ?? null,
      ip: user ? null : context.clientIp,
    });
    return { ok: true, already } satisfies ActionData;
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

export default function ReportOpinion({ loaderData, actionData }: Route.ComponentProps) {
  const { t, label } = useI18n();
  const navigation = useNavigation();
  const { opinion, already } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result && !result.ok ? result.fields : {};
  const back = (
    <p>
      <Link to={`/consultations/${opinion.consultationId}`}>{t("moderation.report.back")}</Link>
    </p>
  );
  if (result?.ok || already) {
    return (
      <div className="page narrow">
        <h1>{t("moderation.report.thanks")}</h1>
        <div className="notice" role="status">
          <p>
            {t(
              result?.ok && !result.already
                ? "moderation.report.received"
                : "moderation.report.already",
            )}
          </p>
        </div>
        {back}
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("moderation.report.title")}</h1>
      <p className="lead">{t("moderation.report.intro")}</p>
      <section className="card report-opinion" aria-labelledby="r-opinion">
        <h2 id="r-opinion" className="small-heading">
          {t("moderation.report.opinion")} ·{" "}
          {opinion.provisionLabel ? label(opinion.provisionLabel) : t("mine.wholeDraft")}
        </h2>
        <p className="opinion-body">{opinion.body}</p>
      </section>
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t(result.message)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <fieldset
          className="report-categories"
          aria-describedby={fields.category ? "r-category-error" : undefined}
        >
          <legend>{t("moderation.report.category")}</legend>
          {reportCategories.map((c) => (
            <div key={c} className="report-choice">
              <input type="radio" id={`r-${c}`} name="category" value={c} required />
              <label htmlFor={`r-${c}`}>{t(`moderation.report.cat.${c}`)}</label>
            </div>
          ))}
          {fields.category ? (
            <p className="field-error" id="r-category-error">
              {t(fields.category)}
            </p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor="r-reason">{t("moderation.report.details")}</label>
          <textarea
            id="r-reason"
            name="reason"
            rows={4}
            maxLength={500}
            aria-invalid={fields.reason ? true : undefined}
            aria-describedby={fields.reason ? "r-reason-error r-reason-hint" : "r-reason-hint"}
          />
          <p className="hint" id="r-reason-hint">
            {t("moderation.report.detailsHint")}
          </p>
          {fields.reason ? (
            <p className="field-error" id="r-reason-error">
              {t(fields.reason)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("moderation.report.submit")}
        </button>
      </Form>
      {back}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
