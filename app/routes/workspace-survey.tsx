import { data, Form, Link } from "react-router";
import { surveyQuestionKinds } from "../../db/codes.ts";
import {
  countSurveyResponses,
  getSurveyWithQuestions,
  listSurveyProvisions,
  listSurveyTargets,
  type SurveyQuestionView,
} from "../../db/queries/surveys.ts";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { isServiceError, ServiceError } from "../../services/errors.ts";
import {
  addQuestion,
  deleteQuestion,
  moveQuestion,
  publishSurvey,
  updateQuestion,
  updateSurvey,
  type DrafterActor,
  type QuestionInput,
} from "../../services/surveys.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { SurveySettingsFields } from "../components/survey-settings.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { formRefusal } from "../lib/errors.ts";
import { settingsFromForm } from "../lib/survey-fields.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/surveys.css";
import type { Route } from "./+types/workspace-survey";

// The survey builder (问卷设计): the settings, the questions (add, edit, reorder, delete; options,
// conditions, the article an article question asks about) and publication. Every form works
// without JavaScript; the service refuses what breaks the survey's rules.

/** The survey of a drafter's legislature, or 404 / 403. */
async function drafterSurvey(request: Request, context: Route.LoaderArgs["context"], id: string) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const t = requestTranslator(request);
  const found = await getSurveyWithQuestions(context.db, id);
  if (!found) throw data({ message: t("surveys.notFound") }, { status: 404 });
  const organizationIds = drafterOrganizations(user);
  if (!organizationIds.includes(found.survey.organization_id))
    throw data({ message: t("error.forbidden") }, { status: 403 });
  const actor: DrafterActor = { userId: user.id, organizationIds, ip: context.clientIp };
  return { ...found, actor };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { survey, questions } = await drafterSurvey(request, context, params.surveyId);
  const [provisions, targets, responses] = await Promise.all([
    survey.version_id ? listSurveyProvisions(context.db, survey.version_id) : [],
    listSurveyTargets(context.db, [survey.organization_id]),
    countSurveyResponses(context.db, survey.id),
  ]);
  const billId =
    survey.bill_id ?? targets.projects.find((p) => p.id === survey.project_id)?.bill_id;
  const bill = targets.bills.find((b) => b.id === billId);
  return {
    title: survey.title,
    survey: {
      id: survey.id,
      title: survey.title,
      purpose: survey.purpose,
      subject: survey.billTitle ?? survey.projectTitle,
      versionTitle: survey.versionTitle,
      status: survey.status,
      published: survey.published_at !== null,
      settings: {
        title: survey.title,
        description: survey.description,
        purpose: survey.purpose,
        versionId: survey.version_id,
        opensAt: utcToZonedLocal(survey.opens_at, context.timeZone),
        closesAt: utcToZonedLocal(survey.closes_at, context.timeZone),
        audience: survey.audience,
        onePerPerson: survey.one_per_person,
      },
    },
    versionGroups: bill ? [{ label: bill.title, versions: bill.versions }] : [],
    questions,
    provisions: provisions.map((p) => ({
      pid: p.pid,
      label: p.label,
      kind: p.kind,
      excerpt: p.text.length > 40 ? `${p.text.slice(0, 40)}…` : p.text,
    })),
    responses,
  };
}

type ActionData =
  | { ok: true; message: MessageKey }
  | {
      ok: false;
      intent: string;
      questionId?: string;
      message: MessageKey;
      fields: Partial<Record<string, MessageKey>>;
    };

const int = (v: FormDataEntryValue | null) => {
  const s = typeof v === "string" ? v.trim() : "";
  return s === "" || !/^-?\d+$/.test(s) ? null : Number(s);
};
const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

