import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { drafterChannels, respondentTypes } from "../../db/codes.ts";
import { listProvisions } from "../../db/queries/bills.ts";
import { isServiceError } from "../../services/errors.ts";
import { OtherChannelOpinion, recordOtherChannelOpinion, today } from "../../services/handling.ts";
import { requireConsultationRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { ProvisionPicker } from "../components/provision-picker.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, type FieldErrors } from "../lib/forms.ts";
import { readPickedProvision } from "../lib/provision-pick.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/handling.css";
import type { Route } from "./+types/handling-record";

// The form's own key (see the loader); a form without a valid one is recorded without it.
const FormKey = z.object({ formKey: z.uuid().optional().catch(undefined) });

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation } = await requireConsultationRole(request, context, params.id, "view");
  const provisions = await listProvisions(context.db, consultation.versionId);
  const t = requestTranslator(request);
  return {
    title: `${t("handling.record.title")} · ${consultation.billTitle} · ${t("app.name")}`,
    consultation: {
      id: consultation.id,
      billTitle: consultation.billTitle,
      status: consultation.status,
    },
    targets: provisions
      .filter((p) => ["chapter", "section", "article"].includes(p.kind))
      .map((p) => ({ pid: p.pid, kind: p.kind, label: p.label, text: p.text })),
    today: today(context.timeZone),
    // A fresh key per form: pressing the button twice records the opinion once.
    formKey: crypto.randomUUID(),
  };
}

type ActionData =
  | { ok: true; receipt: string; lookupCode: string | null }
  | { ok: false; message: MessageKey; fields: FieldErrors; values: Record<string, string> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationRole(request, context, params.id, "view");
  const form = await requireCsrf(request, context);
  const values = Object.fromEntries(
    [...form.entries()].filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
  ) as Record<string, string>;
  // The provision is typed into the picker ("25" → 第二十五条); empty is the whole draft.
  const picked = readPickedProvision(form, {
    name: "target",
    targets: await listProvisions(context.db, consultation.versionId),
    wholeDraft: "",
    emptyIsWholeDraft: true,
  });
  if (picked.ok) form.set("target", picked.value);
  const parsed = parseForm(OtherChannelOpinion, form);
  if (!parsed.ok || !picked.ok)
    return data<ActionData>(
      {
        ok: false,
        message: "handling.invalid",
        fields: {
          ...(parsed.ok ? {} : parsed.errors),
          ...(picked.ok ? {} : { target: picked.error }),
        },
        values,
      },
      { status: 400 },
    );
  const formKey = parseForm(FormKey, form);
  try {
    const stored = await recordOtherChannelOpinion(context.db, {
      consultationId: consultation.id,
      values: parsed.data,
      recordedBy: user.id,
      ip: context.clientIp,
      timeZone: context.timeZone,
      formKey: formKey.ok ? formKey.data.formKey : undefined,
    });
    return {
      ok: true,
      receipt: stored.receipt,
      lookupCode: stored.lookupCode,
    } satisfies ActionData;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const key = messageKey(error.messageKey, "error.generic");
    const field = Object.keys(error.fields ?? {})[0];
    return data<ActionData>(
      {
        ok: false,
        message: field ? "handling.invalid" : key,
        fields: field ? { [field]: key } : {},
        values,
      },
      { status: error.status },
    );
  }
}

