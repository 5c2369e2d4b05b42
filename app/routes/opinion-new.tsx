import { z } from "zod";
import { data, Form, Link, useNavigation } from "react-router";
import { respondentTypes } from "../../db/codes.ts";
import { getConsultation } from "../../db/queries/consultations.ts";
import { findConsultationProvision } from "../../db/queries/opinions.ts";
import { isServiceError } from "../../services/errors.ts";
import { opinionAwaitsReview } from "../../services/moderation.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { opinionRateLimit } from "../auth/opinion-limit.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { QuotePicker } from "../components/quote-picker.tsx";
import { REGIONS } from "../../db/regions.ts";
import { localizedLabel } from "../../editor/labels.ts";
import { OutcomeContactForm, Receipt } from "../components/receipt.tsx";
import { requestLocale, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm, readQuery, textLine } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import type { Route } from "./+types/opinion-new";

const OpinionQuery = z.object({ pid: textLine().max(64, "error.invalidInput").optional() });

/** A form field left blank is absent; the service checks what is there (services/opinions.ts). */
const optional = z
  .string()
  .optional()
  .transform((v) => (v !== undefined && v.trim() !== "" ? v : undefined));

const OpinionForm = z.object({
  body: z.string().default(""),
  pid: optional,
  scope: optional,
  proposedText: optional,
  name: optional,
  region: optional,
  respondentType: optional,
  consent: optional,
  // The key is the page's own UUID; a longer or stranger one broke the key's index (a 500).
  idempotencyKey: textLine().max(200, "error.invalidInput").optional(),
  quote: optional,
  quoteText: z.string().default(""),
  quoteStart: optional,
  quoteEnd: optional,
});
type OpinionFormValues = z.infer<typeof OpinionForm>;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) throw data({ message: t("consultation.notFound") }, { status: 404 });
  const { pid } = readQuery(OpinionQuery, request);
  const provision = pid ? await findConsultationProvision(context.db, consultation.id, pid) : null;
  if (pid && !provision) throw data({ message: t("api.provisionNotFound") }, { status: 404 });
  const user = await getCurrentUser(request, context);
  return {
    title: t("opinion.title", {
      target: provision
        ? localizedLabel(provision.label, requestLocale(request))
        : t("mine.wholeDraft"),
    }),
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billTitle: consultation.billTitle,
      status: consultation.status,
      allowAnonymous: consultation.allow_anonymous,
    },
    provision: provision ?? null,
    signedIn: user ? { name: user.display_name } : null,
    // A fresh key per form: pressing submit twice (or reloading the answer) cannot file twice.
    idempotencyKey: crypto.randomUUID(),
  };
}

