import { getConsultation } from "../../db/queries/consultations.ts";
import { consultationStats, statsJson } from "../../services/consultation-stats.ts";
import { apiError } from "../lib/errors.ts";
import type { Route } from "./+types/api.stats";

/** GET /api/v1/consultations/:id/stats — the consultation's figures (CONTRACTS.md). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) return apiError(request, "not_found", "consultation.notFound");
  const stats = await consultationStats(context.db, consultation.id, context.timeZone);
  return Response.json(statsJson(stats));
}
