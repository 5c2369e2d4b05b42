import { data, Form, Link, redirect, useNavigation } from "react-router";
import { listExpertReviewsOfConsultation } from "../../db/queries/experts.ts";
import { isServiceError } from "../../services/errors.ts";
import { createExpertReview, ExpertReviewInput } from "../../services/expert-reviews.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/experts.css";
import type { Route } from "./+types/expert-review-new";

// A consultation's expert reviews (论证会 and 书面咨询 on its reading) and the form that
// creates one; the review's own page then invites the experts.

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation: c } = await requireConsultationDrafter(
    request,
    context,
    params.consultationId,
  );
  const reviews = await listExpertReviewsOfConsultation(context.db, c.id);
  return {
    title: `${requestTranslator(request)("experts.review.newTitle")} · ${c.billTitle}`,
    consultation: {
      id: c.id,
      title: c.title,
      billId: c.billId,
      billTitle: c.billTitle,
      versionLabel: c.versionLabel,
      status: c.status,
    },
    reviews: reviews.map((r) => ({
      ...r,
      when: new Date(r.held_at ?? r.due_at ?? Date.now()).toISOString(),
    })),
  };
}

type ActionData = {
  ok: false;
  message: MessageKey;
  fields: Partial<Record<string, MessageKey>>;
  values: Record<string, string>;
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationDrafter(
    request,
    context,
    params.consultationId,
  );
  const form = await requireCsrf(request, context);
  const values = Object.fromEntries(
    [...form.entries()].filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
  ) as Record<string, string>;
  const parsed = parseForm(ExpertReviewInput, form);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: parsed.errors, values },
      { status: 400 },
    );
  try {
    const id = await createExpertReview(context.db, {
      consultationId: consultation.id,
      values: parsed.data,
      timeZone: context.timeZone,
      userId: user.id,
      organizationIds: drafterOrganizations(user),
      ip: context.clientIp,
    });
    return redirect(`/workspace/expert-reviews/${id}`);
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error, { values });
    throw error;
  }
}

export default function NewExpertReview({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const { consultation: c, reviews } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result?.fields ?? {};
  const values = result?.values ?? {};
  const error = (name: string) =>
    fields[name] ? (
      <p className="field-error" id={`er-${name}-error`}>
        {t(fields[name])}
      </p>
    ) : null;
  const described = (name: string, hint?: string) =>
    [hint ?? "", fields[name] ? `er-${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to={`/bills/${c.billId}`}>{c.billTitle}</Link> /{" "}
        <Link to={`/consultations/${c.id}/manage`}>{c.title}</Link>
      </p>
      <h1>{t("experts.review.listTitle")}</h1>
      <p className="lead">
        {t("experts.review.intro", { version: t(`version.${c.versionLabel}`) })}
      </p>
      <p>
        <Link to="/workspace/experts">{t("experts.registry.title")}</Link> ·{" "}
        <Link to={`/consultations/${c.id}/handling?channel=expert_meeting`}>
          {t("experts.review.inHandling")}
        </Link>
      </p>
      {reviews.length === 0 ? (
        <p className="empty">{t("experts.review.none")}</p>
      ) : (
        <ul className="cards single">
          {reviews.map((r) => (
            <li key={r.id} className="card">
              <h2 className="card-title">
                <Link to={`/workspace/expert-reviews/${r.id}`}>{r.title}</Link>
              </h2>
              <p className="muted">
                {t(`experts.kind.${r.kind}`)} · {dateTime(r.when)} ·{" "}
                {t(`experts.review.status.${r.status}`)} ·{" "}
                {t("experts.review.counts", { invited: r.invited, submitted: r.submitted })}
              </p>
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="er-new-h" className="panel">
        <h2 id="er-new-h">{t("experts.review.newTitle")}</h2>
        {result ? (
          <p className="form-error" role="alert">
            {t(result.message)}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <fieldset className="field">
            <legend>{t("experts.review.kind")}</legend>
            {(["written", "meeting"] as const).map((k) => (
              <label key={k} className="choice">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  defaultChecked={(values.kind ?? "written") === k}
                />{" "}
                {t(`experts.kind.${k}`)}
              </label>
            ))}
            {error("kind")}
          </fieldset>
          <div className="field">
            <label htmlFor="er-title">{t("experts.review.titleField")}</label>
            <input
              id="er-title"
              name="title"
              maxLength={200}
              defaultValue={values.title ?? ""}
              aria-invalid={fields.title ? true : undefined}
              aria-describedby={described("title")}
            />
            {error("title")}
          </div>
          <div className="field">
            <label htmlFor="er-brief">{t("experts.review.brief")}</label>
            <p className="hint" id="er-brief-hint">
              {t("experts.review.briefHint")}
            </p>
            <textarea
              id="er-brief"
              name="brief"
              rows={5}
              maxLength={5000}
              defaultValue={values.brief ?? ""}
              aria-describedby={described("brief", "er-brief-hint")}
            />
            {error("brief")}
          </div>
          <div className="field">
            <label htmlFor="er-due">{t("experts.review.dueAt")}</label>
            <p className="hint" id="er-due-hint">
              {t("experts.review.dueHint")}
            </p>
            <input
              id="er-due"
              name="dueAt"
              type="datetime-local"
              defaultValue={values.dueAt ?? ""}
              aria-invalid={fields.dueAt ? true : undefined}
              aria-describedby={described("dueAt", "er-due-hint")}
            />
            {error("dueAt")}
          </div>
          <div className="field">
            <label htmlFor="er-held">{t("experts.review.heldAt")}</label>
            <p className="hint" id="er-held-hint">
              {t("experts.review.heldHint")}
            </p>
            <input
              id="er-held"
              name="heldAt"
              type="datetime-local"
              defaultValue={values.heldAt ?? ""}
              aria-invalid={fields.heldAt ? true : undefined}
              aria-describedby={described("heldAt", "er-held-hint")}
            />
            {error("heldAt")}
          </div>
          <div className="field">
            <label htmlFor="er-place">{t("experts.review.place")}</label>
            <input
              id="er-place"
              name="place"
              maxLength={200}
              defaultValue={values.place ?? ""}
              aria-describedby={described("place")}
            />
            {error("place")}
          </div>
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("experts.review.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
