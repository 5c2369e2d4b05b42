import { data } from "react-router";
import { coordinatorPointId, getContactPoint } from "../../db/queries/contact-points.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";
import { requireRole } from "./permissions.server.ts";

/** The signed-in coordinator and the one contact point they serve; anyone else gets 403. */
export async function requireCoordinator(request: Request, ctx: AppContext) {
  const user = await requireRole(request, ctx, ["coordinator"]);
  const contactPointId = coordinatorPointId(user);
  const found = contactPointId ? await getContactPoint(ctx.db, contactPointId) : undefined;
  if (!contactPointId || !found) {
    const t = requestTranslator(request);
    throw data({ message: t("coordinator.noPoint") }, { status: 403 });
  }
  const { id, name, district, address, active } = found;
  return {
    user,
    point: { id, name, district, address, active },
    actor: { contactPointId, userId: user.id, ip: ctx.clientIp },
  };
}
