import { data } from "react-router";
import { ActivityInput, OpinionInput } from "../../services/contact-points.ts";
import { isServiceError } from "../../services/errors.ts";
import { messageKey, type MessageKey } from "../i18n/index.ts";
import { parseForm, type FieldErrors } from "./forms.ts";

export type CpActionData =
  | { ok: true; message: MessageKey; intent: string; id?: string }
  | { ok: false; message: MessageKey; intent: string; fields: FieldErrors; id?: string };

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

export function invalid(intent: string, fields: FieldErrors, id?: string) {
  return data<CpActionData>(
    { ok: false, message: "error.invalidInput", intent, fields, id },
    { status: 400 },
  );
}
