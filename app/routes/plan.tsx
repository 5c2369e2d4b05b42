import { data, Link } from "react-router";
import { z } from "zod";
import { planCategories } from "../../db/codes.ts";
import { listPlanProjects, listPublishedPlansOfYear } from "../../db/queries/proposals.ts";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/proposals.css";
import type { Route } from "./+types/plan";

const Year = z.coerce.number().int().min(2000).max(2100);

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const year = Year.safeParse(params.year);
  if (!year.success) throw data({ message: t("error.notFound") }, { status: 404 });
  // Published plans only: an unpublished plan and its triage are the drafters' until then.
  const plans = await listPublishedPlansOfYear(context.db, year.data);
  if (plans.length === 0)
    throw data({ message: t("plan.notPublished", { year: String(year.data) }) }, { status: 404 });
  return {
    title: t("plan.title", { year: String(year.data) }),
    year: year.data,
    plans: await Promise.all(
      plans.map(async (plan) => ({
        ...plan,
        projects: await listPlanProjects(context.db, plan.id),
      })),
    ),
  };
}

export default function PlanPage({ loaderData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { plans } = loaderData;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to="/proposals">{t("proposal.title")}</Link>
      </p>
      {plans.map((plan) => (
        <article key={plan.id} aria-labelledby={`plan-${plan.id}`}>
          <h1 id={`plan-${plan.id}`}>{plan.title}</h1>
          <p className="muted">
            {t("plan.publishedOn", { org: plan.organizationName, date: date(plan.published_at!) })}
          </p>
          {plan.note ? <p>{plan.note}</p> : null}
          {planCategories.map((category) => {
            const projects = plan.projects.filter((p) => p.category === category);
            return (
              <section key={category} aria-labelledby={`cat-${plan.id}-${category}`}>
                <h2 id={`cat-${plan.id}-${category}`}>{t(`plan.category.${category}`)}</h2>
                {projects.length === 0 ? (
                  <p className="empty">{t("plan.noProjects")}</p>
                ) : (
                  <ol className="plan-projects">
                    {projects.map((pj) => (
                      <li key={pj.id} id={`project-${pj.id}`}>
                        <strong>{pj.title}</strong>
                        {pj.sponsor ? (
                          <span className="muted">
                            {" "}
                            · {t("plan.sponsor", { sponsor: pj.sponsor })}
                          </span>
                        ) : null}
                        <p>
                          {pj.billId && pj.billVersionId ? (
                            <Link to={`/bills/${pj.billId}/versions/${pj.billVersionId}`}>
                              {t("plan.bill", { title: pj.billTitle ?? "" })}
                            </Link>
                          ) : pj.billId ? (
                            t("plan.bill", { title: pj.billTitle ?? "" })
                          ) : (
                            <span className="muted">{t("plan.noBill")}</span>
                          )}
                          {pj.billId ? (
                            <>
                              {" · "}
                              <Link to={`/bills/${pj.billId}/timeline`}>{t("timeline.link")}</Link>
                            </>
                          ) : null}
                        </p>
                        {pj.proposals.length ? (
                          <p className="muted">
                            {t("plan.fromProposals")}{" "}
                            {pj.proposals.map((pr, i) => (
                              <span key={pr.id}>
                                {i > 0 ? "、" : null}
                                <Link to={`/proposals/${pr.id}`}>{pr.title}</Link>
                              </span>
                            ))}
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            );
          })}
        </article>
      ))}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
