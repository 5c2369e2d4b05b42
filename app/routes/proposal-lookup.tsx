import { Link } from "react-router";
import { findProposalByReceipt } from "../../db/queries/proposals.ts";
import { hashLookupCode } from "../../services/opinions.ts";
import { ReceiptLookupForm } from "../components/receipt.tsx";
import { ProposalFate } from "../components/proposal-parts.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { lookupReceiptOf, readLookupForm } from "../lib/lookup.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/proposals.css";
import type { Route } from "./+types/proposal-lookup";

export async function loader({ request }: Route.LoaderArgs) {
  return {
    title: requestTranslator(request)("proposal.lookup.title"),
    receipt: lookupReceiptOf(request),
  };
}

/**
 * For proposers without an account: receipt and lookup code show the proposal's fate (as the
 * public may read it: the triage only once the plan is published). Posted, so the code stays out
 * of history and logs; rate-limited on the counter the opinion lookup uses.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const { receipt, code, allowed } = await readLookupForm(request, context);
  if (!allowed) return { receipt, proposal: null, searched: true };
  const row = receipt && code ? await findProposalByReceipt(context.db, receipt) : undefined;
  if (!row || row.lookup_code_hash !== hashLookupCode(code))
    return { receipt, proposal: null, searched: true };
  const { lookup_code_hash: _hash, ...proposal } = row;
  return { receipt, proposal, searched: true };
}

export default function ProposalLookup({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const receipt = actionData?.receipt ?? loaderData.receipt;
  const p = actionData?.proposal ?? null;
  return (
    <div className="page narrow">
      <h1>{t("proposal.lookup.title")}</h1>
      <p className="lead">{t("proposal.lookup.intro")}</p>
      <ReceiptLookupForm
        idPrefix="pl"
        receipt={receipt}
        receiptLabel={t("proposal.receipt")}
        codeLabel={t("proposal.lookupCode")}
        submitLabel={t("proposal.lookup.submit")}
      />
      {actionData?.searched && !p ? (
        <p className="form-error" role="alert">
          {t("proposal.lookup.notFound")}
        </p>
      ) : null}
      {p ? (
        <article className="card">
          <h2 className="card-title">
            {p.status === "published" ? <Link to={`/proposals/${p.id}`}>{p.title}</Link> : p.title}
          </h2>
          <p className="muted">
            {p.callTitle} · {date(p.created_at)} ·{" "}
            {t("proposal.mine.status", { status: t(`opinionStatus.${p.status}`) })}
          </p>
          <ProposalFate p={p} />
        </article>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
