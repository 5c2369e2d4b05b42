import { data } from "react-router";
import { requestTranslator } from "../i18n/index.ts";
import type { Route } from "./+types/not-found";

export async function loader({ request }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  throw data({ message: t("error.notFound") }, { status: 404 });
}

export default function NotFound() {
  return null;
}
