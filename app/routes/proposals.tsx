import { Link } from "react-router";
import { z } from "zod";
import { listProposalCalls, listPublishedProposals } from "../../db/queries/proposals.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { ProposalCard } from "../components/proposal-parts.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { TimeCursor, cursorAfter } from "../lib/proposal-cursor.ts";
import { supportFromForm } from "../lib/proposals.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/proposals.css";
import type { Route } from "./+types/proposals";

const PAGE = 20;
const ListQuery = z.object({
  call: z.string().uuid("error.invalidInput").optional(),
  next: TimeCursor.optional(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const query = readQuery(ListQuery, request);
  const [calls, rows, user] = await Promise.all([
    listProposalCalls(context.db),
    listPublishedProposals(context.db, {
      ...(query.call ? { callId: query.call } : {}),
      ...(query.next ? { after: query.next } : {}),
      limit: PAGE + 1,
    }),
    getCurrentUser(request, context),
  ]);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  const openCallIds = calls.filter((c) => c.status === "open").map((c) => c.id);
  const plannedYears = [...new Set(rows.filter((r) => r.decision).map((r) => r.year))];
  return {
    title: t("proposal.title"),
    openCalls: calls
      .filter((c) => c.status !== "closed")
      .map((c) => ({
        id: c.id,
        year: c.year,
        title: c.title,
        description: c.description,
        organizationName: c.organizationName,
        opensAt: c.opens_at,
        closesAt: c.closes_at,
        status: c.status,
      })),
    openCallIds,
    plannedYears,
    proposals: page.map((p) => ({ ...p, callId: p.callId })),
    next: rows.length > PAGE && last ? cursorAfter(new Date(last.created_at), last.id) : null,
    call: query.call ?? null,
    signedIn: !!user,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  return supportFromForm(request, context);
}

export default function Proposals({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { openCalls, openCallIds, proposals, next, call, signedIn, plannedYears } = loaderData;
  const here = call ? `/proposals?call=${call}` : "/proposals";
  return (
    <div className="page">
      <h1>{t("proposal.title")}</h1>
      <p className="lead">{t("proposal.intro")}</p>
      <p>
        <Link to="/surveys">{t("surveys.fromProposals")}</Link>
      </p>
      <section aria-labelledby="open-calls">
        <h2 id="open-calls">{t("proposal.openCalls")}</h2>
        {openCalls.length === 0 ? (
          <p className="empty">{t("proposal.noOpenCalls")}</p>
        ) : (
          <ul className="cards single">
            {openCalls.map((c) => (
              <li key={c.id} className="card">
                <h3 className="card-title">{c.title}</h3>
                <p className="muted">
                  {c.organizationName} · {t(`proposal.status.${c.status}`)} ·{" "}
                  {t("proposal.period", { from: date(c.opensAt), to: date(c.closesAt) })}
                </p>
                {c.description ? <p>{c.description}</p> : null}
                <p className="proposal-actions">
                  {c.status === "open" ? (
                    <Link className="button primary" to={`/proposals/new?call=${c.id}`}>
                      {t("proposal.propose")}
                    </Link>
                  ) : null}
                  <Link to={`/proposals?call=${c.id}`}>{t("proposal.published")}</Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="published-proposals">
        <h2 id="published-proposals">{t("proposal.published")}</h2>
        {plannedYears.length ? (
          <p>
            {plannedYears.map((y) => (
              <Link key={y} to={`/plans/${y}`} className="plan-link">
                {t("proposal.plansLink", { year: String(y) })}
              </Link>
            ))}
          </p>
        ) : null}
        {proposals.length === 0 ? (
          <p className="empty">{t("proposal.noneYet")}</p>
        ) : (
          <ul className="cards single">
            {proposals.map((p) => (
              <ProposalCard
                key={p.id}
                p={p}
                signedIn={signedIn}
                open={openCallIds.includes(p.callId)}
                next={here}
                notice={
                  actionData &&
                  actionData.proposalId === p.id &&
                  actionData.outcome !== "rateLimited"
                    ? t(`proposal.outcome.${actionData.outcome}`)
                    : actionData?.proposalId === p.id
                      ? t("api.rateLimited")
                      : undefined
                }
              />
            ))}
          </ul>
        )}
        {next ? (
          <p>
            <Link to={`/proposals?${call ? `call=${call}&` : ""}next=${next}`}>
              {t("proposal.more")}
            </Link>
          </p>
        ) : null}
        <p>
          <Link to="/proposals/lookup">{t("proposal.lookup.link")}</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
