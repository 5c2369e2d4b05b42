import { listContactPoints } from "../../db/queries/organizations.ts";
import type { Route } from "./+types/api.contact-points";

/** GET /api/v1/contact-points — the active contact points (CONTRACTS.md). */
export async function loader({ context }: Route.LoaderArgs) {
  const points = await listContactPoints(context.db, { activeOnly: true });
  return Response.json({
    contactPoints: points.map((p) => ({
      id: p.id,
      name: p.name,
      district: p.district,
      address: p.address,
    })),
  });
}