export default function RecordOpinion({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { consultation, targets } = loaderData;
  const result = actionData as ActionData | undefined;
  const failed = result && !result.ok ? result : null;
  const fields = failed?.fields ?? {};
  const values = failed?.values ?? {};
  const back = `/consultations/${consultation.id}/handling`;
  const described = (name: string, hint?: boolean) =>
    [hint ? `rec-${name}-hint` : "", fields[name] ? `rec-${name}-error` : ""]
      .filter(Boolean)
      .join(" ") || undefined;
  const error = (name: string) =>
    fields[name] ? (
      <p className="field-error" id={`rec-${name}-error`}>
        {t(fields[name]!)}
      </p>
    ) : null;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to={back}>{t("handling.record.back")}</Link> · {consultation.billTitle}
      </p>
      <h1>{t("handling.record.title")}</h1>
      <p>{t("handling.record.intro")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {result.lookupCode
            ? t("handling.record.done", { receipt: result.receipt, code: result.lookupCode })
            : t("handling.record.repeated", { receipt: result.receipt })}
        </p>
      ) : null}
      {failed ? (
        <p className="form-error" role="alert">
          {t(failed.message)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate key={result?.ok ? result.receipt : "form"}>
        <CsrfInput />
        <input type="hidden" name="formKey" value={loaderData.formKey} />
        <div className="field">
          <label htmlFor="rec-channel">{t("handling.record.channel")}</label>
          <select
            id="rec-channel"
            name="channel"
            defaultValue={values.channel ?? "letter"}
            aria-invalid={fields.channel ? true : undefined}
            aria-describedby={described("channel")}
          >
            {drafterChannels.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
          {error("channel")}
        </div>
        <div className="field">
          <label htmlFor="rec-provenance">{t("handling.record.provenance")}</label>
          <input
            id="rec-provenance"
            name="provenance"
            maxLength={500}
            required
            defaultValue={values.provenance ?? ""}
            aria-invalid={fields.provenance ? true : undefined}
            aria-describedby={described("provenance", true)}
          />
          <p className="hint" id="rec-provenance-hint">
            {t("handling.record.provenanceHint")}
          </p>
          {error("provenance")}
        </div>
        <div className="field">
          <label htmlFor="rec-receivedOn">{t("handling.record.receivedOn")}</label>
          <input
            id="rec-receivedOn"
            name="receivedOn"
            type="date"
            required
            max={loaderData.today}
            defaultValue={values.receivedOn ?? loaderData.today}
            aria-invalid={fields.receivedOn ? true : undefined}
            aria-describedby={described("receivedOn")}
          />
          {error("receivedOn")}
        </div>
        <ProvisionPicker
          id="rec-target"
          label={t("handling.record.target")}
          targets={targets}
          defaultPid={values.target}
          typed={values.targetText}
          wholeDraft=""
          error={fields.target}
        />
        <div className="field">
          <label htmlFor="rec-body">{t("handling.record.body")}</label>
          <textarea
            id="rec-body"
            name="body"
            rows={6}
            maxLength={5000}
            required
            defaultValue={values.body ?? ""}
            aria-invalid={fields.body ? true : undefined}
            aria-describedby={described("body")}
          />
          {error("body")}
        </div>
        <div className="field">
          <label htmlFor="rec-proposedText">{t("handling.record.proposed")}</label>
          <textarea
            id="rec-proposedText"
            name="proposedText"
            rows={3}
            maxLength={5000}
            defaultValue={values.proposedText ?? ""}
            aria-invalid={fields.proposedText ? true : undefined}
            aria-describedby={described("proposedText")}
          />
          {error("proposedText")}
        </div>
        <div className="field">
          <label htmlFor="rec-authorName">{t("handling.record.authorName")}</label>
          <input
            id="rec-authorName"
            name="authorName"
            maxLength={50}
            defaultValue={values.authorName ?? ""}
            aria-invalid={fields.authorName ? true : undefined}
            aria-describedby={described("authorName")}
          />
          {error("authorName")}
        </div>
        <div className="field">
          <label htmlFor="rec-respondentType">{t("handling.record.respondentType")}</label>
          <select
            id="rec-respondentType"
            name="respondentType"
            defaultValue={values.respondentType ?? "individual"}
            aria-invalid={fields.respondentType ? true : undefined}
            aria-describedby={described("respondentType")}
          >
            {respondentTypes.map((r) => (
              <option key={r} value={r}>
                {t(`respondent.${r}`)}
              </option>
            ))}
          </select>
          {error("respondentType")}
        </div>
        <div className="field">
          <label htmlFor="rec-headcount">{t("handling.record.headcount")}</label>
          <input
            id="rec-headcount"
            name="headcount"
            type="number"
            min={1}
            max={100000}
            step={1}
            required
            defaultValue={values.headcount ?? "1"}
            aria-invalid={fields.headcount ? true : undefined}
            aria-describedby={described("headcount", true)}
          />
          <p className="hint" id="rec-headcount-hint">
            {t("handling.record.headcountHint")}
          </p>
          {error("headcount")}
        </div>
        <div>
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("handling.record.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
