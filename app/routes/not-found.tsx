import { data } from "react-router";
import { isLocale, requestTranslator, translator } from "../i18n/index.ts";
import type { RootData } from "../lib/use-i18n.ts";
import type { Route } from "./+types/not-found";

export async function loader({ request }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  throw data({ message: t("error.notFound") }, { status: 404 });
}

export default function NotFound() {
  return null;
}

/** The loader always throws, so the title comes from the visitor's language (root data). */
export function meta({ matches }: Route.MetaArgs) {
  const root = matches.find((m) => m?.id === "root")?.data as RootData | undefined;
  const t = translator(isLocale(root?.locale) ? root.locale : "zh-CN");
  return [{ title: `${t("error.notFound")} · ${t("app.name")}` }];
}
