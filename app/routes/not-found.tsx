import { data } from "react-router";
import { negotiateLocale, translator } from "../i18n/index.ts";
import type { Route } from "./+types/not-found";

export async function loader({ request }: Route.LoaderArgs) {
  const t = translator(
    negotiateLocale(request.headers.get("Cookie"), request.headers.get("Accept-Language")),
  );
  throw data({ message: t("error.notFound") }, { status: 404 });
}

export default function NotFound() {
  return null;
}
