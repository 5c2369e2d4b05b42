import { data, Form, Link } from "react-router";
import { respondentTypes } from "../../db/codes.ts";
import {
  getPublishedSurvey,
  listPaperResponses,
  listSurveyQuestions,
} from "../../db/queries/surveys.ts";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import { recordPaperResponse } from "../../services/surveys.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { SurveyQuestionFields } from "../components/survey-form.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { answersFromForm } from "../lib/surveys.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/surveys.css";
import type { Route } from "./+types/coordinator.survey-paper";

// 纸质问卷录入: a coordinator types in the paper questionnaires gathered at their point (a
// 座谈会, a visit, a box at the service hall), one after another. Provenance, the day received and
// the respondent type stay filled in between entries, since a batch usually shares them; the
// answers start empty again, and every entry carries its own idempotency key.

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const t = requestTranslator(request);
  const survey = await getPublishedSurvey(context.db, params.surveyId);
  if (!survey) throw data({ message: t("surveys.notFound") }, { status: 404 });
  const [questions, entered] = await Promise.all([
    listSurveyQuestions(context.db, survey.id),
    listPaperResponses(context.db, survey.id, point.id, 10),
  ]);
  return {
    title: `${t("surveys.paper.title")} · ${survey.title}`,
    point: { id: point.id, name: point.name },
    survey: {
      id: survey.id,
      title: survey.title,
      status: survey.status,
      subject: survey.billTitle ?? survey.projectTitle,
    },
    questions,
    entered: {
      total: entered.total,
      recent: entered.rows.map((r) => ({
        receipt: r.receipt,
        provenance: r.provenance ?? "",
        receivedOn: r.received_on ?? "",
        respondentType: r.respondent_type,
      })),
    },
    today: utcToZonedLocal(new Date(), context.timeZone).slice(0, 10),
    idempotencyKey: crypto.randomUUID(),
  };
}

interface Batch {
  provenance: string;
  receivedOn: string;
  respondentType: string;
}

type ActionData =
  | ({ ok: true; receipt: string; repeat: boolean } & Batch)
  | ({
      ok: false;
      message: MessageKey;
      fields: Partial<Record<string, MessageKey>>;
      values: Record<string, string[]>;
    } & Batch);

export async function action({ request, context, params }: Route.ActionArgs) {
  const { actor } = await requireCoordinator(request, context);
  const form = await requireCsrf(request, context);
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const batch: Batch = {
    provenance: s("provenance"),
    receivedOn: s("receivedOn"),
    respondentType: s("respondentType") || "individual",
  };
  const answers = answersFromForm(form);
  try {
    const receipt = await recordPaperResponse(
      context.db,
      {
        surveyId: params.surveyId,
        key: s("idempotencyKey") || crypto.randomUUID(),
        answers,
        provenance: batch.provenance,
        receivedOn: batch.receivedOn,
        respondentType: batch.respondentType,
        region: s("region"),
      },
      actor,
    );
    return data<ActionData>(
      { ok: true, receipt: receipt.receipt, repeat: !receipt.created, ...batch },
      { status: receipt.created ? 201 : 200 },
    );
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error, { values: answers, ...batch });
    throw error;
  }
}

export default function PaperEntry({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { point, survey, questions, entered, today, idempotencyKey } = loaderData;
  const result = actionData as ActionData | undefined;
  const refused = result && !result.ok ? result : null;
  const fields = refused?.fields ?? {};
  const batch: Batch = result ?? {
    provenance: "",
    receivedOn: today,
    respondentType: "individual",
  };
  const err = (name: string) =>
    fields[name] ? (
      <p className="field-error" id={`pp-${name}-error`}>
        {t(fields[name])}
      </p>
    ) : null;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to="/coordinator">{point.name}</Link> ·{" "}
        <Link to={`/surveys/${survey.id}`}>{survey.title}</Link>
      </p>
      <h1>{t("surveys.paper.title")}</h1>
      <p className="lead">{t("surveys.paper.intro", { point: point.name })}</p>
      <p>{t("surveys.paper.count", { count: entered.total })}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {result.repeat
            ? t("surveys.paper.repeat", { receipt: result.receipt })
            : t("surveys.paper.saved", { receipt: result.receipt })}
        </p>
      ) : null}
      {refused ? (
        <p className="form-error" role="alert">
          {t(refused.message)}
        </p>
      ) : null}
      {/* A new key per saved entry remounts the form: the answers start empty again. */}
      <Form method="post" className="stack survey-form" noValidate key={idempotencyKey}>
        <CsrfInput />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <fieldset className="survey-about">
          <legend>{t("surveys.paper.source")}</legend>
          <div className="field">
            <label htmlFor="pp-provenance">{t("surveys.paper.provenance")}</label>
            <input
              id="pp-provenance"
              name="provenance"
              maxLength={500}
              defaultValue={batch.provenance}
              placeholder={t("surveys.paper.provenanceExample")}
              aria-invalid={fields.provenance ? true : undefined}
              aria-describedby={fields.provenance ? "pp-provenance-error" : undefined}
            />
            {err("provenance")}
          </div>
          <div className="field">
            <label htmlFor="pp-received">{t("surveys.paper.receivedOn")}</label>
            <input
              id="pp-received"
              name="receivedOn"
              type="date"
              defaultValue={batch.receivedOn}
              max={today}
              aria-invalid={fields.receivedOn ? true : undefined}
              aria-describedby={fields.receivedOn ? "pp-receivedOn-error" : undefined}
            />
            {err("receivedOn")}
          </div>
          <div className="field">
            <label htmlFor="pp-type">{t("surveys.answer.respondentType")}</label>
            <select id="pp-type" name="respondentType" defaultValue={batch.respondentType}>
              {respondentTypes.map((r) => (
                <option key={r} value={r}>
                  {t(`respondent.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pp-region">{t("surveys.answer.region")}</label>
            <input id="pp-region" name="region" maxLength={50} />
          </div>
        </fieldset>
        <SurveyQuestionFields
          questions={questions}
          values={refused?.values ?? {}}
          errors={fields}
          enforceRequired={false}
        />
        <button type="submit" className="button primary">
          {t("surveys.paper.save")}
        </button>
      </Form>
      {entered.recent.length ? (
        <section aria-labelledby="pp-recent">
          <h2 id="pp-recent">{t("surveys.paper.recent")}</h2>
          <ul className="paper-recent">
            {entered.recent.map((r) => (
              <li key={r.receipt}>
                <strong>{r.receipt}</strong> · {r.receivedOn} ·{" "}
                {t(`respondent.${r.respondentType}`)} · {r.provenance}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
