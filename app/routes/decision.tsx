import { data, Link } from "react-router";
import { z } from "zod";
import { listVersions } from "../../db/queries/versions.ts";
import {
  checkDecision,
  draftDecision,
  type DecisionCheck,
} from "../../services/amendment-decision.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/decision";

// The amendment decision (修改决定) of a reading against the law in force, for the bill's
// drafters: generated, edited in the textarea, checked by applying it to the law in force, and
// downloaded as Word (the form posts the edited text to decision.docx; nothing is stored).

/** The most a decision's text may hold: far above any real decision (立法法 2023: ~30,000). */
export const MAX_DECISION_LENGTH = 500_000;

export const DecisionForm = z.object({
  text: textLines()
    .max(MAX_DECISION_LENGTH, "decision.tooLong")
    .refine((s) => s.trim() !== "", "decision.empty"),
});

async function requireReading(
  request: Request,
  context: Route.LoaderArgs["context"],
  billId: string,
  versionId: string,
) {
  const { bill, user } = await requireBillDrafter(request, context, billId);
  const versions = await listVersions(context.db, bill.id);
  const version = versions.find((v) => v.id === versionId);
  if (!version) {
    const t = requestTranslator(request);
    throw data({ message: t("bill.versionNotFound") }, { status: 404 });
  }
  return { bill, user, version };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill, version } = await requireReading(request, context, params.billId, params.versionId);
  const draft = await draftDecision(context.db, bill.id, version.id);
  const t = requestTranslator(request);
  return {
    title: `${t("decision.title")} · ${version.title} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    version: { id: version.id, label: version.label, title: version.title },
    draft: draft!,
  };
}

type ActionResult = { text: string; check: DecisionCheck } | { text: string; error: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, version } = await requireReading(request, context, params.billId, params.versionId);
  const form = await requireCsrf(request, context);
  const raw = typeof form.get("text") === "string" ? String(form.get("text")) : "";
  const parsed = parseForm(DecisionForm, form);
  if (!parsed.ok)
    return data<ActionResult>(
      { text: raw, error: parsed.errors.text ?? "error.invalidInput" },
      { status: 400 },
    );
  const check = await checkDecision(context.db, bill.id, version.id, parsed.data.text);
  if (!check) return data<ActionResult>({ text: raw, error: "decision.noLaw" }, { status: 409 });
  return { text: parsed.data.text, check } satisfies ActionResult;
}

export default function DecisionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { bill, version, draft } = loaderData;
  const result = actionData as ActionResult | undefined;
  const label = t(`version.${version.label}`);
  const text = result?.text ?? (draft.state === "ready" ? draft.text : "");
  return (
    <div className="page decision-page">
      <p className="muted">
        <Link to={`/bills/${bill.id}`}>{bill.title}</Link> /{" "}
        <Link to={`/bills/${bill.id}/versions/${version.id}`}>{label}</Link>
      </p>
      <h1>{t("decision.heading", { label })}</h1>
      {draft.state === "noLaw" ? <p className="notice">{t("decision.noLaw")}</p> : null}
      {draft.state === "isLaw" ? <p className="notice">{t("decision.isLaw")}</p> : null}
      {draft.state === "refused" ? (
        <p className="notice" role="status">
          {t(`decision.refused.${draft.reason}`, { kept: draft.kept, total: draft.total })}
        </p>
      ) : null}
      {draft.state === "ready" ? (
        <>
          <p>{t("decision.intro")}</p>
          <p className="muted">
            {t("decision.against", { title: draft.lawTitle })} ·{" "}
            {t("decision.items", { count: draft.items })}
          </p>
          {result ? <CheckNotice result={result} /> : null}
          {/* A plain form: the download answers with a file, which a fetch would swallow. */}
          <form method="post" className="stack">
            <CsrfInput />
            <label htmlFor="decision-text">{t("decision.text")}</label>
            <textarea
              id="decision-text"
              name="text"
              rows={24}
              defaultValue={text}
              maxLength={500_000}
              lang="zh-CN"
            />
            <p className="actions">
              <button type="submit" className="button">
                {t("decision.check")}
              </button>{" "}
              <button
                type="submit"
                className="button primary"
                formAction={`/bills/${bill.id}/versions/${version.id}/decision.docx`}
              >
                {t("decision.download")}
              </button>
            </p>
          </form>
        </>
      ) : null}
      <p>
        <Link to={`/bills/${bill.id}/versions/${version.id}`}>{t("decision.back")}</Link>
      </p>
    </div>
  );
}

function CheckNotice({ result }: { result: ActionResult }) {
  const { t } = useI18n();
  if ("error" in result)
    return (
      <p className="form-error" role="alert">
        {t(result.error)}
      </p>
    );
  const { check } = result;
  if (check.ok)
    return (
      <p className="notice" role="status">
        {t("decision.checked", { count: check.articles })}
      </p>
    );
  return (
    <p className="form-error" role="alert">
      {check.kind === "item"
        ? t("decision.checkItem", { item: check.item, reason: check.reason })
        : t("decision.checkDiffers", { labels: check.labels.join("、") })}
    </p>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
