import { data } from "react-router";
import { ContactPointError, coordinatorPointId } from "../../services/contact-points.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { requireRole } from "./permissions.server.ts";

/** The signed-in coordinator and the one contact point they serve; anyone else gets 403. */
export async function requireCoordinator(request: Request, ctx: AppContext) {
  const user = await requireRole(request, ctx, ["coordinator"]);
  const contactPointId = coordinatorPointId(user);
  if (!contactPointId) {
    const t = requestTranslator(request);
    throw data({ message: t("coordinator.noPoint") }, { status: 403 });
  }
  const point = await ctx.db
    .selectFrom("contact_points")
    .select(["id", "name", "district", "address", "active"])
    .where("id", "=", contactPointId)
    .executeTakeFirstOrThrow();
  return {
    user,
    point,
    actor: { contactPointId, userId: user.id, ip: ctx.clientIp },
  };
}

/** Turns a refusal of the contact-point service into a thrown response in the user's language. */
export function refusal(request: Request, error: unknown): never {
  if (error instanceof ContactPointError) {
    const t = requestTranslator(request);
    throw data({ message: t(error.messageKey as MessageKey) }, { status: error.status });
  }
  throw error;
}
