import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { listSubjectHistory } from "../../db/queries/audit.ts";
import {
  extendDeadline,
  listNotices,
  parseSettingsForm,
  updateConsultation,
  utcToZonedLocal,
  zonedLocalToUtc,
} from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import {
  ConsultationSettingsFields,
  fieldMessages,
  zoneName,
} from "../components/consultation-settings.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Countdown } from "../components/countdown.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, textLines } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/consultations.css";
import type { Route } from "./+types/consultation-manage";

/** The extension form: a new deadline (wall-clock time of the zone) and the public notice. */
const extendSchema = (timeZone: string) =>
  z.object({
    closesAt: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const instant = zonedLocalToUtc(value ?? "", timeZone);
        if (instant) return instant;
        ctx.addIssue({ code: "custom", message: "consultations.error.closesAt" });
        return z.NEVER;
      }),
    body: textLines().optional().default(""),
  });

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation: c } = await requireConsultationDrafter(request, context, params.id);
  const [notices, history] = await Promise.all([
    listNotices(context.db, c.id),
    listSubjectHistory(context.db, "consultation", c.id),
  ]);
  return {
    title: `${c.title} · ${requestTranslator(request)("app.name")}`,
    consultation: {
      id: c.id,
      title: c.title,
      description: c.description,
      billId: c.billId,
      billTitle: c.billTitle,
      versionId: c.versionId,
      versionLabel: c.versionLabel,
      status: c.status,
      opensAt: new Date(c.opens_at).toISOString(),
      closesAt: new Date(c.closes_at).toISOString(),
      opinionCount: c.opinionCount,
    },
    values: {
      title: c.title,
      description: c.description,
      opensAt: utcToZonedLocal(c.opens_at, context.timeZone),
      closesAt: utcToZonedLocal(c.closes_at, context.timeZone),
      channels: c.channels,
      moderation: c.moderation,
      allowAnonymous: c.allow_anonymous,
    },
    notices,
    history: history.map((h) => ({ ...h, created_at: new Date(h.created_at).toISOString() })),
    now: Date.now(),
    timeZone: context.timeZone,
  };
}

type ActionData =
  | { intent: "settings" | "extend"; ok: true; changed: number }
  | { intent: "settings" | "extend"; ok: false; errors: Partial<Record<string, MessageKey>> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationDrafter(request, context, params.id);
  const form = await requireCsrf(request, context);
  const intent = form.get("intent") === "extend" ? "extend" : "settings";
  const fail = (errors: Partial<Record<string, string>> | undefined, status: number) =>
    data<ActionData>({ intent, ok: false, errors: fieldMessages(errors) }, { status });
  try {
    if (intent === "extend") {
      const parsed = parseForm(extendSchema(context.timeZone), form);
      if (!parsed.ok) return fail(parsed.errors, 400);
      await extendDeadline(context.db, {
        consultationId: consultation.id,
        closesAt: parsed.data.closesAt,
        body: parsed.data.body,
        actorId: user.id,
        ip: context.clientIp,
      });
      return data<ActionData>({ intent, ok: true, changed: 1 });
    }
    // Times are in the form only while the consultation has not opened.
    const settings = parseSettingsForm(form, context.timeZone, form.has("opensAt"));
    const changed = await updateConsultation(context.db, {
      consultationId: consultation.id,
      settings,
      actorId: user.id,
      ip: context.clientIp,
    });
    return data<ActionData>({ intent, ok: true, changed: changed.length });
  } catch (error) {
    if (isServiceError(error)) return fail(error.fields, error.status);
    throw error;
  }
}

const auditKeys: Record<string, MessageKey> = {
  "consultation.create": "consultations.history.create",
  "consultation.update": "consultations.history.update",
  "consultation.extend": "consultations.history.extend",
};

