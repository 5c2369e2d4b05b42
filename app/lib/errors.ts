import { data } from "react-router";
import { isServiceError, ServiceError, type ErrorCode } from "../../services/errors.ts";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";

// Where a service's refusal (services/errors.ts) becomes an HTTP answer: the API's error shape
// for JSON routes, a thrown data() Response for loaders (the route's ErrorBoundary shows it), and
// action data with field messages for forms. One place, so every refusal looks the same.

/** Field messages of a refusal, as catalogue keys the page translates. */
export type FieldKeys = Partial<Record<string, MessageKey>>;

function fieldKeys(error: ServiceError): FieldKeys | undefined {
  if (!error.fields) return undefined;
  return Object.fromEntries(Object.entries(error.fields).map(([f, k]) => [f, messageKey(k)]));
}

/** The API's error answer (CONTRACTS.md) of a refusal, in the request's language. */
export function apiErrorResponse(
  request: Request,
  error: ServiceError,
  headers?: HeadersInit,
): Response {
  const t = requestTranslator(request);
  const fields = error.fields
    ? Object.fromEntries(Object.entries(error.fields).map(([f, k]) => [f, t(messageKey(k))]))
    : undefined;
  return Response.json(
    {
      error: {
        code: error.code,
        message: t(messageKey(error.messageKey, "error.generic")),
        ...(fields ? { fields } : {}),
      },
    },
    { status: error.status, headers },
  );
}

/**
 * The API's error answer of a refusal a route makes itself, before any service runs: the same
 * shape and the same status for the code as a service's refusal.
 */
export function apiError(
  request: Request,
  code: ErrorCode,
  key: MessageKey,
  fields?: Record<string, string>,
  headers?: HeadersInit,
): Response {
  return apiErrorResponse(request, new ServiceError(code, key, fields), headers);
}

/**
 * Runs an API handler; a ServiceError it throws becomes the API's error shape. Anything else is
 * not a refusal and goes on to the server's error handling.
 */
export async function answerApi(
  request: Request,
  handler: () => Promise<Response>,
): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (isServiceError(error)) return apiErrorResponse(request, error);
    throw error;
  }
}

/** The Response a loader throws for a refusal: the ErrorBoundary shows its translated message. */
export function refusalResponse(request: Request, error: ServiceError): Response {
  const t = requestTranslator(request);
  return data(
    { message: t(messageKey(error.messageKey, "error.generic")) },
    { status: error.status },
  ) as unknown as Response;
}

/** What an action returns for a refused form: the message and field keys, with the status. */
export function formRefusal<Extra extends Record<string, unknown>>(
  error: ServiceError,
  extra: Extra = {} as Extra,
) {
  return data(
    {
      ok: false as const,
      ...extra,
      code: error.code,
      message: messageKey(error.messageKey, "error.generic"),
      fields: fieldKeys(error) ?? {},
    },
    { status: error.status },
  );
}

/** Runs a loader or action body; a ServiceError it throws is thrown on as the refusal page. */
export async function orRefuse<T>(request: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isServiceError(error)) throw refusalResponse(request, error);
    throw error;
  }
}
