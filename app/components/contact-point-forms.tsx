import { contactPointChannels, respondentTypes } from "../../db/codes.ts";
import { participantCodes } from "../../services/contact-point-codes.ts";
import type { MessageKey } from "../i18n/index.ts";
import type { FieldErrors } from "../lib/forms.ts";
import { ProvisionPicker } from "./provision-picker.tsx";
import { useI18n } from "../lib/use-i18n.ts";

function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  const { t } = useI18n();
  return error ? (
    <p className="field-error" id={id}>
      {t(error)}
    </p>
  ) : null;
}

/** The fields of an activity (new or edited). */
export function ActivityFields({
  prefix,
  values,
  fields = {},
  today,
}: {
  prefix: string;
  /** The date a new activity starts with (today, in the deployment's time zone). */
  today?: string;
  values?: {
    kind: string;
    held_on: string;
    place: string;
    headcount: number;
    participants: string[];
    notes: string;
    start_time?: string | null;
    host?: string;
    title?: string;
  };
  fields?: FieldErrors;
}) {
  const { t } = useI18n();
  const id = (name: string) => `${prefix}-${name}`;
  const invalid = (name: string) =>
    fields[name] ? { "aria-invalid": true as const, "aria-describedby": id(`${name}-error`) } : {};
  return (
    <>
      <div className="cp-grid">
        <div className="field">
          <label htmlFor={id("kind")}>{t("cp.activity.kind")}</label>
          <select id={id("kind")} name="kind" defaultValue={values?.kind ?? "symposium"}>
            {contactPointChannels.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id("heldOn")}>{t("cp.activity.heldOn")}</label>
          <input
            id={id("heldOn")}
            name="heldOn"
            type="date"
            required
            defaultValue={values?.held_on ?? today ?? ""}
            {...invalid("heldOn")}
          />
          <FieldError id={id("heldOn-error")} error={fields.heldOn} />
        </div>
        <div className="field">
          <label htmlFor={id("headcount")}>{t("cp.activity.headcount")}</label>
          <input
            id={id("headcount")}
            name="headcount"
            type="number"
            min={1}
            max={100000}
            required
            inputMode="numeric"
            defaultValue={values?.headcount ?? ""}
            {...invalid("headcount")}
          />
          <FieldError id={id("headcount-error")} error={fields.headcount} />
        </div>
      </div>
      <div className="cp-grid">
        <div className="field">
          <label htmlFor={id("startTime")}>{t("cp.activity.startTime")}</label>
          <input
            id={id("startTime")}
            name="startTime"
            type="time"
            defaultValue={values?.start_time ?? ""}
            {...invalid("startTime")}
          />
          <FieldError id={id("startTime-error")} error={fields.startTime} />
        </div>
        <div className="field">
          <label htmlFor={id("host")}>{t("cp.activity.host")}</label>
          <input
            id={id("host")}
            name="host"
            maxLength={100}
            defaultValue={values?.host ?? ""}
            {...invalid("host")}
          />
          <FieldError id={id("host-error")} error={fields.host} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={id("title")}>{t("cp.activity.title")}</label>
        <input
          id={id("title")}
          name="title"
          maxLength={100}
          defaultValue={values?.title ?? ""}
          {...invalid("title")}
        />
        <FieldError id={id("title-error")} error={fields.title} />
      </div>
      <div className="field">
        <label htmlFor={id("place")}>{t("cp.activity.place")}</label>
        <input
          id={id("place")}
          name="place"
          maxLength={200}
          defaultValue={values?.place ?? ""}
          {...invalid("place")}
        />
        <FieldError id={id("place-error")} error={fields.place} />
      </div>
      <fieldset className="cp-participants">
        <legend>{t("cp.activity.participants")}</legend>
        {participantCodes.map((p) => (
          <label key={p} className="cp-check">
            <input
              type="checkbox"
              name="participants"
              value={p}
              defaultChecked={values?.participants.includes(p)}
            />{" "}
            {t(`cp.participant.${p}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={id("notes")}>{t("cp.activity.notes")}</label>
        <textarea
          id={id("notes")}
          name="notes"
          rows={3}
          maxLength={10000}
          defaultValue={values?.notes ?? ""}
        />
      </div>
    </>
  );
}

export interface TargetOption {
  pid: string;
  kind: string;
  label: string;
  text: string;
}

/** The fields of an opinion heard at an activity. */
export function OpinionFields({
  prefix,
  targets,
  values,
  fields = {},
  maxHeadcount,
  typed,
}: {
  prefix: string;
  targets: TargetOption[];
  /** The provision text a refused post had typed (kept for pages without JavaScript). */
  typed?: string;
  values?: {
    target: string;
    body: string;
    proposed: string;
    headcount: number;
    respondentType: string;
  };
  fields?: FieldErrors;
  maxHeadcount: number;
}) {
  const { t } = useI18n();
  const id = (name: string) => `${prefix}-${name}`;
  const invalid = (name: string) =>
    fields[name] ? { "aria-invalid": true as const, "aria-describedby": id(`${name}-error`) } : {};
  return (
    <>
      <ProvisionPicker
        id={id("target")}
        label={t("cp.opinion.target")}
        targets={targets}
        defaultPid={values?.target}
        typed={typed}
        wholeDraft="draft"
        error={fields.target}
        required
      />
      <div className="field">
        <label htmlFor={id("body")}>{t("cp.opinion.body")}</label>
        <textarea
          id={id("body")}
          name="body"
          rows={4}
          maxLength={5000}
          required
          defaultValue={values?.body ?? ""}
          {...invalid("body")}
        />
        <FieldError id={id("body-error")} error={fields.body} />
      </div>
      <div className="field">
        <label htmlFor={id("proposed")}>{t("opinion.proposed")}</label>
        <textarea
          id={id("proposed")}
          name="proposedText"
          rows={2}
          maxLength={5000}
          defaultValue={values?.proposed ?? ""}
        />
      </div>
      <div className="cp-grid">
        <div className="field">
          <label htmlFor={id("headcount")}>{t("cp.opinion.headcount")}</label>
          <input
            id={id("headcount")}
            name="headcount"
            type="number"
            min={1}
            max={maxHeadcount}
            required
            inputMode="numeric"
            defaultValue={values?.headcount ?? 1}
            {...invalid("headcount")}
          />
          <FieldError id={id("headcount-error")} error={fields.headcount} />
        </div>
        <div className="field">
          <label htmlFor={id("respondentType")}>{t("opinion.respondentType")}</label>
          <select
            id={id("respondentType")}
            name="respondentType"
            defaultValue={values?.respondentType ?? "individual"}
          >
            {respondentTypes.map((r) => (
              <option key={r} value={r}>
                {t(`respondent.${r}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </>
  );
}
