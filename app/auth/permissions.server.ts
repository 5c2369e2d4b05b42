import { data, redirect } from "react-router";
import type { Role } from "../../db/codes.ts";
import { holdsBillRole } from "../../db/queries/disposition-work.ts";
import type { UserWithRoles } from "../../db/queries/users.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";
import { getCurrentUser } from "./session.server.ts";

/** Where each role lands after signing in, most powerful first. */
export const roleHome: [Role, string][] = [
  ["admin", "/admin"],
  ["drafter", "/workspace"],
  ["moderator", "/moderation"],
  ["coordinator", "/coordinator"],
  ["citizen", "/me"],
];

/** Where a bill's handlers and reviewers land: their queue (待我处理). */
export const queuePath = "/workspace/queue";

/**
 * The landing page of a user: the page of their most powerful role. A handler or reviewer of
 * some bill (`onBillTeam`) lands on their queue, before a drafter's workspace and after the
 * administration.
 */
export function landingPath(user: UserWithRoles, onBillTeam = false): string {
  if (onBillTeam && !user.memberships.some((m) => m.role === "admin")) return queuePath;
  for (const [role, path] of roleHome) {
    if (user.memberships.some((m) => m.role === role)) return path;
  }
  return "/me";
}

/** The landing page of a user, looking up whether they are on a bill's team. */
export async function landingPathFor(ctx: AppContext, user: UserWithRoles): Promise<string> {
  return landingPath(user, await holdsBillRole(ctx.db, user.id));
}

/** Whether the user holds one of the roles (in the given organization when one is named). */
export function hasRole(
  user: UserWithRoles | null,
  roles: Role[],
  organizationId?: string,
): boolean {
  return (
    !!user &&
    user.memberships.some(
      (m) =>
        roles.includes(m.role) &&
        (organizationId === undefined || m.organizationId === organizationId),
    )
  );
}

/** A thrown 403 whose message is in the request's language. */
export function forbidden(request: Request): Response {
  const t = requestTranslator(request);
  return data({ message: t("error.forbidden") }, { status: 403 }) as unknown as Response;
}

/** Returns the signed-in user, or sends the visitor to sign in and come back. */
export async function requireUser(request: Request, ctx: AppContext): Promise<UserWithRoles> {
  const user = await getCurrentUser(request, ctx);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/**
 * The one permission check of every protected loader and action: the user must hold one of the
 * roles (in the organization, when given), or the request ends in 403.
 */
export async function requireRole(
  request: Request,
  ctx: AppContext,
  roles: Role[],
  organizationId?: string,
): Promise<UserWithRoles> {
  const user = await requireUser(request, ctx);
  if (!hasRole(user, roles, organizationId)) throw forbidden(request);
  return user;
}
