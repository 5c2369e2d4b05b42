import { z } from "zod";
import { surveyAudiences, surveyPurposes } from "../../db/codes.ts";
import { zonedLocalToUtc } from "../../services/consultations.ts";
import type { SurveyFieldsInput } from "../../services/surveys.ts";
import type { MessageKey } from "../i18n/index.ts";
import { parseForm } from "./forms.ts";

// The survey settings form of the new-survey page and the builder: read from the post, times in
// the deployment's zone; the service checks the rest (services/surveys.ts).

const SettingsForm = z.object({
  title: z.string().default(""),
  description: z.string().default(""),
  purpose: z.enum(surveyPurposes, "error.invalidInput"),
  versionId: z.string().optional(),
  opensAt: z.string().default(""),
  closesAt: z.string().default(""),
  audience: z.enum(surveyAudiences, "error.invalidInput").default("anyone"),
  onePerPerson: z.string().optional(),
});

export type SettingsResult =
  | { ok: true; fields: SurveyFieldsInput }
  | { ok: false; fields: Partial<Record<string, MessageKey>> };

/** The settings of a survey from a form post. */
export function settingsFromForm(form: FormData, timeZone: string): SettingsResult {
  const parsed = parseForm(SettingsForm, form);
  if (!parsed.ok) return { ok: false, fields: parsed.errors };
  const v = parsed.data;
  const opensAt = zonedLocalToUtc(v.opensAt, timeZone);
  const closesAt = zonedLocalToUtc(v.closesAt, timeZone);
  if (!opensAt || !closesAt)
    return {
      ok: false,
      fields: {
        ...(opensAt ? {} : { opensAt: "surveys.error.date" }),
        ...(closesAt ? {} : { closesAt: "surveys.error.date" }),
      },
    };
  return {
    ok: true,
    fields: {
      title: v.title,
      description: v.description,
      purpose: v.purpose,
      versionId: v.versionId ? v.versionId : null,
      opensAt,
      closesAt,
      audience: v.audience,
      onePerPerson: v.onePerPerson === "yes",
    },
  };
}
