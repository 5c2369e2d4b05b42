import { Form } from "react-router";
import { z } from "zod";
import { unsubscribeOutcome } from "../../services/outcome-notices.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import type { Route } from "./+types/outcome-unsubscribe";

// The unsubscribe link of an outcome message (issue 18, item 3). Following the link only shows
// a button: mail scanners open links, and opening one must not unsubscribe anybody. Pressing it
// deletes the contact (services/outcome-notices.ts). Open to anyone holding the token.

const UnsubscribeQuery = z.object({ token: z.string().max(100).optional().catch(undefined) });

export function loader({ request }: Route.LoaderArgs) {
  return {
    title: requestTranslator(request)("outcome.unsubscribe.title"),
    token: readQuery(UnsubscribeQuery, request).token ?? "",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const token = form.get("token");
  const done = typeof token === "string" && (await unsubscribeOutcome(context.db, token));
  return { done };
}

export default function OutcomeUnsubscribe({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("outcome.unsubscribe.title")}</h1>
      {actionData ? (
        <p className={actionData.done ? "notice" : "form-error"} role="status">
          {t(actionData.done ? "outcome.unsubscribe.done" : "outcome.unsubscribe.invalid")}
        </p>
      ) : (
        <Form method="post" className="stack">
          <p>{t("outcome.unsubscribe.intro")}</p>
          <CsrfInput />
          <input type="hidden" name="token" value={loaderData.token} />
          <button type="submit" className="button primary">
            {t("outcome.unsubscribe.confirm")}
          </button>
        </Form>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
