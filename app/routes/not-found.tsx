import { data } from "react-router";
import { requestTranslator } from "../i18n/index.ts";
import { pageTitle } from "../lib/meta.ts";
import type { Route } from "./+types/not-found";

/** Any address no other route claims: a 404, shown by the public area's error page. */
export async function loader({ request }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  throw data({ message: t("error.notFound") }, { status: 404 });
}

export default function NotFound() {
  return null;
}

// The loader always throws, so the area's error title shows; this one matches it should it not.
export const meta: Route.MetaFunction = (args) =>
  pageTitle(args, (t) => `${t("error.title")} · 404`);