type ActionData =
  | { ok: true; receipt: string; lookupCode: string; pending: boolean; submittedAt: string }
  | { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const user = await getCurrentUser(request, context);
  if (!user && form.get("consent") !== "yes") {
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: { consent: "opinion.consentRequired" } },
      { status: 400 },
    );
  }
  const parsed = parseForm(OpinionForm, form);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: {} },
      { status: 400 },
    );
  const values = parsed.data;
  const pid = values.pid;
  const quote = pid ? await quoteFrom(values, context.db, params.id, pid) : undefined;
  const body = {
    ...(pid
      ? { provisionPid: pid, scope: values.scope === "chapter" ? "chapter" : "article" }
      : { scope: "draft" }),
    body: values.body,
    ...(values.proposedText ? { proposedText: values.proposedText } : {}),
    ...(quote ? { quote } : {}),
    ...(user
      ? {}
      : {
          author: {
            name: values.name,
            region: values.region,
            respondentType: values.respondentType,
          },
        }),
  };
  const key = values.idempotencyKey ?? crypto.randomUUID();
  const wait = await opinionRateLimit(context, user?.id ?? null);
  if (wait !== null)
    return data<ActionData>(
      { ok: false, message: "api.rateLimited", fields: {} },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  try {
    const receipt = await submitOpinion(context.db, {
      consultationId: params.id,
      key,
      hash: requestHash(body),
      body,
      userId: user?.id ?? null,
    });
    return {
      ok: true,
      receipt: receipt.receipt,
      lookupCode: receipt.lookupCode,
      submittedAt: new Date().toISOString(),
      // Moderation: pre-moderated, or held for a sensitive word.
      pending: await opinionAwaitsReview(context.db, receipt.id),
    } satisfies ActionData;
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

// participation: the quote picked on the form, a sentence ("start:end") or a selection. A
// sentence's text is read from the provision; a selection's is sent, and checked by the service.
async function quoteFrom(
  values: OpinionFormValues,
  db: Route.ActionArgs["context"]["db"],
  consultationId: string,
  pid: string,
) {
  const choice = values.quote;
  if (choice === "selection") {
    return {
      text: values.quoteText,
      start: Number(values.quoteStart ?? 0),
      end: Number(values.quoteEnd ?? 0),
    };
  }
  const span = choice ? /^(\d{1,6}):(\d{1,6})$/.exec(choice) : null;
  if (!span) return undefined;
  const [start, end] = [Number(span[1]), Number(span[2])];
  const provision = await findConsultationProvision(db, consultationId, pid);
  return { text: provision?.text.slice(start, end) ?? "", start, end };
}

export default function NewOpinion({ loaderData, actionData }: Route.ComponentProps) {
  const { t, label, region } = useI18n();
  const navigation = useNavigation();
  const { consultation, provision, signedIn, idempotencyKey } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result && !result.ok ? result.fields : {};
  const quoteError = Object.entries(fields).find(([name]) => name.startsWith("quote"))?.[1];
  const target = provision ? label(provision.label) : t("mine.wholeDraft");
  if (result?.ok) {
    return (
      <Receipt
        facts={{
          heading: t("opinion.thanks"),
          message: t("opinion.received", { target }),
          pending: result.pending ? t("moderation.receipt.pending") : null,
          subject: `${consultation.billTitle} · ${target}`,
          receiptLabel: t("opinion.receipt"),
          receipt: result.receipt,
          codeLabel: t("opinion.lookupCode"),
          lookupCode: result.lookupCode,
          submittedAt: result.submittedAt,
          hint: signedIn ? t("opinion.seeMine") : t("opinion.keepCode"),
        }}
        contact={
          signedIn ? null : (
            <OutcomeContactForm receipt={result.receipt} lookupCode={result.lookupCode} />
          )
        }
      >
        {signedIn ? (
          <Link to="/me">{t("nav.mine")}</Link>
        ) : (
          <Link to={`/opinions/lookup?receipt=${result.receipt}`}>{t("lookup.title")}</Link>
        )}
        {" · "}
        <Link to={`/consultations/${consultation.id}`}>{t("opinion.back")}</Link>
      </Receipt>
    );
  }
  if (consultation.status !== "open") {
    return (
      <div className="page narrow">
        <h1>{consultation.billTitle}</h1>
        <p className="form-error">
          {t(
            consultation.status === "closed"
              ? "api.consultationClosed"
              : "api.consultationUpcoming",
          )}
        </p>
      </div>
    );
  }
  const needAccount = !signedIn && !consultation.allowAnonymous;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{t("opinion.title", { target })}</h1>
      {provision ? (
        <blockquote className="provision-quote">
          <strong>{provision.label}</strong> {provision.text}
        </blockquote>
      ) : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t(result.message)}
        </p>
      ) : null}
      {needAccount ? (
        <p>
          {t("api.accountRequired")}{" "}
          <Link
            to={`/login?next=/consultations/${consultation.id}/opinions/new${provision ? `?pid=${provision.pid}` : ""}`}
          >
            {t("nav.signIn")}
          </Link>
        </p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          {provision ? <input type="hidden" name="pid" value={provision.pid} /> : null}
          {provision && (provision.kind === "chapter" || provision.kind === "section") ? (
            <input type="hidden" name="scope" value="chapter" />
          ) : null}
          {provision && provision.kind === "article" ? (
            <QuotePicker text={provision.text} error={quoteError ? t(quoteError) : undefined} />
          ) : null}
          <div className="field">
            <label htmlFor="op-body">{t("opinion.body")}</label>
            <textarea
              id="op-body"
              name="body"
              rows={6}
              maxLength={5000}
              required
              aria-invalid={fields.body ? true : undefined}
              aria-describedby={fields.body ? "op-body-error" : undefined}
            />
            {fields.body ? (
              <p className="field-error" id="op-body-error">
                {t(fields.body)}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="op-proposed">{t("opinion.proposed")}</label>
            <textarea id="op-proposed" name="proposedText" rows={3} maxLength={5000} />
            <p className="hint">{t("opinion.proposedHint")}</p>
          </div>
          {signedIn ? (
            <p className="muted">{t("opinion.asUser", { name: signedIn.name })}</p>
          ) : (
            <fieldset className="respondent">
              <legend>{t("opinion.respondent")}</legend>
              <div className="field">
                <label htmlFor="op-name">{t("opinion.name")}</label>
                <input id="op-name" name="name" maxLength={50} autoComplete="name" />
                <p className="hint">{t("auth.displayNameHint")}</p>
              </div>
              <div className="field">
                <label htmlFor="op-region">{t("opinion.region")}</label>
                <select id="op-region" name="region" defaultValue="">
                  <option value="">—</option>
                  {/* The Chinese name is stored (CONTRACTS.md: free text); English pages show its English form. */}
                  {REGIONS.map((r) => (
                    <option key={r.name} value={r.name}>
                      {region(r.name)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="op-type">{t("opinion.respondentType")}</label>
                <select id="op-type" name="respondentType" defaultValue="individual">
                  {respondentTypes.map((r) => (
                    <option key={r} value={r}>
                      {t(`respondent.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="consent">
                <input
                  id="op-consent"
                  type="checkbox"
                  name="consent"
                  value="yes"
                  required
                  aria-describedby="op-consent-text"
                  aria-invalid={fields.consent ? true : undefined}
                />
                <label htmlFor="op-consent" id="op-consent-text">
                  {t("opinion.consent")}
                </label>
                {fields.consent ? <p className="field-error">{t(fields.consent)}</p> : null}
              </div>
            </fieldset>
          )}
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("opinion.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
