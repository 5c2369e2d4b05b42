// What a visitor may learn of an error a route threw: its status, and a message from the
// catalogue or the route's own (already translated) message. An unexpected error's text, stack
// or file paths never reach the page, in any mode.
import { isRouteErrorResponse } from "react-router";
import type { Translate } from "../i18n/index.ts";

/** The HTTP status a route error stands for: a thrown Response's own, else 500. */
export function routeErrorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}

/** The message shown for a route error, in the visitor's language. */
export function routeErrorMessage(error: unknown, t: Translate): string {
  if (!isRouteErrorResponse(error)) return t("error.generic");
  const payload = error.data as { message?: unknown } | undefined;
  if (typeof payload?.message === "string") return payload.message;
  const status = error.status;
  if (status === 404) return t("error.notFound");
  if (status === 403) return t("error.forbidden");
  if (status === 413) return t("error.tooLarge");
  if (status >= 400 && status < 500) return t("error.badRequest");
  return t("error.generic");
}
