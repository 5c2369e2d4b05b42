import { lookUpOpinion } from "../../services/lookup.ts";
import { apiRateLimit } from "../auth/rate-limit.server.ts";
import { apiError } from "../lib/api.server.ts";
import type { Route } from "./+types/api.lookup";

/** GET /api/v1/opinions/lookup?receipt=&code= — one opinion with its status and disposition. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const receipt = url.searchParams.get("receipt") ?? "";
  const code = url.searchParams.get("code") ?? "";
  if (!receipt || !code) {
    const fields: Record<string, string> = {};
    if (!receipt) fields.receipt = "error.required";
    if (!code) fields.code = "error.required";
    return apiError(request, 400, "bad_request", "error.invalidInput", fields);
  }
  const limited = await apiRateLimit(request, context, "lookup");
  if (limited) return limited;
  const opinion = await lookUpOpinion(context.db, receipt, code);
  if (!opinion) return apiError(request, 404, "not_found", "lookup.notFound");
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
