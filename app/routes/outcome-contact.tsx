import { data, Link } from "react-router";
import { isServiceError } from "../../services/errors.ts";
import { leaveOutcomeContact } from "../../services/outcome-notices.ts";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { limits } from "../auth/rate-limit.server.ts";
import { OutcomeContactSaved, type OutcomeContactAnswer } from "../components/receipt.tsx";
import { requestLocale, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import type { Route } from "./+types/outcome-contact";

// Where the receipt's outcome-contact form posts (issue 18, item 3). Open to anyone: proving the
// opinion is theirs is the receipt number with its lookup code (checked by the service). The
// receipt posts here through a fetcher and stays on screen; without JavaScript this page shows
// the answer.

export function loader({ request }: Route.LoaderArgs) {
  return { title: requestTranslator(request)("outcome.contact.legend") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  // A wrong code answers differently from a wrong address, so every post counts as a guess on
  // the lookup pages' counter (app/lib/lookup.server.ts): this form doubles no one's guesses.
  if (context.rateLimit) {
    const hit = await hitRateLimit(context.db, `lookup:ip:${context.clientIp}`, ...limits.lookup);
    if (!hit.allowed)
      return data<OutcomeContactAnswer>(
        { ok: false, message: "api.rateLimited", fields: {} },
        { status: 429 },
      );
  }
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  try {
    const kept = await leaveOutcomeContact(context.db, {
      receipt: text("receipt"),
      code: text("code"),
      address: text("address"),
      consent: text("consent") === "yes",
      locale: requestLocale(request),
      origin: new URL(request.url).origin,
    });
    return { ok: true, channel: kept.channel, token: kept.token } satisfies OutcomeContactAnswer;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    if (error.code === "not_found")
      return data<OutcomeContactAnswer>(
        { ok: false, message: "outcome.contact.notFound", fields: {} },
        { status: 404 },
      );
    return formRefusal(error);
  }
}

export default function OutcomeContact({ actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const answer = actionData as OutcomeContactAnswer | undefined;
  return (
    <div className="page narrow">
      <h1>{t("outcome.contact.legend")}</h1>
      {answer?.ok ? (
        <OutcomeContactSaved answer={answer} />
      ) : answer ? (
        <>
          <p className="form-error" role="alert">
            {t(answer.message)}
          </p>
          <ul>
            {Object.values(answer.fields).map((key) => (
              <li key={key}>{t(key as MessageKey)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("outcome.contact.intro")}</p>
      )}
      <p>
        <Link to="/opinions/lookup">{t("lookup.title")}</Link>
      </p>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
