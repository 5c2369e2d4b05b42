import { redirect } from "react-router";
import { requireCsrf } from "../auth/csrf.server.ts";
import { signOutAndRedirect } from "../auth/session.server.ts";
import type { Route } from "./+types/logout";

export async function loader() {
  throw redirect("/");
}

export async function action({ request, context }: Route.ActionArgs) {
  await requireCsrf(request, context);
  return signOutAndRedirect(request, context, "/");
}
