import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { respondentTypes } from "../../db/codes.ts";
import { coordinatorPointId, getContactPoint } from "../../db/queries/contact-points.ts";
import { getProposalCall } from "../../db/queries/proposals.ts";
import { isServiceError } from "../../services/errors.ts";
import { requestHash } from "../../services/opinions.ts";
import { submitProposal } from "../../services/proposals.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Receipt } from "../components/receipt.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm, readQuery, textLine } from "../lib/forms.ts";
import { proposalRateLimit } from "../lib/proposals.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/proposals.css";
import type { Route } from "./+types/proposal-new";

const NewQuery = z.object({ call: z.string().uuid("proposal.callNotFound") });

/** A form field left blank is absent; the service checks what is there (services/proposals.ts). */
const optional = z
  .string()
  .optional()
  .transform((v) => (v !== undefined && v.trim() !== "" ? v : undefined));

const ProposalForm = z.object({
  title: z.string().default(""),
  reasons: z.string().default(""),
  problem: optional,
  relatedRules: optional,
  name: optional,
  contact: optional,
  respondentType: optional,
  consent: optional,
  onBehalf: optional,
  provenance: optional,
  idempotencyKey: textLine().max(200, "error.invalidInput").optional(),
});

/** The contact point a signed-in coordinator files for, or null. */
async function coordinatorPoint(context: Route.LoaderArgs["context"], request: Request) {
  const user = await getCurrentUser(request, context);
  const pointId = user ? coordinatorPointId(user) : null;
  const point = pointId ? await getContactPoint(context.db, pointId) : undefined;
  return { user, point: point ? { id: point.id, name: point.name } : null };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const { call: callId } = readQuery(NewQuery, request);
  const call = await getProposalCall(context.db, callId);
  if (!call) throw data({ message: t("proposal.callNotFound") }, { status: 404 });
  const { user, point } = await coordinatorPoint(context, request);
  return {
    title: t("proposal.propose"),
    call: { id: call.id, title: call.title, year: call.year, status: call.status },
    signedIn: user ? { name: user.display_name } : null,
    point,
    // A fresh key per form: pressing submit twice (or reloading the answer) cannot file twice.
    idempotencyKey: crypto.randomUUID(),
  };
}