/** A question from the builder's form: kept options by id (blank drops one), new ones by line. */
function questionFromForm(form: FormData, existing: SurveyQuestionView | undefined): QuestionInput {
  const kept = (existing?.options ?? [])
    .map((o) => ({ id: o.id, label: str(form.get(`option-${o.id}`)).trim() }))
    .filter((o) => o.label !== "");
  const added = str(form.get("newOptions"))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((label) => ({ label }));
  const conditions = form.getAll("showIf").map(str).filter(Boolean);
  const sources = [...new Set(conditions.map((c) => c.split(":")[0]!))];
  if (sources.length > 1)
    throw new ServiceError("invalid", "surveys.error.oneSource", {
      showIf: "surveys.error.oneSource",
    });
  const kind = str(form.get("kind"));
  return {
    kind: (surveyQuestionKinds as readonly string[]).includes(kind)
      ? (kind as QuestionInput["kind"])
      : ("" as QuestionInput["kind"]),
    prompt: str(form.get("prompt")),
    help: str(form.get("help")),
    required: form.get("required") === "yes",
    options: [...kept, ...added],
    scaleMin: int(form.get("scaleMin")),
    scaleMax: int(form.get("scaleMax")),
    scaleMinLabel: str(form.get("scaleMinLabel")),
    scaleMaxLabel: str(form.get("scaleMaxLabel")),
    provisionPid: str(form.get("provisionPid")) || null,
    showIf: sources.length
      ? { questionId: sources[0]!, optionIds: conditions.map((c) => c.split(":")[1] ?? "") }
      : null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { survey, questions, actor } = await drafterSurvey(request, context, params.surveyId);
  const form = await requireCsrf(request, context);
  const intent = str(form.get("intent"));
  const questionId = str(form.get("questionId"));
  try {
    switch (intent) {
      case "settings": {
        // A published survey's terms are fixed and their fields disabled (they post nothing).
        if (survey.published_at) {
          form.set("purpose", survey.purpose);
          form.set("audience", survey.audience);
        }
        const settings = settingsFromForm(form, context.timeZone);
        if (!settings.ok)
          return data<ActionData>(
            { ok: false, intent, message: "error.invalidInput", fields: settings.fields },
            { status: 400 },
          );
        // The stored terms stand in for the disabled fields (the service refuses any change).
        const fields = survey.published_at
          ? {
              ...settings.fields,
              purpose: survey.purpose,
              versionId: survey.version_id,
              opensAt: new Date(survey.opens_at),
              audience: survey.audience,
              onePerPerson: survey.one_per_person,
            }
          : settings.fields;
        await updateSurvey(context.db, { surveyId: survey.id, ...fields }, actor);
        return { ok: true, message: "surveys.saved.settings" } satisfies ActionData;
      }
      case "add":
        await addQuestion(
          context.db,
          { surveyId: survey.id, question: questionFromForm(form, undefined) },
          actor,
        );
        return { ok: true, message: "surveys.saved.added" } satisfies ActionData;
      case "edit":
        await updateQuestion(
          context.db,
          {
            surveyId: survey.id,
            questionId,
            question: questionFromForm(
              form,
              questions.find((q) => q.id === questionId),
            ),
          },
          actor,
        );
        return { ok: true, message: "surveys.saved.edited" } satisfies ActionData;
      case "up":
      case "down":
        await moveQuestion(
          context.db,
          { surveyId: survey.id, questionId, direction: intent },
          actor,
        );
        return { ok: true, message: "surveys.saved.moved" } satisfies ActionData;
      case "delete":
        await deleteQuestion(context.db, { surveyId: survey.id, questionId }, actor);
        return { ok: true, message: "surveys.saved.deleted" } satisfies ActionData;
      case "publish":
        await publishSurvey(context.db, { surveyId: survey.id }, actor);
        return { ok: true, message: "surveys.saved.published" } satisfies ActionData;
      default:
        return data<ActionData>(
          { ok: false, intent, message: "error.invalidInput", fields: {} },
          { status: 400 },
        );
    }
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error, { intent, questionId });
    throw error;
  }
}

type Loaded = Route.ComponentProps["loaderData"];

