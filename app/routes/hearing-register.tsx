import { useEffect, useRef } from "react";
import { data, Link } from "react-router";
import { z } from "zod";
import { getHearing } from "../../db/queries/hearings.ts";
import { isServiceError } from "../../services/errors.ts";
import { registerForHearing } from "../../services/hearings.ts";
import { requestHash } from "../../services/opinions.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { HearingRegisterForm } from "../components/hearing-parts.tsx";
import { requestLocale, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { formRefusal } from "../lib/errors.ts";
import { parseForm, textLine } from "../lib/forms.ts";
import { hearingRateLimit } from "../lib/hearings.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/hearings.css";
import type { Route } from "./+types/hearing-register";

// Registration for a hearing: the form (also on the hearing's page) and, after posting, the
// receipt with the public registration number, which takes the focus so a screen reader reads it.

const RegisterForm = z.object({
  name: z.string().default(""),
  respondentType: z.string().default("individual"),
  stance: z.string().optional(),
  points: z.string().default(""),
  phone: z.string().default(""),
  email: z.string().default(""),
  consent: z.string().optional(),
  idempotencyKey: textLine().max(200, "error.invalidInput").optional(),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const hearing = await getHearing(context.db, params.hearingId);
  if (!hearing || hearing.status === "draft")
    throw data({ message: t("hearings.notFound") }, { status: 404 });
  const user = await getCurrentUser(request, context);
  return {
    title: `${t("hearings.register.title")} · ${hearing.title}`,
    hearing: {
      id: hearing.id,
      title: hearing.title,
      open: hearing.status === "open",
      opensAt: new Date(hearing.registration_opens_at).toISOString(),
      closesAt: new Date(hearing.registration_closes_at).toISOString(),
    },
    signedIn: user ? { name: user.display_name } : null,
    idempotencyKey: crypto.randomUUID(),
  };
}

type ActionData =
  | { ok: true; number: number; stance: string }
  | { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const user = await getCurrentUser(request, context);
  const parsed = parseForm(RegisterForm, form);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: {} },
      { status: 400 },
    );
  const v = parsed.data;
  if (!user && v.consent !== "yes")
    return data<ActionData>(
      {
        ok: false,
        message: "hearings.register.consentRequired",
        fields: { consent: "hearings.register.consentRequired" },
      },
      { status: 400 },
    );
  const body = {
    name: v.name,
    respondentType: v.respondentType,
    ...(v.stance ? { stance: v.stance } : {}),
    points: v.points,
    phone: v.phone,
    email: v.email,
  };
  const wait = await hearingRateLimit(context, user?.id ?? null);
  if (wait !== null)
    return data<ActionData>(
      { ok: false, message: "api.rateLimited", fields: {} },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  try {
    const receipt = await registerForHearing(context.db, {
      hearingId: params.hearingId,
      key: v.idempotencyKey ?? crypto.randomUUID(),
      hash: requestHash(body),
      body,
      userId: user?.id ?? null,
      locale: requestLocale(request),
      ip: context.clientIp,
    });
    return data<ActionData>({ ok: true, ...receipt }, { status: 201 });
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

export default function RegisterPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { hearing: h } = loaderData;
  const result = actionData as ActionData | undefined;
  const receipt = useRef<HTMLDivElement>(null);
  const ok = result?.ok === true;
  useEffect(() => {
    if (ok) receipt.current?.focus();
  }, [ok]);
  if (result?.ok) {
    return (
      <div className="page narrow">
        <div
          className="notice hearing-receipt"
          role="status"
          tabIndex={-1}
          ref={receipt}
          aria-labelledby="receipt-heading"
        >
          <h1 id="receipt-heading">{t("hearings.receipt.title")}</h1>
          <p>{h.title}</p>
          <dl className="receipt">
            <dt>{t("hearings.receipt.number")}</dt>
            <dd>{t("hearings.draw.numberValue", { number: result.number })}</dd>
            <dt>{t("hearings.draw.stance")}</dt>
            <dd>{t(`hearings.stance.${result.stance as "for" | "against" | "other"}`)}</dd>
          </dl>
          <p>{t("hearings.receipt.body", { number: result.number })}</p>
        </div>
        <p>
          <Link to={`/hearings/${h.id}`}>{t("hearings.receipt.back")}</Link>
        </p>
      </div>
    );
  }
  const refusal = result && !result.ok ? result : undefined;
  return (
    <div className="page narrow-wide">
      <p className="muted">
        <Link to={`/hearings/${h.id}`}>{h.title}</Link>
      </p>
      <h1>{t("hearings.register.title")}</h1>
      {h.open ? (
        <HearingRegisterForm
          hearingId={h.id}
          idempotencyKey={loaderData.idempotencyKey}
          signedIn={loaderData.signedIn}
          fields={refusal?.fields ?? {}}
          message={refusal?.message}
        />
      ) : (
        <>
          {refusal ? (
            <p className="form-error" role="alert">
              {t(refusal.message)}
            </p>
          ) : null}
          <p className="muted">
            {t("hearings.register.closed", { from: dateTime(h.opensAt), to: dateTime(h.closesAt) })}
          </p>
        </>
      )}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
