import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";

/**
 * An error in the API's shape, its message (and field messages) in the request's language. For a
 * service's refusal use apiErrorResponse (app/lib/errors.server.ts); this is for the few answers
 * a route gives before any service runs.
 */
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
    ? Object.fromEntries(Object.entries(fields).map(([f, k]) => [f, t(messageKey(k))]))
    : undefined;
  return Response.json(
    { error: { code, message: t(key), ...(translated ? { fields: translated } : {}) } },
    { status, headers },
  );
}
