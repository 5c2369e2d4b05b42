import { useEffect, useRef } from "react";
import { data, Form, Link, useNavigation } from "react-router";
import { respondentTypes } from "../../db/codes.ts";
import { coordinatorPointId } from "../../db/queries/contact-points.ts";
import { findOwnSurveyResponse, getPublicSurveyWithQuestions } from "../../db/queries/surveys.ts";
import { isServiceError } from "../../services/errors.ts";
import { submitResponse } from "../../services/surveys.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { SurveyQuestionFields } from "../components/survey-form.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { answersFromForm, refundSurveyRateLimit, surveyRateLimit } from "../lib/surveys.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/surveys.css";
import type { Route } from "./+types/survey";

/** A published survey, its questions (article questions with their provision) and the form. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const found = await getPublicSurveyWithQuestions(context.db, params.surveyId);
  if (!found) throw data({ message: t("surveys.notFound") }, { status: 404 });
  const { survey, questions } = found;
  const user = await getCurrentUser(request, context);
  const own =
    user && survey.one_per_person
      ? await findOwnSurveyResponse(context.db, survey.id, user.id)
      : undefined;
  return {
    title: survey.title,
    survey: {
      id: survey.id,
      title: survey.title,
      description: survey.description,
      purpose: survey.purpose,
      subject: survey.billTitle ?? survey.projectTitle,
      billId: survey.bill_id,
      versionId: survey.version_id,
      versionTitle: survey.versionTitle,
      versionLabel: survey.versionLabel,
      organizationName: survey.organizationName,
      opensAt: new Date(survey.opens_at).toISOString(),
      closesAt: new Date(survey.closes_at).toISOString(),
      audience: survey.audience,
      onePerPerson: survey.one_per_person,
      status: survey.status,
      results: survey.results_published_at !== null,
    },
    questions,
    signedIn: !!user,
    answered: own ? { receipt: own.receipt, at: new Date(own.created_at).toISOString() } : null,
    coordinator: !!(user && coordinatorPointId(user)),
    // A fresh key per form: pressing submit twice (or reloading the answer) cannot answer twice.
    idempotencyKey: crypto.randomUUID(),
  };
}

type ActionData =
  | { ok: true; receipt: string; repeat: boolean }
  | {
      ok: false;
      message: MessageKey;
      fields: Partial<Record<string, MessageKey>>;
      values?: Record<string, string[]>;
    };

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const user = await getCurrentUser(request, context);
  const answers = answersFromForm(form);
  const wait = await surveyRateLimit(context, user?.id ?? null);
  if (wait !== null)
    return data<ActionData>(
      { ok: false, message: "api.rateLimited", fields: {}, values: answers },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const str = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  try {
    const receipt = await submitResponse(context.db, {
      surveyId: params.surveyId,
      key: str("idempotencyKey") ?? crypto.randomUUID(),
      answers,
      respondentType: str("respondentType"),
      region: str("region"),
      userId: user?.id ?? null,
    });
    if (!receipt.created) await refundSurveyRateLimit(context, user?.id ?? null);
    return data<ActionData>(
      { ok: true, receipt: receipt.receipt, repeat: !receipt.created },
      { status: receipt.created ? 201 : 200 },
    );
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error, { values: answers });
    throw error;
  }
}

function Receipt({ receipt, repeat }: { receipt: string; repeat?: boolean }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus goes to the receipt, so a screen reader hears the answer was taken.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="notice survey-receipt" aria-labelledby="survey-receipt-title">
      <h2 id="survey-receipt-title" tabIndex={-1} ref={heading}>
        {t("surveys.receipt.title")}
      </h2>
      <p role="status">{repeat ? t("surveys.receipt.repeat") : t("surveys.receipt.thanks")}</p>
      <dl className="receipt">
        <dt>{t("surveys.receipt.number")}</dt>
        <dd>{receipt}</dd>
      </dl>
    </section>
  );
}

export default function SurveyPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date, dateTime } = useI18n();
  const navigation = useNavigation();
  const { survey, questions, signedIn, answered, coordinator, idempotencyKey } = loaderData;
  const result = actionData as ActionData | undefined;
  const refused = result && !result.ok ? result : null;
  const mustSignIn = survey.audience === "signed_in" && !signedIn;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to="/surveys">{t("surveys.title")}</Link>
      </p>
      <h1>{survey.title}</h1>
      <p className="muted">
        {t(`surveys.purpose.${survey.purpose}`)}
        {survey.subject ? ` · ${survey.subject}` : ""} · {survey.organizationName}
      </p>
      <p className="muted">
        <span className={`tag survey-status-${survey.status}`}>
          {t(`surveys.status.${survey.status}`)}
        </span>{" "}
        {t("surveys.period", { from: date(survey.opensAt), to: date(survey.closesAt) })}
      </p>
      {survey.description ? <p className="survey-description">{survey.description}</p> : null}
      {survey.versionTitle && survey.versionLabel && survey.billId && survey.versionId ? (
        <p>
          {t("surveys.answer.onVersion")}{" "}
          <Link to={`/bills/${survey.billId}/versions/${survey.versionId}`}>
            {t(`version.${survey.versionLabel}`)}：{survey.versionTitle}
          </Link>
        </p>
      ) : null}
      {survey.results ? (
        <p>
          <Link to={`/surveys/${survey.id}/results`}>{t("surveys.resultsLink")}</Link>
        </p>
      ) : null}
      {coordinator && survey.status !== "upcoming" ? (
        <p>
          <Link to={`/coordinator/surveys/${survey.id}/paper`}>{t("surveys.paper.link")}</Link>
        </p>
      ) : null}
      {result?.ok ? (
        <Receipt receipt={result.receipt} repeat={result.repeat} />
      ) : answered ? (
        <section className="notice" aria-labelledby="survey-answered">
          <h2 id="survey-answered">{t("surveys.answer.already")}</h2>
          <p>
            {t("surveys.answer.alreadyAt", {
              date: dateTime(answered.at),
              receipt: answered.receipt,
            })}
          </p>
        </section>
      ) : survey.status !== "open" ? (
        <p className="notice">
          {survey.status === "upcoming" ? t("surveys.error.notOpenYet") : t("surveys.error.closed")}
        </p>
      ) : mustSignIn ? (
        <p className="notice">
          {t("surveys.answer.signInFirst")}{" "}
          <Link to={`/login?next=${encodeURIComponent(`/surveys/${survey.id}`)}`}>
            {t("nav.signIn")}
          </Link>
        </p>
      ) : (
        <Form method="post" className="stack survey-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          {survey.onePerPerson || (survey.audience === "anyone" && !signedIn) ? (
            <p className="muted">
              {survey.onePerPerson
                ? t("surveys.answer.oncePerPerson")
                : t("surveys.answer.anonymous")}
            </p>
          ) : null}
          {refused ? (
            <p className="form-error" role="alert">
              {t(refused.message)}
            </p>
          ) : null}
          <SurveyQuestionFields
            questions={questions}
            values={refused?.values ?? {}}
            errors={refused?.fields ?? {}}
          />
          <fieldset className="survey-about">
            <legend>{t("surveys.answer.about")}</legend>
            <div className="field">
              <label htmlFor="sv-type">{t("surveys.answer.respondentType")}</label>
              <select id="sv-type" name="respondentType" defaultValue="individual">
                {respondentTypes.map((r) => (
                  <option key={r} value={r}>
                    {t(`respondent.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="sv-region">{t("surveys.answer.region")}</label>
              <input id="sv-region" name="region" maxLength={50} autoComplete="address-level2" />
            </div>
          </fieldset>
          <button
            type="submit"
            className="button primary"
            disabled={navigation.state === "submitting"}
          >
            {t("surveys.answer.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
