// The one error type of every service (see docs/decisions, "one home for each kind of code").
// A service checks its input and state, and refuses with a ServiceError: a stable `code` that the
// API returns as `error.code` (CONTRACTS.md), the HTTP status that code always has, a catalogue
// key (`messageKey`) that the page or the API translates into the user's language, and, for a
// form, the catalogue key of each refused field. Services never build Responses; routes turn a
// ServiceError into one with app/lib/errors.ts.

/** Every code a service or route may refuse with, and the HTTP status it always answers. */
export const errorStatus = {
  bad_request: 400,
  invalid: 400,
  invalid_json: 400,
  idempotency_key_required: 400,
  invalid_idempotency_key: 400,
  too_deep: 400,
  bad_characters: 400,
  unsupported_format: 400,
  empty_document: 400,
  account_required: 403,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  provision_not_found: 404,
  no_bill: 404,
  method_not_allowed: 405,
  conflict: 409,
  online_not_accepted: 409,
  not_open: 409,
  consultation_upcoming: 409,
  consultation_closed: 409,
  frozen: 409,
  stale: 409,
  too_large: 413,
  idempotency_conflict: 422,
  invalid_steps: 422,
  rate_limited: 429,
  unavailable: 503,
  search_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A refusal: stable code, its status, a catalogue key, and per-field catalogue keys. */
export class ServiceError extends Error {
  readonly status: number;
  readonly fields: Record<string, string> | undefined;

  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string,
    fields?: Record<string, string>,
    /** Values the message names (an article's label, a size limit), and an untranslated reason. */
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = "ServiceError";
    this.status = errorStatus[code];
    this.fields = fields && Object.keys(fields).length > 0 ? fields : undefined;
  }
}

/** Input a person must correct (400); `fields` names the refused fields' messages. */
export const invalidInput = (messageKey: string, fields?: Record<string, string>) =>
  new ServiceError("invalid", messageKey, fields);

/** Nothing there, or nothing this user may know is there (404). */
export const notFound = (messageKey = "error.notFound") =>
  new ServiceError("not_found", messageKey);

/** The thing's state does not allow this now (409). */
export const conflict = (messageKey: string, fields?: Record<string, string>) =>
  new ServiceError("conflict", messageKey, fields);

/** Whether a value is a ServiceError (also across module copies in tests). */
export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError || (value as { name?: unknown })?.name === "ServiceError";
}
