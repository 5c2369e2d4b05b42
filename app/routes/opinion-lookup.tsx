import { Form, Link } from "react-router";
import { lookUpOpinion } from "../../services/lookup.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
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
  if (!allowed) return { receipt, opinion: null, searched: true };
  const opinion = receipt && code ? await lookUpOpinion(context.db, receipt, code) : undefined;
  return { receipt, opinion: opinion ?? null, searched: true };
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
      <Form method="post" className="stack">
        <CsrfInput />
        <div className="field">
          <label htmlFor="lk-receipt">{t("opinion.receipt")}</label>
          <input
            id="lk-receipt"
            name="receipt"
            defaultValue={receipt}
            required
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="lk-code">{t("opinion.lookupCode")}</label>
          <input id="lk-code" name="code" required autoComplete="off" />
        </div>
        <button type="submit" className="button primary">
          {t("lookup.submit")}
        </button>
      </Form>
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
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
