import { channels } from "../../db/codes.ts";
import { messageKey, type MessageKey, type Translate } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";

export interface SettingsValues {
  title: string;
  description: string;
  opensAt: string;
  closesAt: string;
  channels: string[];
  moderation: string;
  allowAnonymous: boolean;
}

/** The name of the deployment's time zone in a hint: 北京时间 for Asia/Shanghai. */
export function zoneName(t: Translate, timeZone: string): string {
  return timeZone === "Asia/Shanghai"
    ? t("consultations.zone.beijing")
    : t("consultations.zone.other", { zone: timeZone });
}

type Errors = Partial<Record<string, MessageKey>>;

/** A refusal's field messages (services/consultations.ts) as the form shows them. */
export function fieldMessages(fields: Partial<Record<string, string>> | undefined): Errors {
  return Object.fromEntries(
    Object.entries(fields ?? {}).flatMap(([f, k]) => (k ? [[f, messageKey(k)]] : [])),
  );
}

function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  const { t } = useI18n();
  return error ? (
    <p className="field-error" id={id} role="alert">
      {t(error)}
    </p>
  ) : null;
}

/**
 * The fields of a consultation's settings (inside the caller's form). Times are wall-clock times
 * of the deployment's zone; `timesLocked` shows them as text instead (an open or closed one).
 */
export function ConsultationSettingsFields({
  values,
  errors,
  timesLocked,
  timeZone,
}: {
  values: SettingsValues;
  errors: Errors;
  timesLocked?: { opens: string; closes: string };
  timeZone: string;
}) {
  const { t } = useI18n();
  const invalid = (name: string) => (errors[name] ? true : undefined);
  const describe = (name: string, hint?: boolean) =>
    [hint ? `cs-${name}-hint` : null, errors[name] ? `cs-${name}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <>
      <div className="field">
        <label htmlFor="cs-title">{t("consultations.form.title")}</label>
        <input
          id="cs-title"
          name="title"
          required
          maxLength={200}
          defaultValue={values.title}
          aria-invalid={invalid("title")}
          aria-describedby={describe("title")}
        />
        <FieldError id="cs-title-error" error={errors.title} />
      </div>
      <div className="field">
        <label htmlFor="cs-description">{t("consultations.form.description")}</label>
        <textarea
          id="cs-description"
          name="description"
          rows={4}
          maxLength={5000}
          defaultValue={values.description}
          aria-invalid={invalid("description")}
          aria-describedby={describe("description", true)}
        />
        <p className="hint" id="cs-description-hint">
          {t("consultations.form.descriptionHint")}
        </p>
        <FieldError id="cs-description-error" error={errors.description} />
      </div>
      {timesLocked ? (
        <div className="field">
          <p className="consultation-times">
            {t("consultations.form.opensAt")}：{timesLocked.opens}
            <br />
            {t("consultations.form.closesAt")}：{timesLocked.closes}
          </p>
          <p className="hint">{t("consultations.form.timesLocked")}</p>
          <FieldError id="cs-closesAt-error" error={errors.closesAt ?? errors.opensAt} />
        </div>
      ) : (
        <div className="consultation-period">
          <div className="field">
            <label htmlFor="cs-opensAt">{t("consultations.form.opensAt")}</label>
            <input
              id="cs-opensAt"
              name="opensAt"
              type="datetime-local"
              required
              defaultValue={values.opensAt}
              aria-invalid={invalid("opensAt")}
              aria-describedby={describe("opensAt")}
            />
            <FieldError id="cs-opensAt-error" error={errors.opensAt} />
          </div>
          <div className="field">
            <label htmlFor="cs-closesAt">{t("consultations.form.closesAt")}</label>
            <input
              id="cs-closesAt"
              name="closesAt"
              type="datetime-local"
              required
              defaultValue={values.closesAt}
              aria-invalid={invalid("closesAt")}
              aria-describedby={describe("closesAt", true)}
            />
            <p className="hint" id="cs-closesAt-hint">
              {t("consultations.form.periodHint", { zone: zoneName(t, timeZone) })}
            </p>
            <FieldError id="cs-closesAt-error" error={errors.closesAt} />
          </div>
        </div>
      )}
      <fieldset className="choices" aria-describedby={describe("channels", true)}>
        <legend>{t("consultations.form.channels")}</legend>
        <p className="hint" id="cs-channels-hint">
          {t("consultations.form.channelsHint")}
        </p>
        {channels.map((c) => (
          <label key={c} className="choice">
            <input
              type="checkbox"
              name="channels"
              value={c}
              defaultChecked={values.channels.includes(c)}
            />{" "}
            {t(`channel.${c}`)}
          </label>
        ))}
        <FieldError id="cs-channels-error" error={errors.channels} />
      </fieldset>
      <fieldset className="choices" aria-describedby={describe("moderation")}>
        <legend>{t("consultations.form.moderation")}</legend>
        {(["post", "pre"] as const).map((m) => (
          <label key={m} className="choice">
            <input
              type="radio"
              name="moderation"
              value={m}
              defaultChecked={values.moderation === m}
            />{" "}
            <span>
              <strong>{t(`consultations.moderation.${m}`)}</strong>
              <span className="hint choice-hint">{t(`consultations.moderation.${m}Hint`)}</span>
            </span>
          </label>
        ))}
        <FieldError id="cs-moderation-error" error={errors.moderation} />
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          name="allowAnonymous"
          value="yes"
          defaultChecked={values.allowAnonymous}
        />{" "}
        {t("consultations.form.allowAnonymous")}
      </label>
    </>
  );
}
