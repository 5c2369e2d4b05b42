import { OpinionListPage } from "../components/public-opinions.tsx";
import { loadOpinionList, supportAction, type SupportAnswer } from "../lib/opinion-list.server.ts";
import "../styles/participation.css";
import type { Route } from "./+types/draft-opinions";

export function loader({ request, params, context }: Route.LoaderArgs) {
  return loadOpinionList(request, context, params.id, null);
}

export function action({ request, context }: Route.ActionArgs) {
  return supportAction(request, context);
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.consultation.billTitle} · 开门立法` : "开门立法" }];
}

export default function DraftOpinions({ loaderData, actionData }: Route.ComponentProps) {
  return <OpinionListPage data={loaderData} answer={actionData as SupportAnswer | undefined} />;
}
