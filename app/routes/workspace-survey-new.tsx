import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import { listSurveyTargets } from "../../db/queries/surveys.ts";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import { createSurvey } from "../../services/surveys.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { SurveySettingsFields } from "../components/survey-settings.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { formRefusal } from "../lib/errors.ts";
import { readQuery } from "../lib/forms.ts";
import { settingsFromForm } from "../lib/survey-fields.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/surveys.css";
import type { Route } from "./+types/workspace-survey-new";

const DAY = 86_400_000;
const NewQuery = z.object({ bill: z.string().optional() });

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const query = readQuery(NewQuery, request);
  const targets = await listSurveyTargets(context.db, drafterOrganizations(user));
  const now = new Date();
  return {
    title: requestTranslator(request)("surveys.new.title"),
    bills: targets.bills.map((b) => ({ id: b.id, title: b.title, versions: b.versions })),
    projects: targets.projects.map((p) => ({ id: p.id, title: p.title, year: p.year })),
    target: query.bill ? `bill:${query.bill}` : "",
    opensAt: utcToZonedLocal(now, context.timeZone),
    closesAt: `${utcToZonedLocal(new Date(now.getTime() + 30 * DAY), context.timeZone).slice(0, 10)}T23:59`,
  };
}

type ActionData = { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const form = await requireCsrf(request, context);
  const target = String(form.get("target") ?? "");
  const [kind, id] = target.split(":");
  if ((kind !== "bill" && kind !== "project") || !id)
    return data<ActionData>(
      { ok: false, message: "surveys.error.target", fields: { target: "surveys.error.target" } },
      { status: 400 },
    );
  const settings = settingsFromForm(form, context.timeZone);
  if (!settings.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: settings.fields },
      { status: 400 },
    );
  try {
    const surveyId = await createSurvey(
      context.db,
      { ...settings.fields, ...(kind === "bill" ? { billId: id } : { projectId: id }) },
      { userId: user.id, organizationIds: drafterOrganizations(user), ip: context.clientIp },
    );
    return redirect(`/workspace/surveys/${surveyId}`);
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

export default function NewSurvey({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { bills, projects, target, opensAt, closesAt } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result?.fields ?? {};
  return (
    <div className="page narrow-wide survey-builder">
      <p className="muted">
        <Link to="/workspace/surveys">{t("surveys.ws.title")}</Link>
      </p>
      <h1>{t("surveys.new.title")}</h1>
      <p className="lead">{t("surveys.new.intro")}</p>
      {result ? (
        <p className="form-error" role="alert">
          {t(result.message)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <div className="field">
          <label htmlFor="sn-target">{t("surveys.field.target")}</label>
          <select
            id="sn-target"
            name="target"
            defaultValue={target}
            aria-invalid={fields.target ? true : undefined}
            aria-describedby={fields.target ? "sn-target-error" : undefined}
          >
            <option value="">{t("surveys.field.chooseTarget")}</option>
            <optgroup label={t("surveys.field.bills")}>
              {bills.map((b) => (
                <option key={b.id} value={`bill:${b.id}`}>
                  {b.title}
                </option>
              ))}
            </optgroup>
            {projects.length ? (
              <optgroup label={t("surveys.field.projects")}>
                {projects.map((p) => (
                  <option key={p.id} value={`project:${p.id}`}>
                    {t("surveys.field.project", { year: String(p.year), title: p.title })}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          {fields.target ? (
            <p className="field-error" id="sn-target-error">
              {t(fields.target)}
            </p>
          ) : null}
        </div>
        <SurveySettingsFields
          defaults={{
            title: "",
            description: "",
            purpose: "reading",
            versionId: null,
            opensAt,
            closesAt,
            audience: "anyone",
            onePerPerson: false,
          }}
          versionGroups={bills
            .filter((b) => b.versions.length > 0)
            .map((b) => ({ label: b.title, versions: b.versions }))}
          errors={fields}
        />
        <button type="submit" className="button primary">
          {t("surveys.new.create")}
        </button>
      </Form>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
