import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { zonedLocalToUtc } from "../../services/consultations.ts";
import type { AppContext } from "../context.ts";

// Server helpers shared by the hearing pages: the registration limit and the drafters' form of
// a hearing's details.

/** Registrations per address and per account in a window, like opinions and proposals. */
export const HEARING_REGISTRATION_LIMIT = { hits: 20, windowSeconds: 600 } as const;

/** Counts one registration attempt; the seconds to wait when over the limit, else null. */
export async function hearingRateLimit(
  ctx: AppContext,
  userId: string | null,
): Promise<number | null> {
  if (!ctx.rateLimit) return null;
  const keys = [`hearing:ip:${ctx.clientIp}`, ...(userId ? [`hearing:user:${userId}`] : [])];
  for (const key of keys) {
    const hit = await hitRateLimit(
      ctx.db,
      key,
      HEARING_REGISTRATION_LIMIT.hits,
      HEARING_REGISTRATION_LIMIT.windowSeconds,
    );
    if (!hit.allowed) return hit.retryAfter;
  }
  return null;
}

/**
 * The details form as the service takes them (services/hearings.ts HearingDetails): times given
 * as wall-clock time of the deployment's zone become instants; an unreadable time is left out,
 * so the service names the field.
 */
export function hearingDetailsFromForm(form: FormData, timeZone: string): Record<string, unknown> {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const time = (name: string) => zonedLocalToUtc(text(name), timeZone) ?? undefined;
  return {
    title: text("title"),
    description: text("description"),
    questions: text("questions"),
    heldAt: time("heldAt"),
    place: text("place"),
    speakerSeats: text("speakerSeats"),
    reserveSeats: text("reserveSeats") || "0",
    selectionMethod: text("selectionMethod"),
    registrationOpensAt: time("registrationOpensAt"),
    registrationClosesAt: time("registrationClosesAt"),
  };
}
