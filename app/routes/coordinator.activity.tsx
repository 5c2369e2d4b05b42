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
import { notFound } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { ActivityFields, OpinionFields } from "../components/contact-point-forms.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator } from "../i18n/index.ts";
import {
  attempt,
  invalid,
  parseActivity,
  parseOpinion,
  type CpActionData,
} from "../lib/contact-points.server.ts";
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
      editable: activity.submissionStatus === "draft" && consultation.status === "open",
    },
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
      await deleteActivity(context.db, actor, activityId);
      return "cp.saved.deleted";
    });
    return "ok" in outcome && outcome.ok
      ? redirect(`/coordinator/consultations/${consultationId}`)
      : outcome;
  }
  if (intent === "addOpinion") {
    const parsed = parseOpinion(form);
    if (!parsed.ok) return invalid(intent, parsed.errors);
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
    const parsed = parseOpinion(form);
    if (!parsed.ok) return invalid(intent, parsed.errors, opinionId);
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
  const { consultation, activity: a, opinions, targets } = loaderData;
  const fieldsFor = (intent: string, id?: string) =>
    result && !result.ok && result.intent === intent && result.id === id ? result.fields : {};
  const title = `${date(`${a.held_on}T12:00:00+08:00`)} ${t(`channel.${a.kind}`)}`;
  // A fresh form after each saved opinion (the key changes), so the next one starts empty.
  const addKey = `${opinions.length}-${result?.ok ? "ok" : "x"}`;
  return (
    <div className="page cp-page">
      <p className="muted">
        <Link to="/coordinator">{t("coordinator.title")}</Link> ·{" "}
        <Link to={`/coordinator/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{title}</h1>
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
            <li key={o.id} className="card">
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
              />
              <button type="submit" className="button primary" disabled={busy}>
                {t("cp.opinion.save")}
              </button>
            </Form>
          </section>
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
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
