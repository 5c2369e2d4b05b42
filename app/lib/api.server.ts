import type { Answer } from "../../services/opinions.ts";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";

/** An error in the API's shape, its message (and field messages) in the request's language. */
export function apiError(
  request: Request,
  status: number,
  code: string,
  key: MessageKey,
  fields?: Record<string, string>,
  headers?: HeadersInit,
) {
  const t = requestTranslator(request);
  const translated = fields
    ? Object.fromEntries(Object.entries(fields).map(([f, k]) => [f, t(k as MessageKey)]))
    : undefined;
  return Response.json(
    { error: { code, message: t(key), ...(translated ? { fields: translated } : {}) } },
    { status, headers },
  );
}

/** Sends a kept or fresh answer; error answers carry catalogue keys, translated here. */
export function sendAnswer(request: Request, answer: Answer): Response {
  const error = answer.body.error as
    { code: string; messageKey: string; fields?: Record<string, string> } | undefined;
  if (error)
    return apiError(
      request,
      answer.status,
      error.code,
      error.messageKey as MessageKey,
      error.fields,
    );
  return Response.json(answer.body, { status: answer.status });
}
