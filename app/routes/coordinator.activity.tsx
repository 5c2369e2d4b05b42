import { Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import {
  activityOpinions,
  consultationForPoint,
  isOpinionOfActivity,
  targetsOf,
} from "../../db/queries/contact-points.ts";
import {
  addOpinion,
  deleteActivity,
  deleteOpinion,
  loadActivity,
  updateActivity,
  updateOpinion,
} from "../../services/contact-points.ts";
import { listAttachments } from "../../db/queries/activity-attachments.ts";
import { removeAttachmentFiles } from "../../services/activity-attachments.ts";
import { notFound } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { ActivityFields, OpinionFields } from "../components/contact-point-forms.tsx";
import { ActivityAttachments } from "../components/activity-attachments.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator } from "../i18n/index.ts";
import {
  attempt,
  echoOf,
  invalid,
  parseActivity,
  parseOpinionPicked,
  type CpActionData,
} from "../lib/contact-points.server.ts";
import { activityName } from "../lib/activity-name.ts";
import { orRefuse } from "../lib/errors.ts";
import { parseForm } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/coordinator.activity";

/** The change a form asks for, and the opinion it is about (for the opinion intents). */
const IntentSchema = z.object({
  intent: z.enum(["update", "delete", "addOpinion", "editOpinion", "deleteOpinion"]),
  opinionId: z.string().max(64).default(""),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const activity = await orRefuse(request, () =>
    loadActivity(context.db, point.id, params.activityId),
  );
  const consultation = (await consultationForPoint(context.db, activity.consultation_id))!;
  const t = requestTranslator(request);
  return {
    point,
    consultation: {
      id: consultation.id,
      billTitle: consultation.billTitle,
      status: consultation.status,
    },
    activity: {
      id: activity.id,
      kind: activity.kind,
      held_on: activity.held_on,
      place: activity.place,
      headcount: activity.headcount,
      participants: activity.participants,
      notes: activity.notes,
      start_time: activity.start_time,
      host: activity.host,
      title: activity.title,
      editable: activity.submissionStatus === "draft" && consultation.status === "open",
    },
    attachments: await listAttachments(context.db, activity.id),
    opinions: await activityOpinions(context.db, activity.id),
    targets: await targetsOf(context.db, consultation.version_id),
    pageTitle: `${point.name} · ${consultation.billTitle} · ${t("app.name")}`,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { actor } = await requireCoordinator(request, context);
  const form = await requireCsrf(request, context);
  const chosen = parseForm(IntentSchema, form);
  if (!chosen.ok) return invalid(String(form.get("intent") ?? ""), {});
  const { intent, opinionId } = chosen.data;
  const activityId = params.activityId;
  // The provisions an opinion may name, for the picker's typed number ("25" → 第二十五条).
  const targets = async () => {
    const activity = await loadActivity(context.db, actor.contactPointId, activityId);
    const consultation = await consultationForPoint(context.db, activity.consultation_id);
    return consultation ? targetsOf(context.db, consultation.version_id) : [];
  };
  if (intent === "update") {
    const parsed = parseActivity(form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
    return attempt(intent, async () => {
      await updateActivity(context.db, actor, activityId, parsed.data);
      return "cp.saved.activity";
    });
  }
  if (intent === "delete") {
    let consultationId = "";
    const outcome = await attempt(intent, async () => {
      consultationId = (await loadActivity(context.db, actor.contactPointId, activityId))
        .consultation_id;
      const files = await deleteActivity(context.db, actor, activityId);
      if (context.filesDir) await removeAttachmentFiles(context.filesDir, files);
      return "cp.saved.deleted";
    });
    return "ok" in outcome && outcome.ok
      ? redirect(`/coordinator/consultations/${consultationId}`)
      : outcome;
  }
  if (intent === "addOpinion") {
    const parsed = await orRefuse(request, async () => parseOpinionPicked(form, await targets()));
    if (!parsed.ok) return invalid(intent, parsed.errors, undefined, echoOf(form));
    return attempt(intent, async () => {
      await addOpinion(context.db, actor, activityId, parsed.data);
      return "cp.saved.opinion";
    });
  }
  // The opinion must be one of this activity's (the service checks it is this point's).
  const ofActivity = () =>
    isOpinionOfActivity(context.db, {
      contactPointId: actor.contactPointId,
      activityId,
      opinionId,
    });
  if (intent === "editOpinion") {
    const parsed = await orRefuse(request, async () => parseOpinionPicked(form, await targets()));
    if (!parsed.ok) return invalid(intent, parsed.errors, opinionId, echoOf(form));
    return attempt(
      intent,
      async () => {
        if (!(await ofActivity())) throw notFound();
        await updateOpinion(context.db, actor, opinionId, parsed.data);
        return "cp.saved.opinion";
      },
      opinionId,
    );
  }
  return attempt(intent, async () => {
    if (!(await ofActivity())) throw notFound();
    await deleteOpinion(context.db, actor, opinionId);
    return "cp.saved.deleted";
  });
}

export default function CoordinatorActivity({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date, label } = useI18n();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle";
  const result = actionData as CpActionData | undefined;
  const { consultation, activity: a, opinions, targets, attachments } = loaderData;
  const refused = (intent: string, id?: string) =>
    result && !result.ok && result.intent === intent && result.id === id ? result : undefined;
  const fieldsFor = (intent: string, id?: string) => refused(intent, id)?.fields ?? {};
  const echoed = (intent: string, id?: string) => refused(intent, id)?.echo;
  const title = activityName(t, date, a);
  // A fresh form after each saved opinion (the key changes), so the next one starts empty.
  const addKey = `${opinions.length}-${result?.ok ? "ok" : "x"}`;
  return (
    <div className="page cp-page">
      <p className="muted">
        <Link to="/coordinator">{t("coordinator.title")}</Link> ·{" "}
        <Link to={`/coordinator/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{title}</h1>
      {a.host || a.place ? (
        <p className="muted">
          {[a.place, a.host ? t("cp.activity.hostShown", { host: a.host }) : ""]
            .filter(Boolean)
            .join(" · ")}
        </p>
      ) : null}
      {params.get("created") && !result ? (
        <p className="notice" role="status">
          {t("cp.saved.activityNext")}
        </p>
      ) : null}
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {t(result.message)}
        </p>
      ) : null}
      {!a.editable ? <p className="notice">{t("cp.frozen")}</p> : null}
      <p className="cp-actions">
        <Link to={`/coordinator/activities/${a.id}/print`}>{t("cp.activity.print")}</Link>
        {a.editable ? (
          <Link to={`/coordinator/consultations/${consultation.id}/import`}>
            {t("cp.import.link")}
          </Link>
        ) : null}
      </p>

      <section aria-labelledby="cp-ops-h">
        <h2 id="cp-ops-h">{t("cp.opinions.title", { count: opinions.length })}</h2>
        {opinions.length === 0 ? <p className="empty">{t("cp.opinions.none")}</p> : null}
        <ul className="cards single">
          {opinions.map((o, i) => (
            <li key={o.id} className="card" id={`opinion-${o.id}`}>
              <p>
                <strong>{o.provisionLabel ? label(o.provisionLabel) : t("mine.wholeDraft")}</strong>{" "}
                <span className="muted">
                  {t("cp.opinion.people", { count: o.headcount })} ·{" "}
                  {t(`respondent.${o.respondent_type}`)}
                </span>
              </p>
              <p className="opinion-body">{o.body}</p>
              {o.proposed_text ? (
                <p className="reason">
                  {t("opinion.proposedShownText", { text: o.proposed_text })}
                </p>
              ) : null}
              {o.dispositionCode ? (
                <p className="cp-disposition">
                  <span className="tag">{t(`disposition.${o.dispositionCode}`)}</span>{" "}
                  {o.dispositionReason}
                </p>
              ) : null}
              {a.editable ? (
                <>
                  <details
                    className="cp-edit"
                    open={!!Object.keys(fieldsFor("editOpinion", o.id)).length}
                  >
                    <summary>{t("cp.opinion.edit", { n: i + 1 })}</summary>
                    <Form method="post" className="stack">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="editOpinion" />
                      <input type="hidden" name="opinionId" value={o.id} />
                      <OpinionFields
                        prefix={`op-${o.id}`}
                        targets={targets}
                        maxHeadcount={a.headcount}
                        fields={fieldsFor("editOpinion", o.id)}
                        typed={echoed("editOpinion", o.id)?.targetText}
                        values={{
                          target: o.provision_pid ?? "draft",
                          body: o.body,
                          proposed: o.proposed_text ?? "",
                          headcount: o.headcount,
                          respondentType: o.respondent_type,
                        }}
                      />
                      <button type="submit" className="button" disabled={busy}>
                        {t("handling.save")}
                      </button>
                    </Form>
                  </details>
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="deleteOpinion" />
                    <input type="hidden" name="opinionId" value={o.id} />
                    <button
                      type="submit"
                      className="link-button danger"
                      disabled={busy}
                      aria-label={t("cp.opinion.deleteLabel", { n: i + 1 })}
                    >
                      {t("cp.delete")}
                    </button>
                  </Form>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {a.editable ? (
        <>
          <section className="panel" aria-labelledby="cp-add-h">
            <h2 id="cp-add-h">{t("cp.opinion.add")}</h2>
            <Form method="post" className="stack" key={addKey}>
              <CsrfInput />
              <input type="hidden" name="intent" value="addOpinion" />
              <OpinionFields
                prefix="add-op"
                targets={targets}
                maxHeadcount={a.headcount}
                fields={fieldsFor("addOpinion")}
                typed={echoed("addOpinion")?.targetText}
                values={addValues(echoed("addOpinion"))}
              />
              <button type="submit" className="button primary" disabled={busy}>
                {t("cp.opinion.save")}
              </button>
            </Form>
          </section>
          <ActivityAttachments
            activityId={a.id}
            attachments={attachments}
            editable
            outcome={params.get("attachment")}
          />
          <section className="panel" aria-labelledby="cp-edit-h">
            <h2 id="cp-edit-h">{t("cp.activity.details")}</h2>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="update" />
              <ActivityFields prefix="edit-activity" values={a} fields={fieldsFor("update")} />
              <button type="submit" className="button" disabled={busy}>
                {t("handling.save")}
              </button>
            </Form>
            <Form method="post" className="cp-delete-activity">
              <CsrfInput />
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="link-button danger" disabled={busy}>
                {t("cp.activity.delete")}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <section className="panel">
          <h2>{t("cp.activity.details")}</h2>
          <p>
            {a.place} · {t("cp.activity.people", { count: a.headcount })}
          </p>
          {a.notes ? <p className="opinion-body">{a.notes}</p> : null}
        </section>
      )}
      {!a.editable ? (
        <ActivityAttachments
          activityId={a.id}
          attachments={attachments}
          editable={false}
          outcome={params.get("attachment")}
        />
      ) : null}
    </div>
  );
}

/** The add form's fields as a refused post sent them (a page without JavaScript shows them again). */
function addValues(echo: Record<string, string> | undefined) {
  if (!echo) return undefined;
  return {
    target: echo.target ?? "",
    body: echo.body ?? "",
    proposed: echo.proposedText ?? "",
    headcount: Number(echo.headcount) || 1,
    respondentType: echo.respondentType ?? "individual",
  };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
