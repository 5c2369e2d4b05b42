import { Link } from "react-router";
import { listDrafterSurveys } from "../../db/queries/surveys.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/surveys.css";
import type { Route } from "./+types/workspace-surveys";

/** The drafters' list: every survey of their legislatures, drafts included. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const surveys = await listDrafterSurveys(context.db, drafterOrganizations(user));
  return {
    title: requestTranslator(request)("surveys.ws.title"),
    surveys: surveys.map((s) => ({
      id: s.id,
      title: s.title,
      purpose: s.purpose,
      subject: s.billTitle ?? s.projectTitle,
      organizationName: s.organizationName,
      status: s.status,
      opensAt: new Date(s.opens_at).toISOString(),
      closesAt: new Date(s.closes_at).toISOString(),
      questions: s.questionCount,
      responses: s.responseCount,
    })),
  };
}

export default function WorkspaceSurveys({ loaderData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  return (
    <div className="page">
      <h1>{t("surveys.ws.title")}</h1>
      <p className="lead">{t("surveys.ws.intro")}</p>
      <p>
        <Link className="button primary" to="/workspace/surveys/new">
          {t("surveys.ws.new")}
        </Link>
      </p>
      {loaderData.surveys.length === 0 ? (
        <p className="empty">{t("surveys.ws.none")}</p>
      ) : (
        <ul className="cards single">
          {loaderData.surveys.map((s) => (
            <li key={s.id} className="card">
              <h2 className="card-title">
                <Link to={`/workspace/surveys/${s.id}`}>{s.title}</Link>
              </h2>
              <p className="muted">
                {t(`surveys.purpose.${s.purpose}`)}
                {s.subject ? ` · ${s.subject}` : ""} · {s.organizationName}
              </p>
              <p className="muted">
                <span className={`tag survey-status-${s.status}`}>
                  {t(`surveys.status.${s.status}`)}
                </span>{" "}
                {t("surveys.period", { from: date(s.opensAt), to: date(s.closesAt) })} ·{" "}
                {t("surveys.questionCount", { count: s.questions })} ·{" "}
                {t("surveys.responseCount", { count: s.responses })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
