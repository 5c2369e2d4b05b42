import { listPendingOpinions } from "../../db/queries/opinions.ts";
import { requireRole } from "../auth/permissions.server.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/moderation";

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["moderator", "admin"]);
  return { pending: await listPendingOpinions(context.db) };
}

export default function Moderation({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { pending } = loaderData;
  return (
    <div className="page">
      <h1>{t("moderation.title")}</h1>
      <p className="lead">{t("moderation.intro")}</p>
      <p>
        <strong>{t("moderation.pending", { count: pending.length })}</strong>
      </p>
      {pending.length === 0 ? (
        <p className="empty">{t("moderation.empty")}</p>
      ) : (
        <ul className="cards">
          {pending.map((o) => (
            <li key={o.id} className="card">
              <p className="muted">
                {o.consultationTitle} · {o.provisionLabel ?? t("mine.wholeDraft")}
              </p>
              <p className="opinion-body">{o.body}</p>
              <p className="card-meta">
                <span>{dateTime(o.created_at)}</span>
                <span>{t(`opinionStatus.pending` as MessageKey)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