/** The form of one question: new (no `question`) or an edit of one. */
function QuestionEditor({
  question,
  earlier,
  provisions,
  errors,
  hasVersion,
}: {
  question?: SurveyQuestionView;
  earlier: SurveyQuestionView[];
  provisions: Loaded["provisions"];
  errors: Partial<Record<string, MessageKey>>;
  hasVersion: boolean;
}) {
  const { t } = useI18n();
  const p = question ? `qe-${question.id}` : "qe-new";
  const err = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${p}-${name}-error`}>
        {t(errors[name])}
      </p>
    ) : null;
  const choiceSources = earlier.filter((q) => q.kind === "single" || q.kind === "multiple");
  return (
    <Form method="post" className="stack question-editor" noValidate>
      <CsrfInput />
      <input type="hidden" name="intent" value={question ? "edit" : "add"} />
      {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
      <div className="field">
        <label htmlFor={`${p}-kind`}>{t("surveys.q.kind")}</label>
        <select id={`${p}-kind`} name="kind" defaultValue={question?.kind ?? "single"}>
          {surveyQuestionKinds.map((k) => (
            <option key={k} value={k}>
              {t(`surveys.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-prompt`}>{t("surveys.q.prompt")}</label>
        <input
          id={`${p}-prompt`}
          name="prompt"
          maxLength={500}
          defaultValue={question?.prompt ?? ""}
          aria-invalid={errors.prompt ? true : undefined}
          aria-describedby={errors.prompt ? `${p}-prompt-error` : undefined}
        />
        {err("prompt")}
      </div>
      <div className="field">
        <label htmlFor={`${p}-help`}>{t("surveys.q.help")}</label>
        <input id={`${p}-help`} name="help" maxLength={1000} defaultValue={question?.help ?? ""} />
      </div>
      <label className="inline-choice">
        <input
          type="checkbox"
          name="required"
          value="yes"
          defaultChecked={question?.required ?? false}
        />{" "}
        {t("surveys.q.required")}
      </label>
      <fieldset className="field">
        <legend>{t("surveys.q.options")}</legend>
        <p className="hint">{t("surveys.q.optionsHint")}</p>
        {question?.options.map((o, i) => (
          <div key={o.id} className="field">
            <label htmlFor={`${p}-o-${o.id}`}>{t("surveys.q.option", { number: i + 1 })}</label>
            <input
              id={`${p}-o-${o.id}`}
              name={`option-${o.id}`}
              defaultValue={o.label}
              maxLength={200}
            />
          </div>
        ))}
        <label htmlFor={`${p}-new-options`}>
          {question ? t("surveys.q.moreOptions") : t("surveys.q.newOptions")}
        </label>
        <textarea
          id={`${p}-new-options`}
          name="newOptions"
          rows={3}
          aria-invalid={errors.options ? true : undefined}
          aria-describedby={errors.options ? `${p}-options-error` : undefined}
        />
        {err("options")}
      </fieldset>
      <fieldset className="field scale-fields">
        <legend>{t("surveys.q.scale")}</legend>
        <label>
          {t("surveys.q.scaleMin")}{" "}
          <input
            name="scaleMin"
            type="number"
            min={-10}
            max={100}
            defaultValue={question?.scaleMin ?? 1}
          />
        </label>
        <label>
          {t("surveys.q.scaleMax")}{" "}
          <input
            name="scaleMax"
            type="number"
            min={-10}
            max={100}
            defaultValue={question?.scaleMax ?? 5}
          />
        </label>
        <label>
          {t("surveys.q.scaleMinLabel")}{" "}
          <input name="scaleMinLabel" maxLength={50} defaultValue={question?.scaleMinLabel ?? ""} />
        </label>
        <label>
          {t("surveys.q.scaleMaxLabel")}{" "}
          <input name="scaleMaxLabel" maxLength={50} defaultValue={question?.scaleMaxLabel ?? ""} />
        </label>
        {err("scaleMax")}
      </fieldset>
      <div className="field">
        <label htmlFor={`${p}-provision`}>{t("surveys.q.provision")}</label>
        <select
          id={`${p}-provision`}
          name="provisionPid"
          defaultValue={question?.provisionPid ?? ""}
          disabled={!hasVersion}
        >
          <option value="">{t("surveys.q.noProvision")}</option>
          {provisions.map((pr) => (
            <option key={pr.pid} value={pr.pid}>
              {pr.label} {pr.excerpt}
            </option>
          ))}
        </select>
        {!hasVersion ? <p className="hint">{t("surveys.q.needVersion")}</p> : null}
        {err("provisionPid")}
      </div>
      {choiceSources.length ? (
        <fieldset className="field">
          <legend>{t("surveys.q.showIf")}</legend>
          <p className="hint">{t("surveys.q.showIfHint")}</p>
          {choiceSources.map((s) => (
            <div key={s.id} className="condition-source">
              <p className="condition-prompt">{s.prompt}</p>
              {s.options.map((o) => (
                <label key={o.id} className="inline-choice">
                  <input
                    type="checkbox"
                    name="showIf"
                    value={`${s.id}:${o.id}`}
                    defaultChecked={
                      question?.showIf?.questionId === s.id &&
                      question.showIf.optionIds.includes(o.id)
                    }
                  />{" "}
                  {o.label}
                </label>
              ))}
            </div>
          ))}
          {err("showIf")}
        </fieldset>
      ) : null}
      <button type="submit" className="button primary">
        {question ? t("surveys.q.save") : t("surveys.q.add")}
      </button>
    </Form>
  );
}

export default function SurveyBuilder({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { survey, questions, provisions, versionGroups, responses } = loaderData;
  const result = actionData as ActionData | undefined;
  const refusal = result && !result.ok ? result : null;
  const errorsFor = (intent: string, questionId?: string) =>
    refusal &&
    refusal.intent === intent &&
    (questionId === undefined || refusal.questionId === questionId)
      ? refusal.fields
      : {};
  const small = (intent: string, questionId: string, label: string, disabled = false) => (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="questionId" value={questionId} />
      <button type="submit" className="button small" disabled={disabled}>
        {label}
      </button>
    </Form>
  );
  return (
    <div className="page narrow-wide survey-builder">
      <p className="muted">
        <Link to="/workspace/surveys">{t("surveys.ws.title")}</Link>
      </p>
      <h1>{survey.title}</h1>
      <p className="muted">
        {t(`surveys.purpose.${survey.purpose}`)}
        {survey.subject ? ` · ${survey.subject}` : ""}
        {survey.versionTitle ? ` · ${survey.versionTitle}` : ""}
      </p>
      <p>
        <span className={`tag survey-status-${survey.status}`}>
          {t(`surveys.status.${survey.status}`)}
        </span>{" "}
        {t("surveys.responseCount", { count: responses })}
        {survey.published ? (
          <>
            {" · "}
            <Link to={`/surveys/${survey.id}`}>{t("surveys.builder.publicPage")}</Link>
            {" · "}
            <Link to={`/surveys/${survey.id}/results`}>{t("surveys.resultsLink")}</Link>
          </>
        ) : null}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {t(result.message)}
        </p>
      ) : null}
      {!survey.published ? (
        <section aria-labelledby="sb-publish" className="notice">
          <h2 id="sb-publish">{t("surveys.builder.publish")}</h2>
          <p>{t("surveys.builder.publishHint")}</p>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="button primary" disabled={questions.length === 0}>
              {t("surveys.builder.publishButton")}
            </button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="sb-questions">
        <h2 id="sb-questions">{t("surveys.builder.questions")}</h2>
        {survey.published ? <p className="muted">{t("surveys.error.questionsFrozen")}</p> : null}
        {questions.length === 0 ? (
          <p className="empty">{t("surveys.builder.noQuestions")}</p>
        ) : null}
        <ol className="builder-questions">
          {questions.map((q, i) => {
            const source = q.showIf
              ? questions.find((x) => x.id === q.showIf!.questionId)
              : undefined;
            return (
              <li key={q.id} className="card" id={`question-${q.id}`}>
                <h3 className="card-title">
                  {i + 1}. {q.prompt}
                </h3>
                <p className="muted">
                  {t(`surveys.kind.${q.kind}`)}
                  {q.required ? ` · ${t("surveys.answer.required")}` : ""}
                  {q.kind === "scale" ? ` · ${q.scaleMin}–${q.scaleMax}` : ""}
                  {q.provisionPid
                    ? ` · ${q.provision ? t("surveys.answer.provision", { label: q.provision.label }) : t("surveys.builder.provisionMissing")}`
                    : ""}
                </p>
                {q.options.length ? (
                  <ul className="builder-options">
                    {q.options.map((o) => (
                      <li key={o.id}>{o.label}</li>
                    ))}
                  </ul>
                ) : null}
                {source ? (
                  <p className="muted">
                    {t("surveys.answer.condition", {
                      number: questions.indexOf(source) + 1,
                      options: source.options
                        .filter((o) => q.showIf!.optionIds.includes(o.id))
                        .map((o) => `“${o.label}”`)
                        .join(t("surveys.answer.or")),
                    })}
                  </p>
                ) : null}
                {!survey.published ? (
                  <>
                    <div className="builder-actions">
                      {small("up", q.id, t("surveys.builder.up"), i === 0)}
                      {small("down", q.id, t("surveys.builder.down"), i === questions.length - 1)}
                      {small("delete", q.id, t("surveys.builder.delete"))}
                    </div>
                    {refusal && refusal.questionId === q.id && refusal.intent !== "edit" ? (
                      <p className="form-error">{t(refusal.message)}</p>
                    ) : null}
                    <details
                      open={!!refusal && refusal.intent === "edit" && refusal.questionId === q.id}
                    >
                      <summary>{t("surveys.builder.edit")}</summary>
                      <QuestionEditor
                        question={q}
                        earlier={questions.slice(0, i)}
                        provisions={provisions}
                        errors={errorsFor("edit", q.id)}
                        hasVersion={survey.settings.versionId !== null}
                      />
                    </details>
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>
      {!survey.published ? (
        <section aria-labelledby="sb-add">
          <h2 id="sb-add">{t("surveys.builder.add")}</h2>
          <QuestionEditor
            key={questions.length}
            earlier={questions}
            provisions={provisions}
            errors={errorsFor("add")}
            hasVersion={survey.settings.versionId !== null}
          />
        </section>
      ) : null}
      <section aria-labelledby="sb-settings">
        <h2 id="sb-settings">{t("surveys.builder.settings")}</h2>
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="settings" />
          <SurveySettingsFields
            defaults={survey.settings}
            versionGroups={versionGroups}
            errors={errorsFor("settings")}
            published={survey.published}
          />
          <button type="submit" className="button">
            {t("surveys.builder.saveSettings")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
