import { surveyAudiences, surveyPurposes, type VersionLabel } from "../../db/codes.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";

// A survey's settings as form fields (the new-survey page and the builder). Once a survey is
// published its terms are fixed (services/surveys.ts): those fields are shown read-only.

export interface SettingsDefaults {
  title: string;
  description: string;
  purpose: string;
  versionId: string | null;
  /** datetime-local values in the deployment's zone. */
  opensAt: string;
  closesAt: string;
  audience: string;
  onePerPerson: boolean;
}

export interface VersionGroup {
  label: string;
  versions: { id: string; label: VersionLabel; title: string }[];
}

export function SurveySettingsFields({
  defaults,
  versionGroups,
  errors,
  published = false,
}: {
  defaults: SettingsDefaults;
  versionGroups: VersionGroup[];
  errors: Partial<Record<string, MessageKey>>;
  published?: boolean;
}) {
  const { t } = useI18n();
  const err = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`ss-${name}-error`}>
        {t(errors[name])}
      </p>
    ) : null;
  const invalid = (name: string) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": `ss-${name}-error` } : {};
  return (
    <>
      <div className="field">
        <label htmlFor="ss-title">{t("surveys.field.title")}</label>
        <input
          id="ss-title"
          name="title"
          maxLength={200}
          defaultValue={defaults.title}
          {...invalid("title")}
        />
        {err("title")}
      </div>
      <div className="field">
        <label htmlFor="ss-description">{t("surveys.field.description")}</label>
        <textarea
          id="ss-description"
          name="description"
          rows={3}
          maxLength={5000}
          defaultValue={defaults.description}
        />
      </div>
      <div className="field">
        <label htmlFor="ss-purpose">{t("surveys.field.purpose")}</label>
        <select id="ss-purpose" name="purpose" defaultValue={defaults.purpose} disabled={published}>
          {surveyPurposes.map((p) => (
            <option key={p} value={p}>
              {t(`surveys.purpose.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="ss-version">{t("surveys.field.version")}</label>
        <select
          id="ss-version"
          name="versionId"
          defaultValue={defaults.versionId ?? ""}
          disabled={published}
          aria-describedby="ss-version-hint"
          {...invalid("versionId")}
        >
          <option value="">{t("surveys.field.noVersion")}</option>
          {versionGroups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {t(`version.${v.label}`)}：{v.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p className="hint" id="ss-version-hint">
          {t("surveys.field.versionHint")}
        </p>
        {err("versionId")}
      </div>
      <div className="field">
        <label htmlFor="ss-opens">{t("surveys.field.opensAt")}</label>
        <input
          id="ss-opens"
          name="opensAt"
          type="datetime-local"
          defaultValue={defaults.opensAt}
          readOnly={published}
          {...invalid("opensAt")}
        />
        {err("opensAt")}
      </div>
      <div className="field">
        <label htmlFor="ss-closes">{t("surveys.field.closesAt")}</label>
        <input
          id="ss-closes"
          name="closesAt"
          type="datetime-local"
          defaultValue={defaults.closesAt}
          {...invalid("closesAt")}
        />
        {err("closesAt")}
      </div>
      <fieldset className="field" disabled={published}>
        <legend>{t("surveys.field.audience")}</legend>
        {surveyAudiences.map((a) => (
          <label key={a} className="inline-choice">
            <input
              type="radio"
              name="audience"
              value={a}
              defaultChecked={defaults.audience === a}
            />{" "}
            {t(`surveys.audience.${a}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="inline-choice">
          <input
            type="checkbox"
            name="onePerPerson"
            value="yes"
            defaultChecked={defaults.onePerPerson}
            disabled={published}
            {...invalid("onePerPerson")}
          />{" "}
          {t("surveys.field.onePerPerson")}
        </label>
        {err("onePerPerson")}
      </div>
    </>
  );
}
