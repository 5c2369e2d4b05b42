import { data, Link } from "react-router";
import { getProposalCall, getPublicProposal } from "../../db/queries/proposals.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { ProposalFate, SupportButton } from "../components/proposal-parts.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { supportFromForm } from "../lib/proposals.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/proposals.css";
import type { Route } from "./+types/proposal";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  // Published proposals only: a pending or hidden one is nobody's to read here.
  const proposal = await getPublicProposal(context.db, params.id);
  if (!proposal) throw data({ message: t("proposal.notFound") }, { status: 404 });
  const [call, user] = await Promise.all([
    getProposalCall(context.db, proposal.callId),
    getCurrentUser(request, context),
  ]);
  return {
    title: proposal.title,
    proposal,
    callOpen: call?.status === "open",
    signedIn: !!user,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  return supportFromForm(request, context);
}

export default function ProposalPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { proposal: p, callOpen, signedIn } = loaderData;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to="/proposals">{t("proposal.title")}</Link> · {p.callTitle}
      </p>
      <h1>{p.title}</h1>
      <p className="muted">
        {date(p.created_at)} ·{" "}
        {t("proposal.respondentAs", { type: t(`respondent.${p.respondentType}`) })}
        {p.contactPointName ? (
          <> · {t("proposal.viaPoint", { point: p.contactPointName })}</>
        ) : null}
      </p>
      <dl className="proposal-detail">
        <dt>{t("proposal.reasons")}</dt>
        <dd>{p.reasons}</dd>
        {p.problem ? (
          <>
            <dt>{t("proposal.problem")}</dt>
            <dd>{p.problem}</dd>
          </>
        ) : null}
        {p.relatedRules ? (
          <>
            <dt>{t("proposal.relatedRules")}</dt>
            <dd>{p.relatedRules}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <SupportButton
          proposalId={p.id}
          signedIn={signedIn}
          open={callOpen}
          supports={p.supports}
          next={`/proposals/${p.id}`}
        />
      </p>
      {actionData ? (
        <p className="notice" role="status">
          {actionData.outcome === "rateLimited"
            ? t("api.rateLimited")
            : t(`proposal.outcome.${actionData.outcome}`)}
        </p>
      ) : null}
      <section aria-labelledby="fate">
        <h2 id="fate">{t("proposal.fate")}</h2>
        <ProposalFate p={p} />
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