export default function ManageConsultation({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { consultation: c, values, notices, history, now, timeZone } = loaderData;
  const busy = navigation.state !== "idle";
  const settingsResult = actionData?.intent === "settings" ? actionData : undefined;
  const extendResult = actionData?.intent === "extend" ? actionData : undefined;
  const settingsErrors = settingsResult && !settingsResult.ok ? settingsResult.errors : {};
  const extendErrors = extendResult && !extendResult.ok ? extendResult.errors : {};
  return (
    <div className="page narrow-wide consultation-admin">
      <p className="muted">
        <Link to="/workspace">{t("workspace.title")}</Link> /{" "}
        <Link to={`/bills/${c.billId}`}>{c.billTitle}</Link>
      </p>
      <h1>{t("consultations.manage.title")}</h1>
      <div className="card-tags">
        <span className={`tag tag-${c.status}`}>{t(`consultation.status.${c.status}`)}</span>
        <span className="tag">{t(`version.${c.versionLabel}`)}</span>
      </div>
      <p className="lead">{c.title}</p>
      <p className="deadline">
        {t("consultations.list.period", {
          opens: dateTime(c.opensAt),
          closes: dateTime(c.closesAt),
        })}{" "}
        {c.status === "open" ? <Countdown target={c.closesAt} now={now} /> : null}
      </p>
      <p className="manage-links">
        <Link to={`/consultations/${c.id}`}>{t("consultations.manage.public")}</Link>
        <Link to={`/consultations/${c.id}/handling`}>
          {t("handling.open")} ({t("consultation.opinions", { count: c.opinionCount })})
        </Link>
        <Link to={`/consultations/${c.id}/expert-reviews/new`}>
          {t("experts.review.listTitle")}
        </Link>
        <Link to={`/consultations/${c.id}/hearings/new`}>{t("hearings.manage.link")}</Link>
      </p>
      {params.get("done") === "created" && !actionData ? (
        <p className="notice" role="status">
          {t("consultations.manage.created")}
        </p>
      ) : null}

      {c.status === "open" ? (
        <section aria-labelledby="extend-heading" className="panel consultation-extend">
          <h2 id="extend-heading">{t("consultations.extend.title")}</h2>
          <p className="muted">{t("consultations.extend.intro")}</p>
          {extendResult?.ok ? (
            <p className="notice" role="status">
              {t("consultations.extend.done", { date: dateTime(c.closesAt) })}
            </p>
          ) : null}
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="extend" />
            <div className="field">
              <label htmlFor="ext-closesAt">{t("consultations.extend.closesAt")}</label>
              <input
                id="ext-closesAt"
                name="closesAt"
                type="datetime-local"
                required
                defaultValue={values.closesAt}
                aria-invalid={extendErrors.closesAt ? true : undefined}
                aria-describedby={
                  extendErrors.closesAt
                    ? "ext-closesAt-hint ext-closesAt-error"
                    : "ext-closesAt-hint"
                }
              />
              <p className="hint" id="ext-closesAt-hint">
                {t("consultations.extend.hint", {
                  date: dateTime(c.closesAt),
                  zone: zoneName(t, timeZone),
                })}
              </p>
              {extendErrors.closesAt ? (
                <p className="field-error" id="ext-closesAt-error" role="alert">
                  {t(extendErrors.closesAt)}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="ext-body">{t("consultations.extend.body")}</label>
              <textarea
                id="ext-body"
                name="body"
                rows={3}
                maxLength={2000}
                aria-invalid={extendErrors.body ? true : undefined}
              />
              {extendErrors.body ? (
                <p className="field-error" role="alert">
                  {t(extendErrors.body)}
                </p>
              ) : null}
            </div>
            <p>
              <button type="submit" className="button primary" disabled={busy}>
                {t("consultations.extend.submit")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t("consultations.manage.settings")}</h2>
        {settingsResult?.ok ? (
          <p className="notice" role="status">
            {settingsResult.changed
              ? t("consultations.manage.saved")
              : t("consultations.manage.unchanged")}
          </p>
        ) : null}
        {settingsResult && !settingsResult.ok ? (
          <p className="form-error" role="alert">
            {t("consultations.form.fix")}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="settings" />
          <ConsultationSettingsFields
            values={values}
            errors={settingsErrors}
            timeZone={timeZone}
            timesLocked={
              c.status === "upcoming"
                ? undefined
                : { opens: dateTime(c.opensAt), closes: dateTime(c.closesAt) }
            }
          />
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("consultations.manage.save")}
            </button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t("consultations.notices.title")}</h2>
        {notices.length === 0 ? (
          <p className="empty">{t("consultations.notices.none")}</p>
        ) : (
          <ul className="consultation-notices">
            {notices.map((n) => (
              <li key={n.id}>
                {n.kind === "deadline_extended" && n.new_closes_at
                  ? t("consultations.notice.extended", { date: dateTime(n.new_closes_at) })
                  : null}
                {n.body ? <span className="notice-body"> {n.body}</span> : null}{" "}
                <span className="muted">{dateTime(n.created_at)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("consultations.history.title")}</h2>
        <ul className="consultation-history">
          {history.map((h) => (
            <li key={h.id}>
              <span className="muted">{dateTime(h.created_at)}</span> {h.actor ?? ""}{" "}
              {t(auditKeys[h.action] ?? "consultations.history.other")}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
