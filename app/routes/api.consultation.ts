import { listProvisions } from "../../db/queries/bills.ts";
import { getConsultation } from "../../db/queries/consultations.ts";
import { apiError } from "../lib/errors.ts";
import { consultationJson } from "./api.consultations.ts";
import type { Route } from "./+types/api.consultation";

/** GET /api/v1/consultations/:id — the consultation and the provisions of its version. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) return apiError(request, "not_found", "consultation.notFound");
  const provisions = await listProvisions(context.db, consultation.versionId);
  return Response.json({
    ...consultationJson(consultation),
    provisions: provisions.map((p) => ({
      pid: p.pid,
      kind: p.kind,
      number: p.number,
      label: p.label,
      text: p.text,
      parentPid: p.parent_pid,
    })),
  });
}
