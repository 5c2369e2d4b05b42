import { z } from "zod";
import { lookUpOpinion } from "../../services/lookup.ts";
import { apiRateLimit } from "../auth/rate-limit.server.ts";
import { apiError } from "../lib/errors.ts";
import type { MessageKey } from "../i18n/index.ts";
import { parseQuery } from "../lib/forms.ts";
import type { Route } from "./+types/api.lookup";

const required = z.string("error.required").min(1, "error.required");
const LookupQuery = z.object({ receipt: required, code: required });

/** GET /api/v1/opinions/lookup?receipt=&code= — one opinion with its status and disposition. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const parsed = parseQuery(LookupQuery, request);
  if (!parsed.ok) {
    // Both fields are named when both are missing, with the general message (as always).
    const fields = Object.fromEntries(
      Object.entries(parsed.errors).filter((e): e is [string, MessageKey] => Boolean(e[1])),
    );
    return apiError(request, "bad_request", "error.invalidInput", fields);
  }
  const { receipt, code } = parsed.data;
  const limited = await apiRateLimit(request, context, "lookup");
  if (limited) return limited;
  const opinion = await lookUpOpinion(context.db, receipt, code);
  if (!opinion) return apiError(request, "not_found", "lookup.notFound");
  return Response.json({
    id: opinion.id,
    receipt: opinion.receipt,
    consultationId: opinion.consultationId,
    provisionPid: opinion.provision_pid,
    body: opinion.body,
    proposedText: opinion.proposed_text,
    status: opinion.status,
    createdAt: new Date(opinion.created_at).toISOString(),
    ...(opinion.dispositionCode
      ? { disposition: { code: opinion.dispositionCode, reason: opinion.dispositionReason } }
      : {}),
  });
}
