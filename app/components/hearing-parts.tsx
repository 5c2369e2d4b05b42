import { Form, useNavigation } from "react-router";
import { hearingStances, respondentTypes } from "../../db/codes.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";

// Parts of the hearing pages: the registration form (the public page and /register show it)
// and the hearing's facts.

function FieldError({ id, error }: { id: string; error: MessageKey | undefined }) {
  const { t } = useI18n();
  return error ? (
    <p className="field-error" id={id}>
      {t(error)}
    </p>
  ) : null;
}

/** The registration form; it posts to /hearings/:id/register. */
export function HearingRegisterForm({
  hearingId,
  idempotencyKey,
  signedIn,
  fields = {},
  message,
}: {
  hearingId: string;
  idempotencyKey: string;
  signedIn: { name: string } | null;
  fields?: Partial<Record<string, MessageKey>>;
  message?: MessageKey | undefined;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const described = (name: string) =>
    fields[name] ? { "aria-invalid": true as const, "aria-describedby": `hr-${name}-error` } : {};
  return (
    <Form
      method="post"
      action={`/hearings/${hearingId}/register`}
      className="stack hearing-register"
      noValidate
    >
      <CsrfInput />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <p className="hint">{t("hearings.register.intro")}</p>
      {message ? (
        <p className="form-error" role="alert">
          {t(message)}
        </p>
      ) : null}
      {signedIn ? (
        <p className="muted">{t("hearings.register.asUser", { name: signedIn.name })}</p>
      ) : null}
      <div className="field">
        <label htmlFor="hr-name">{t("hearings.register.name")}</label>
        <input
          id="hr-name"
          name="name"
          maxLength={50}
          autoComplete="name"
          defaultValue={signedIn?.name ?? ""}
          {...described("name")}
        />
        <FieldError id="hr-name-error" error={fields.name} />
      </div>
      <div className="field">
        <label htmlFor="hr-type">{t("hearings.register.respondentType")}</label>
        <select id="hr-type" name="respondentType" defaultValue="individual">
          {respondentTypes.map((r) => (
            <option key={r} value={r}>
              {t(`respondent.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="hearing-stance" {...described("stance")}>
        <legend>{t("hearings.register.stance")}</legend>
        {hearingStances.map((s) => (
          <div key={s} className="choice">
            <input id={`hr-stance-${s}`} type="radio" name="stance" value={s} />
            <label htmlFor={`hr-stance-${s}`}>{t(`hearings.stance.${s}`)}</label>
          </div>
        ))}
        <FieldError id="hr-stance-error" error={fields.stance} />
      </fieldset>
      <div className="field">
        <label htmlFor="hr-points">{t("hearings.register.points")}</label>
        <textarea id="hr-points" name="points" rows={5} maxLength={2000} {...described("points")} />
        <FieldError id="hr-points-error" error={fields.points} />
      </div>
      <fieldset className="respondent">
        <legend>{t("hearings.register.contact")}</legend>
        <div className="field">
          <label htmlFor="hr-phone">{t("hearings.register.phone")}</label>
          <input
            id="hr-phone"
            name="phone"
            type="tel"
            maxLength={30}
            autoComplete="tel"
            {...described("phone")}
          />
          <FieldError id="hr-phone-error" error={fields.phone} />
        </div>
        <div className="field">
          <label htmlFor="hr-email">{t("hearings.register.email")}</label>
          <input
            id="hr-email"
            name="email"
            type="email"
            maxLength={200}
            autoComplete="email"
            aria-describedby={fields.email ? "hr-email-error" : "hr-email-hint"}
            aria-invalid={fields.email ? true : undefined}
          />
          <p className="hint" id="hr-email-hint">
            {t("hearings.register.emailHint")}
          </p>
          <FieldError id="hr-email-error" error={fields.email} />
        </div>
        {signedIn ? null : (
          <div className="consent">
            <input
              id="hr-consent"
              type="checkbox"
              name="consent"
              value="yes"
              aria-invalid={fields.consent ? true : undefined}
            />
            <label htmlFor="hr-consent">{t("hearings.register.consent")}</label>
            <FieldError id="hr-consent-error" error={fields.consent} />
          </div>
        )}
      </fieldset>
      <p className="hint">{t("hearings.register.nameNotice")}</p>
      <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
        {t("hearings.register.submit")}
      </button>
    </Form>
  );
}

/** The values of the details form: times as wall-clock times of the deployment's zone. */
export interface HearingDetailValues {
  title: string;
  description: string;
  questions: string;
  heldAt: string;
  place: string;
  speakerSeats: number | string;
  reserveSeats: number | string;
  selectionMethod: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
}

/** The drafters' fields of a hearing's details (new hearing, and editing before announcing). */
export function HearingDetailsFields({
  values,
  errors = {},
  zone,
  disabled = false,
}: {
  values: HearingDetailValues;
  errors?: Partial<Record<string, MessageKey>>;
  zone: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const described = (name: string) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": `hd-${name}-error` } : {};
  const input = (name: keyof HearingDetailValues, label: MessageKey, extra: object = {}) => (
    <div className="field">
      <label htmlFor={`hd-${name}`}>{t(label)}</label>
      <input
        id={`hd-${name}`}
        name={name}
        defaultValue={String(values[name])}
        disabled={disabled}
        {...described(name)}
        {...extra}
      />
      <FieldError id={`hd-${name}-error`} error={errors[name]} />
    </div>
  );
  const area = (name: keyof HearingDetailValues, label: MessageKey, rows: number, max: number) => (
    <div className="field">
      <label htmlFor={`hd-${name}`}>{t(label)}</label>
      <textarea
        id={`hd-${name}`}
        name={name}
        rows={rows}
        maxLength={max}
        defaultValue={String(values[name])}
        disabled={disabled}
        {...described(name)}
      />
      <FieldError id={`hd-${name}-error`} error={errors[name]} />
    </div>
  );
  return (
    <>
      {input("title", "hearings.field.title", { maxLength: 200 })}
      {area("description", "hearings.field.description", 3, 5000)}
      {area("questions", "hearings.field.questions", 4, 5000)}
      <p className="hint">{t("hearings.field.timeHint", { zone })}</p>
      {input("heldAt", "hearings.field.heldAt", { type: "datetime-local" })}
      {input("place", "hearings.field.place", { maxLength: 200 })}
      {input("speakerSeats", "hearings.field.seats", { type: "number", min: 1, max: 50 })}
      {input("reserveSeats", "hearings.field.reserves", { type: "number", min: 0, max: 20 })}
      {area("selectionMethod", "hearings.field.method", 2, 2000)}
      <p className="hint">{t("hearings.field.methodHint")}</p>
      {input("registrationOpensAt", "hearings.field.opensAt", { type: "datetime-local" })}
      {input("registrationClosesAt", "hearings.field.closesAt", { type: "datetime-local" })}
    </>
  );
}