type ActionData =
  | {
      ok: true;
      receipt: string;
      lookupCode: string;
      pending: boolean;
      title: string;
      submittedAt: string;
    }
  | { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const { call: callId } = readQuery(NewQuery, request);
  const { user, point } = await coordinatorPoint(context, request);
  if (!user && form.get("consent") !== "yes") {
    return data<ActionData>(
      {
        ok: false,
        message: "proposal.consentRequired",
        fields: { consent: "proposal.consentRequired" },
      },
      { status: 400 },
    );
  }
  const parsed = parseForm(ProposalForm, form);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: {} },
      { status: 400 },
    );
  const v = parsed.data;
  const onBehalf = !!point && v.onBehalf === "yes";
  const body = {
    title: v.title,
    reasons: v.reasons,
    ...(v.problem ? { problem: v.problem } : {}),
    ...(v.relatedRules ? { relatedRules: v.relatedRules } : {}),
    ...(v.respondentType ? { respondentType: v.respondentType } : {}),
    ...(user ? {} : { author: { name: v.name, contact: v.contact } }),
    ...(onBehalf && v.provenance ? { provenance: v.provenance } : {}),
  };
  const wait = await proposalRateLimit(context, user?.id ?? null);
  if (wait !== null)
    return data<ActionData>(
      { ok: false, message: "api.rateLimited", fields: {} },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  try {
    const receipt = await submitProposal(context.db, {
      callId,
      key: v.idempotencyKey ?? crypto.randomUUID(),
      hash: requestHash({ ...body, onBehalf }),
      body,
      userId: user?.id ?? null,
      contactPointId: onBehalf ? point.id : null,
      ip: context.clientIp,
    });
    return data<ActionData>(
      {
        ok: true,
        receipt: receipt.receipt,
        lookupCode: receipt.lookupCode,
        submittedAt: new Date().toISOString(),
        pending: receipt.pending,
        title: v.title.trim(),
      },
      { status: 201 },
    );
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

function FieldError({ id, error }: { id: string; error: MessageKey | undefined }) {
  const { t } = useI18n();
  return error ? (
    <p className="field-error" id={id}>
      {t(error)}
    </p>
  ) : null;
}

export default function NewProposal({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { call, signedIn, point, idempotencyKey } = loaderData;
  const result = actionData as ActionData | undefined;
  const fields = result && !result.ok ? result.fields : {};
  if (result?.ok) {
    return (
      <Receipt
        facts={{
          heading: t("proposal.thanks"),
          message: t("proposal.received", { title: result.title }),
          pending: result.pending ? t("proposal.pending") : null,
          subject: call.title,
          receiptLabel: t("proposal.receipt"),
          receipt: result.receipt,
          codeLabel: t("proposal.lookupCode"),
          lookupCode: result.lookupCode,
          submittedAt: result.submittedAt,
          hint: signedIn ? t("proposal.seeMine") : t("proposal.keepCode"),
        }}
      >
        {signedIn ? (
          <Link to="/me">{t("nav.mine")}</Link>
        ) : (
          <Link to={`/proposals/lookup?receipt=${result.receipt}`}>
            {t("proposal.lookup.title")}
          </Link>
        )}
        {" · "}
        <Link to="/proposals">{t("proposal.back")}</Link>
      </Receipt>
    );
  }
  const described = (name: string) =>
    fields[name] ? { "aria-invalid": true as const, "aria-describedby": `pr-${name}-error` } : {};
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to="/proposals">{t("proposal.title")}</Link>
      </p>
      <h1>{call.title}</h1>
      {call.status !== "open" ? (
        <p className="form-error">{t("proposal.callNotOpen")}</p>
      ) : (
        <>
          {result && !result.ok ? (
            <p className="form-error" role="alert">
              {t(result.message)}
            </p>
          ) : null}
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <div className="field">
              <label htmlFor="pr-title">{t("proposal.field.title")}</label>
              <input id="pr-title" name="title" maxLength={200} required {...described("title")} />
              <p className="hint">{t("proposal.field.titleHint")}</p>
              <FieldError id="pr-title-error" error={fields.title} />
            </div>
            <div className="field">
              <label htmlFor="pr-reasons">{t("proposal.field.reasons")}</label>
              <textarea
                id="pr-reasons"
                name="reasons"
                rows={5}
                maxLength={5000}
                required
                {...described("reasons")}
              />
              <FieldError id="pr-reasons-error" error={fields.reasons} />
            </div>
            <div className="field">
              <label htmlFor="pr-problem">{t("proposal.field.problem")}</label>
              <textarea
                id="pr-problem"
                name="problem"
                rows={4}
                maxLength={5000}
                {...described("problem")}
              />
              <FieldError id="pr-problem-error" error={fields.problem} />
            </div>
            <div className="field">
              <label htmlFor="pr-rules">{t("proposal.field.relatedRules")}</label>
              <textarea
                id="pr-rules"
                name="relatedRules"
                rows={3}
                maxLength={2000}
                {...described("relatedRules")}
              />
              <p className="hint">{t("proposal.field.relatedRulesHint")}</p>
              <FieldError id="pr-relatedRules-error" error={fields.relatedRules} />
            </div>
            <div className="field">
              <label htmlFor="pr-type">{t("proposal.field.respondentType")}</label>
              <select id="pr-type" name="respondentType" defaultValue="individual">
                {respondentTypes.map((r) => (
                  <option key={r} value={r}>
                    {t(`respondent.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            {point ? (
              <fieldset className="respondent">
                <legend>{point.name}</legend>
                <div className="consent">
                  <input id="pr-behalf" type="checkbox" name="onBehalf" value="yes" />
                  <label htmlFor="pr-behalf">
                    {t("proposal.field.onBehalf", { point: point.name })}
                  </label>
                </div>
                <div className="field">
                  <label htmlFor="pr-provenance">{t("proposal.field.provenance")}</label>
                  <input id="pr-provenance" name="provenance" maxLength={500} />
                  <p className="hint">{t("proposal.field.provenanceHint")}</p>
                </div>
              </fieldset>
            ) : null}
            {signedIn ? (
              <p className="muted">{t("proposal.asUser", { name: signedIn.name })}</p>
            ) : (
              <fieldset className="respondent">
                <legend>{t("proposal.field.proposer")}</legend>
                <p className="hint">{t("proposal.field.privateHint")}</p>
                <div className="field">
                  <label htmlFor="pr-name">{t("proposal.field.name")}</label>
                  <input id="pr-name" name="name" maxLength={50} autoComplete="name" />
                  <FieldError id="pr-name-error" error={fields["author.name"]} />
                </div>
                <div className="field">
                  <label htmlFor="pr-contact">{t("proposal.field.contact")}</label>
                  <input id="pr-contact" name="contact" maxLength={100} autoComplete="tel" />
                  <FieldError id="pr-contact-error" error={fields["author.contact"]} />
                </div>
                <div className="consent">
                  <input
                    id="pr-consent"
                    type="checkbox"
                    name="consent"
                    value="yes"
                    required
                    aria-invalid={fields.consent ? true : undefined}
                  />
                  <label htmlFor="pr-consent">{t("proposal.field.consent")}</label>
                  <FieldError id="pr-consent-error" error={fields.consent} />
                </div>
              </fieldset>
            )}
            <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
              {t("proposal.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
