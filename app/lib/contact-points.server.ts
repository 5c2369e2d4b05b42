import { data } from "react-router";
import { ActivityInput, OpinionInput } from "../../services/contact-points.ts";
import { isServiceError } from "../../services/errors.ts";
import { messageKey, type MessageKey } from "../i18n/index.ts";
import type { PickableProvision } from "../../editor/provision-query.ts";
import { parseForm, type FieldErrors } from "./forms.ts";
import { readPickedProvision } from "./provision-pick.ts";

export type CpActionData =
  | { ok: true; message: MessageKey; intent: string; id?: string }
  | {
      ok: false;
      message: MessageKey;
      intent: string;
      fields: FieldErrors;
      id?: string;
      /** The refused form's text fields, so a page without JavaScript shows them again. */
      echo?: Record<string, string>;
    };

/** Reads the activity form (participants are checkboxes: several values of one name). */
export function parseActivity(form: FormData) {
  const copy = new FormData();
  for (const [k, v] of form.entries()) if (k !== "participants") copy.append(k, v);
  const parsed = parseForm(ActivityInput.omit({ participants: true }), copy);
  if (!parsed.ok) return parsed;
  const participants = ActivityInput.shape.participants.safeParse(form.getAll("participants"));
  if (!participants.success) {
    const errors: FieldErrors = { participants: "error.invalidInput" };
    return { ok: false as const, errors };
  }
  return { ok: true as const, data: { ...parsed.data, participants: participants.data } };
}

export function parseOpinion(form: FormData) {
  return parseForm(OpinionInput, form);
}

/**
 * Reads the opinion form, whose provision is typed into the picker ("25" → 第二十五条): the typed
 * text is resolved against the reading's provisions, and an unknown number is the target's error.
 */
export function parseOpinionPicked(form: FormData, targets: PickableProvision[]) {
  const picked = readPickedProvision(form, { name: "target", targets, wholeDraft: "draft" });
  const copy = new FormData();
  for (const [k, v] of form.entries()) if (k !== "target") copy.append(k, v);
  copy.set("target", picked.ok ? picked.value : "draft");
  const parsed = parseOpinion(copy);
  if (picked.ok) return parsed;
  const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), target: picked.error };
  return { ok: false as const, errors };
}

/** The text fields of a form, to show again after a refusal (the CSRF token left out). */
export function echoOf(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (k !== "_csrf" && typeof v === "string") out[k] = v;
  return out;
}

/** Runs a change; a refusal of the service becomes the page's error in the user's language. */
export async function attempt(
  intent: string,
  work: () => Promise<MessageKey>,
  id?: string,
): Promise<CpActionData | ReturnType<typeof data<CpActionData>>> {
  try {
    return { ok: true, message: await work(), intent, id };
  } catch (error) {
    if (isServiceError(error))
      return data<CpActionData>(
        {
          ok: false,
          message: messageKey(error.messageKey, "error.generic"),
          intent,
          fields: {},
          id,
        },
        { status: error.status },
      );
    throw error;
  }
}

export function invalid(
  intent: string,
  fields: FieldErrors,
  id?: string,
  echo?: Record<string, string>,
) {
  return data<CpActionData>(
    { ok: false, message: "error.invalidInput", intent, fields, id, echo },
    { status: 400 },
  );
}
