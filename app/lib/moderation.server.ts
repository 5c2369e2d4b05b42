import { data } from "react-router";
import { z } from "zod";
import {
  moderateOpinion,
  moderatedOrganizations,
  moderationActions,
  opinionOrganization,
} from "../../services/moderation.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { forbidden, requireRole } from "../auth/permissions.server.ts";
import type { AppContext } from "../context.ts";
import { isServiceError } from "../../services/errors.ts";
import { messageKey, type MessageKey } from "../i18n/index.ts";

/**
 * Moderation is for moderators and administrators, each for the consultations of the
 * legislatures they hold that role in. Drafters may not moderate, not even their own bill's
 * consultation: the people whose draft is criticised should not be the ones who can hide the
 * criticism (they answer it under 处理情况 instead).
 */
export async function requireModerator(request: Request, ctx: AppContext) {
  const user = await requireRole(request, ctx, ["moderator", "admin"]);
  return { user, organizationIds: moderatedOrganizations(user) };
}

const ActionSchema = z.object({
  intent: z.enum(moderationActions),
  opinionId: z.string().uuid(),
  reason: z.string().trim().max(500).optional(),
});

export type ModerationActionData =
  | { ok: true; intent: (typeof moderationActions)[number]; opinionId: string }
  | { ok: false; opinionId: string | null; message: MessageKey };

/** The action of the queue and the record page: one decision on one opinion. */
export async function moderationAction(request: Request, ctx: AppContext) {
  const { user, organizationIds } = await requireModerator(request, ctx);
  const form = await requireCsrf(request, ctx);
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return data<ModerationActionData>(
      {
        ok: false,
        opinionId: typeof form.get("opinionId") === "string" ? String(form.get("opinionId")) : null,
        message:
          form.get("intent") === "hide" ? "moderation.error.reasonRequired" : "error.invalidInput",
      },
      { status: 400 },
    );
  const { intent, opinionId, reason } = parsed.data;
  const org = await opinionOrganization(ctx.db, opinionId);
  if (!org)
    return data<ModerationActionData>(
      { ok: false, opinionId, message: "moderation.report.notFound" },
      { status: 404 },
    );
  if (!organizationIds.includes(org)) throw forbidden(request);
  if (intent === "hide" && !reason)
    return data<ModerationActionData>(
      { ok: false, opinionId, message: "moderation.error.reasonRequired" },
      { status: 400 },
    );
  try {
    await moderateOpinion(ctx.db, {
      opinionId,
      action: intent,
      reason,
      actorUserId: user.id,
      ip: ctx.clientIp,
    });
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return data<ModerationActionData>(
      { ok: false, opinionId, message: messageKey(error.messageKey, "error.generic") },
      { status: error.status },
    );
  }
  return { ok: true, intent, opinionId } satisfies ModerationActionData;
}
