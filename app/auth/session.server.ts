import { createCookie, redirect } from "react-router";
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_DAYS,
} from "../../db/queries/sessions.ts";
import { getUserWithRoles, type UserWithRoles } from "../../db/queries/users.ts";
import type { AppContext } from "../context.ts";

function sessionCookie(ctx: AppContext) {
  return createCookie("kaimen_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: ctx.secureCookies,
    secrets: [ctx.sessionSecret],
    maxAge: SESSION_DAYS * 86_400,
  });
}

async function readToken(request: Request, ctx: AppContext): Promise<string | undefined> {
  const value: unknown = await sessionCookie(ctx).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The signed-in user of this request with their roles, or null; looked up once per request. */
export function getCurrentUser(request: Request, ctx: AppContext): Promise<UserWithRoles | null> {
  let pending = ctx.memo.get("user") as Promise<UserWithRoles | null> | undefined;
  if (!pending) {
    pending = (async () => {
      const token = await readToken(request, ctx);
      if (!token) return null;
      const userId = await findSessionUser(ctx.db, token);
      if (!userId) return null;
      return (await getUserWithRoles(ctx.db, userId)) ?? null;
    })();
    ctx.memo.set("user", pending);
  }
  return pending;
}

/**
 * Signs a user in: ends the session the browser had (rotation, against session fixation),
 * starts a new one and redirects with its cookie.
 */
export async function signInAndRedirect(
  request: Request,
  ctx: AppContext,
  userId: string,
  to: string,
) {
  const previous = await readToken(request, ctx);
  if (previous) await deleteSession(ctx.db, previous);
  const token = await createSession(ctx.db, userId);
  return redirect(to, { headers: { "Set-Cookie": await sessionCookie(ctx).serialize(token) } });
}

/** Signs out: ends the session in the database and clears the cookie. */
export async function signOutAndRedirect(request: Request, ctx: AppContext, to: string) {
  const token = await readToken(request, ctx);
  if (token) await deleteSession(ctx.db, token);
  return redirect(to, {
    headers: { "Set-Cookie": await sessionCookie(ctx).serialize("", { maxAge: 0 }) },
  });
}
