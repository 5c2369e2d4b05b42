import { Link } from "react-router";
import { listOpinionsByAuthor } from "../../db/queries/opinions.ts";
import { requireUser } from "../auth/permissions.server.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import type { Route } from "./+types/me";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  return { opinions: await listOpinionsByAuthor(context.db, user.id) };
}

export default function MyOpinions({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { opinions } = loaderData;
  return (
    <div className="page">
      <h1>{t("mine.title")}</h1>
      <p className="lead">{t("mine.intro")}</p>
      {opinions.length === 0 ? (
        <p className="empty">{t("mine.empty")}</p>
      ) : (
        <ul className="cards">
          {opinions.map((o) => (
            <li key={o.id} className="card">
              <p className="muted">
                <Link to={`/consultations/${o.consultationId}`}>{o.billTitle}</Link> ·{" "}
                {t(`version.${o.versionLabel}` as MessageKey)} ·{" "}
                {t("mine.on", { target: o.provisionLabel ?? t("mine.wholeDraft") })}
              </p>
              {o.quote_text ? (
                <figure className="opinion-quote">
                  <figcaption>{t("participation.quoted")}</figcaption>
                  <blockquote>{o.quote_text}</blockquote>
                </figure>
              ) : null}
              <p className="opinion-body">{o.body}</p>
              {o.proposed_text ? (
                <div className="opinion-proposed">
                  <p className="opinion-label">{t("participation.proposed")}</p>
                  <p>{o.proposed_text}</p>
                </div>
              ) : null}
              <p className="card-meta">
                <span>{dateTime(o.created_at)}</span>
                <span>{t(`opinionStatus.${o.status}` as MessageKey)}</span>
                <strong>
                  {t(
                    o.dispositionCode
                      ? (`disposition.${o.dispositionCode}` as MessageKey)
                      : "disposition.none",
                  )}
                </strong>
              </p>
              {o.dispositionReason ? <p className="reason">{o.dispositionReason}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
