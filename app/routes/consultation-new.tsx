import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { listVersions, versionsWithLiveConsultation } from "../../db/queries/versions.ts";
import {
  createConsultation,
  defaultChannels,
  parseSettingsForm,
  utcToZonedLocal,
  zonedLocalToUtc,
} from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import {
  ConsultationSettingsFields,
  fieldMessages,
  type SettingsValues,
} from "../components/consultation-settings.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/consultations.css";
import type { Route } from "./+types/consultation-new";

const MINUTE = 60_000;
const DAY = 86_400_000;

// ?version= picks the version the form starts on; one not of this bill is ignored.
const NewQuery = z.object({ version: z.string().optional().catch(undefined) });

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireBillDrafter(request, context, params.billId);
  const now = new Date();
  const versions = await listVersions(context.db, bill.id);
  const busy = await versionsWithLiveConsultation(
    context.db,
    versions.map((v) => v.id),
    now,
  );
  const asked = readQuery(NewQuery, request).version;
  const free = versions.filter((v) => !busy.has(v.id));
  const chosen =
    versions.find((v) => v.id === asked)?.id ?? free[free.length - 1]?.id ?? versions[0]?.id ?? "";
  // By default: from now, for thirty days, closing at the end of the day.
  const opens = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const closes = zonedLocalToUtc(
    `${utcToZonedLocal(new Date(opens.getTime() + 30 * DAY), context.timeZone).slice(0, 10)}T23:59`,
    context.timeZone,
  )!;
  const t = requestTranslator(request);
  return {
    title: `${t("consultations.new.title")} · ${bill.title} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    versions: versions.map((v) => ({
      id: v.id,
      label: v.label,
      title: v.title,
      busy: busy.has(v.id),
    })),
    chosen,
    defaults: {
      title: "",
      description: "",
      opensAt: utcToZonedLocal(opens, context.timeZone),
      closesAt: utcToZonedLocal(closes, context.timeZone),
      channels: defaultChannels,
      moderation: "post",
      allowAnonymous: true,
    } satisfies SettingsValues,
    timeZone: context.timeZone,
  };
}

type ActionData = {
  errors: Partial<Record<string, MessageKey>>;
  values: SettingsValues & { versionId: string };
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  const form = await requireCsrf(request, context);
  const str = (name: string) => String(form.get(name) ?? "");
  const values = {
    versionId: str("versionId"),
    title: str("title"),
    description: str("description"),
    opensAt: str("opensAt"),
    closesAt: str("closesAt"),
    channels: form.getAll("channels").map(String),
    moderation: str("moderation"),
    allowAnonymous: form.get("allowAnonymous") === "yes",
  };
  try {
    const settings = parseSettingsForm(form, context.timeZone, true);
    const id = await createConsultation(context.db, {
      billId: bill.id,
      versionId: values.versionId,
      settings,
      actorId: user.id,
      ip: context.clientIp,
    });
    throw redirect(`/consultations/${id}/manage?done=created`);
  } catch (error) {
    if (isServiceError(error))
      return data<ActionData>(
        { errors: fieldMessages(error.fields), values },
        { status: error.status },
      );
    throw error;
  }
}

export default function NewConsultation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { bill, versions, chosen, defaults, timeZone } = loaderData;
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? { ...defaults, versionId: chosen };
  return (
    <div className="page narrow-wide consultation-admin">
      <p className="muted">
        <Link to="/workspace">{t("workspace.title")}</Link> /{" "}
        <Link to={`/bills/${bill.id}`}>{bill.title}</Link>
      </p>
      <h1>{t("consultations.new.title")}</h1>
      <p className="lead">{t("consultations.new.intro")}</p>
      {Object.keys(errors).length ? (
        <p className="form-error" role="alert">
          {t("consultations.form.fix")}
        </p>
      ) : null}
      {versions.length === 0 ? (
        <p className="empty">{t("workspace.bill.noVersion")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <div className="field">
            <label htmlFor="cs-versionId">{t("consultations.form.version")}</label>
            <select
              id="cs-versionId"
              name="versionId"
              defaultValue={values.versionId}
              aria-invalid={errors.versionId ? true : undefined}
              aria-describedby={errors.versionId ? "cs-versionId-error" : undefined}
            >
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {t(`version.${v.label}`)} · {v.title}
                  {v.busy ? ` ${t("consultations.new.busy")}` : ""}
                </option>
              ))}
            </select>
            {errors.versionId ? (
              <p className="field-error" id="cs-versionId-error" role="alert">
                {t(errors.versionId)}
              </p>
            ) : null}
          </div>
          <ConsultationSettingsFields values={values} errors={errors} timeZone={timeZone} />
          <p>
            <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
              {t("consultations.new.submit")}
            </button>
          </p>
        </Form>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
