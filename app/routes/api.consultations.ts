import { listConsultations } from "../../db/queries/consultations.ts";
import type { Route } from "./+types/api.consultations";

/** Shapes one consultation as the API shows it (CONTRACTS.md). */
export function consultationJson(c: Awaited<ReturnType<typeof listConsultations>>[number]) {
  return {
    id: c.id,
    billId: c.billId,
    billTitle: c.billTitle,
    versionId: c.versionId,
    versionLabel: c.versionLabel,
    status: c.status,
    opensAt: new Date(c.opens_at).toISOString(),
    closesAt: new Date(c.closes_at).toISOString(),
  };
}

/** GET /api/v1/consultations — every consultation with its derived status. */
export async function loader({ context }: Route.LoaderArgs) {
  const consultations = await listConsultations(context.db, { limit: 100 });
  return Response.json({ consultations: consultations.map(consultationJson) });
}
