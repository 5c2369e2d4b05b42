import { Form, Link } from "react-router";
import type { PlanCategory, ProposalDecision, RespondentType } from "../../db/codes.ts";
import { CsrfInput } from "./csrf-input.tsx";
import { useI18n } from "../lib/use-i18n.ts";

/** What the public may read of a proposal (db/queries/proposals.ts, publicProposals). */
export interface PublicProposalView {
  id: string;
  title: string;
  callTitle: string;
  year: number;
  reasons: string;
  problem: string;
  relatedRules: string;
  respondentType: RespondentType;
  contactPointName: string | null;
  created_at: Date | string;
  supports: number;
  decision: ProposalDecision | null;
  decisionReason: string | null;
  projectId: string | null;
  projectTitle: string | null;
  projectCategory: PlanCategory | null;
  billId: string | null;
  billTitle: string | null;
  billVersionId: string | null;
}

/** A proposal's outcome once the plan is out: decision, reason, project and its bill. */
export function ProposalFate({ p }: { p: PublicProposalView }) {
  const { t } = useI18n();
  if (!p.decision) return <p className="muted">{t("proposal.fatePending")}</p>;
  return (
    <div className="proposal-fate">
      <p>
        <strong className={`decision-badge decision-${p.decision}`}>
          {t(`proposal.decision.${p.decision}`)}
        </strong>{" "}
        {p.decisionReason}
      </p>
      {p.projectTitle ? (
        <p>
          <Link to={`/plans/${p.year}#project-${p.projectId}`}>
            {t("proposal.project", { title: p.projectTitle })}
          </Link>
        </p>
      ) : null}
      {p.billTitle ? (
        <p>
          {p.billVersionId ? (
            <Link to={`/bills/${p.billId}/versions/${p.billVersionId}`}>
              {t("proposal.bill", { title: p.billTitle })}
            </Link>
          ) : (
            t("proposal.bill", { title: p.billTitle })
          )}
          {" · "}
          <Link to={`/bills/${p.billId}/timeline`}>{t("timeline.link")}</Link>
        </p>
      ) : null}
      <p>
        <Link to={`/plans/${p.year}`}>{t("proposal.inPlan", { year: String(p.year) })}</Link>
      </p>
    </div>
  );
}

/** The 附议 button (or the way to sign in for it). */
export function SupportButton({
  proposalId,
  signedIn,
  open,
  supports,
  next,
}: {
  proposalId: string;
  signedIn: boolean;
  open: boolean;
  supports: number;
  next: string;
}) {
  const { t } = useI18n();
  const count = <span className="muted">{t("proposal.supports", { count: supports })}</span>;
  if (!open) return count;
  if (!signedIn)
    return (
      <span>
        {count}{" "}
        <Link to={`/login?next=${encodeURIComponent(next)}`}>{t("proposal.signInToSupport")}</Link>
      </span>
    );
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="proposalId" value={proposalId} />
      {count}{" "}
      <button type="submit" className="button small">
        {t("proposal.support")}
      </button>
    </Form>
  );
}

/** A proposal as a card of the public list. */
export function ProposalCard({
  p,
  signedIn,
  open,
  next,
  notice,
}: {
  p: PublicProposalView;
  signedIn: boolean;
  open: boolean;
  next: string;
  notice?: string | undefined;
}) {
  const { t, date } = useI18n();
  return (
    <li className="card proposal-card">
      <h3 className="card-title">
        <Link to={`/proposals/${p.id}`}>{p.title}</Link>
      </h3>
      <p className="muted">
        {p.callTitle} · {date(p.created_at)} ·{" "}
        {t("proposal.respondentAs", { type: t(`respondent.${p.respondentType}`) })}
        {p.contactPointName ? (
          <> · {t("proposal.viaPoint", { point: p.contactPointName })}</>
        ) : null}
      </p>
      <p className="proposal-reasons">{p.reasons}</p>
      {p.decision ? <ProposalFate p={p} /> : null}
      <div className="card-meta">
        <SupportButton
          proposalId={p.id}
          signedIn={signedIn}
          open={open}
          supports={p.supports}
          next={next}
        />
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
    </li>
  );
}
