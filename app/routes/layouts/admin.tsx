// The administrators' pages: users, contact points and the audit log. A refusal (403, 404, a 400 of a bad
// query) or a failure among them is caught here, below the root, so the page keeps the site's
// header, navigation, search and footer around the error.
import { Outlet } from "react-router";
import { ErrorPage } from "../../components/error-page.tsx";
import { areaTitle } from "../../lib/meta.ts";
import type { Route } from "./+types/admin";

export default function AdminArea() {
  return <Outlet />;
}

export const meta: Route.MetaFunction = (args) => areaTitle(args);

export function ErrorBoundary() {
  return <ErrorPage />;
}
