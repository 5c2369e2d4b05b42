import { Link } from "react-router";
import { listOpinionsByAuthor } from "../../db/queries/opinions.ts";
import { listProposalsByAuthor } from "../../db/queries/proposals.ts";
import { opinionChanges } from "../../services/opinion-changes.ts";
import { OpinionChangeView } from "../components/opinion-change.tsx";
import { MyProposals } from "../components/my-proposals.tsx";
import { requireUser } from "../auth/permissions.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { OpinionProposed, OpinionQuote } from "../components/opinion-parts.tsx";
import "../styles/participation.css";
import type { Route } from "./+types/me";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const opinions = await listOpinionsByAuthor(context.db, user.id);
  // What each adopted opinion changed in the later reading (issue 18, item 2).
  const changes = await opinionChanges(
    context.db,
    opinions
      .filter((o) => o.dispositionCode === "adopted" || o.dispositionCode === "partly_adopted")
      .map((o) => o.id),
  );
  return {
    title: requestTranslator(request)("mine.title"),
    opinions: opinions.map((o) => ({ ...o, change: changes.get(o.id) ?? null })),
    proposals: await listProposalsByAuthor(context.db, user.id),
  };
}

export default function MyOpinions({ loaderData }: Route.ComponentProps) {
  const { t, dateTime, label } = useI18n();
  const { opinions, proposals } = loaderData;
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
                {t(`version.${o.versionLabel}`)} ·{" "}
                <Link
                  to={
                    o.provision_pid
                      ? `/consultations/${o.consultationId}/provisions/${o.provision_pid}`
                      : `/consultations/${o.consultationId}/opinions`
                  }
                >
                  {t("mine.on", {
                    target: o.provisionLabel ? label(o.provisionLabel) : t("mine.wholeDraft"),
                  })}
                </Link>
              </p>
              <OpinionQuote text={o.quote_text} />
              <p className="opinion-body">{o.body}</p>
              <OpinionProposed text={o.proposed_text} />
              <p className="card-meta">
                <span>{dateTime(o.created_at)}</span>
                <span>{t(`opinionStatus.${o.status}`)}</span>
                <strong>
                  {t(
                    o.dispositionCode
                      ? (`disposition.${o.dispositionCode}` as const)
                      : "disposition.none",
                  )}
                </strong>
              </p>
              {o.dispositionReason ? <p className="reason">{o.dispositionReason}</p> : null}
              {o.change ? <OpinionChangeView change={o.change} yours /> : null}
            </li>
          ))}
        </ul>
      )}
      <MyProposals proposals={proposals} />
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
