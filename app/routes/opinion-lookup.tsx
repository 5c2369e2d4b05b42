import { Link } from "react-router";
import { lookUpOpinion } from "../../services/lookup.ts";
import { opinionChanges } from "../../services/opinion-changes.ts";
import { OpinionChangeView } from "../components/opinion-change.tsx";
import { OutcomeContactForm, ReceiptLookupForm } from "../components/receipt.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { lookupReceiptOf, readLookupForm } from "../lib/lookup.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { OpinionProposed, OpinionQuote } from "../components/opinion-parts.tsx";
import "../styles/participation.css";
import type { Route } from "./+types/opinion-lookup";

export async function loader({ request }: Route.LoaderArgs) {
  return {
    title: requestTranslator(request)("lookup.title"),
    receipt: lookupReceiptOf(request),
  };
}

/**
 * For people without an account: the receipt number and lookup code show an opinion's fate.
 * Posted, not in the address, so the code stays out of browser history and server logs.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const { receipt, code, allowed } = await readLookupForm(request, context);
  if (!allowed) return { receipt, opinion: null, change: null, contactCode: null, searched: true };
  const opinion = receipt && code ? await lookUpOpinion(context.db, receipt, code) : undefined;
  // What an adopted opinion changed in the later reading (issue 18, item 2).
  const change = opinion
    ? ((await opinionChanges(context.db, [opinion.id])).get(opinion.id) ?? null)
    : null;
  // Not yet handled in public: the author may still leave an address for the outcome (the code
  // they typed rides along in the contact form, as on the receipt).
  const contactCode = opinion && !opinion.dispositionCode ? code : null;
  return { receipt, opinion: opinion ?? null, change, contactCode, searched: true };
}

export default function OpinionLookup({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime, label } = useI18n();
  const receipt = actionData?.receipt ?? loaderData.receipt;
  const opinion = actionData?.opinion ?? null;
  const searched = actionData?.searched ?? false;
  return (
    <div className="page narrow">
      <h1>{t("lookup.title")}</h1>
      <p className="lead">{t("lookup.intro")}</p>
      <ReceiptLookupForm
        idPrefix="lk"
        receipt={receipt}
        receiptLabel={t("opinion.receipt")}
        codeLabel={t("opinion.lookupCode")}
        submitLabel={t("lookup.submit")}
      />
      <p>
        <Link to="/proposals/lookup">{t("proposal.lookup.link")}</Link>
      </p>
      {searched && !opinion ? (
        <p className="form-error" role="alert">
          {t("lookup.notFound")}
        </p>
      ) : null}
      {opinion ? (
        <section className="card lookup-result" aria-labelledby="lookup-result">
          <h2 id="lookup-result" className="card-title">
            <Link to={`/consultations/${opinion.consultationId}`}>{opinion.billTitle}</Link>
          </h2>
          <p className="muted">
            {t(`version.${opinion.versionLabel}`)} ·{" "}
            {t("mine.on", {
              target: opinion.provisionLabel ? label(opinion.provisionLabel) : t("mine.wholeDraft"),
            })}{" "}
            · {dateTime(opinion.created_at)}
          </p>
          <OpinionQuote text={opinion.quote_text} />
          <p className="opinion-body">{opinion.body}</p>
          <OpinionProposed text={opinion.proposed_text} />
          <p className="card-meta">
            <span>{t(`opinionStatus.${opinion.status}`)}</span>
            <strong>
              {t(
                opinion.dispositionCode
                  ? (`disposition.${opinion.dispositionCode}` as const)
                  : "disposition.none",
              )}
            </strong>
          </p>
          {opinion.dispositionReason ? <p className="reason">{opinion.dispositionReason}</p> : null}
          {actionData?.change ? <OpinionChangeView change={actionData.change} yours /> : null}
          {actionData?.contactCode ? (
            <OutcomeContactForm receipt={opinion.receipt} lookupCode={actionData.contactCode} />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
