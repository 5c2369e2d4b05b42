import { data, Form, Link, useNavigation } from "react-router";
import {
  getExpertReview,
  listExperts,
  listInvitationsOfReview,
  listSubmittedAnswersOfReview,
} from "../../db/queries/experts.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  closeExpertReview,
  inviteExperts,
  resendInvitation,
  revokeInvitation,
  type IssuedLink,
  type RenderInvitation,
} from "../../services/expert-reviews.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { formatDateTime, requestTranslator, translator, type MessageKey } from "../i18n/index.ts";
import { drafterOrganizations } from "../lib/drafter-orgs.server.ts";
import { formRefusal } from "../lib/errors.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/experts.css";
import type { Route } from "./+types/workspace-expert-review";

// One expert review, for the drafters of its legislature: who was invited and where each
// invitation stands, inviting more experts of the registry (each link is shown here once, and
// e-mailed when the expert has an address), revoking or renewing a link, closing the review, and
// the submitted answers article by article (they are opinions of the consultation's handling).

/** The review, for a drafter of its bill's legislature (404 for no review, 403 for others). */
async function requireReview(request: Request, context: Route.LoaderArgs["context"], id: string) {
  const review = await getExpertReview(context.db, id);
  if (!review) {
    const t = requestTranslator(request);
    throw data({ message: t("experts.error.reviewNotFound") }, { status: 404 });
  }
  const { user } = await requireConsultationDrafter(request, context, review.consultationId);
  return { review, user };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { review } = await requireReview(request, context, params.reviewId);
  const [invitations, answers, registry] = await Promise.all([
    listInvitationsOfReview(context.db, review.id),
    listSubmittedAnswersOfReview(context.db, review.id),
    listExperts(context.db, { organizationIds: [review.organizationId], activeOnly: true }),
  ]);
  const invited = new Set(invitations.map((i) => i.expertId));
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    title: `${review.title} · ${review.billTitle}`,
    review: {
      id: review.id,
      kind: review.kind,
      title: review.title,
      brief: review.brief,
      when: iso(review.held_at ?? review.due_at)!,
      place: review.place,
      status: review.status,
      consultationId: review.consultationId,
      consultationTitle: review.consultationTitle,
      billId: review.billId,
      billTitle: review.billTitle,
      versionLabel: review.versionLabel,
    },
    invitations: invitations.map((i) => ({
      id: i.id,
      name: i.name,
      field: i.field,
      affiliation: i.affiliation,
      title: i.title,
      email: i.email,
      state: i.state,
      expiresAt: iso(i.expires_at)!,
      sentAt: iso(i.sent_at),
      openedAt: iso(i.opened_at),
      submittedAt: iso(i.submitted_at),
      declinedAt: iso(i.declined_at),
      declineReason: i.decline_reason,
      conflicts: i.conflicts_declared,
      answers: i.answers,
    })),
    answers,
    candidates: registry
      .filter((e) => !invited.has(e.id))
      .map((e) => ({
        id: e.id,
        name: e.name,
        field: e.field,
        affiliation: e.affiliation,
        hasEmail: !!e.email,
      })),
  };
}

type ActionData =
  | { ok: true; intent: string; links: IssuedLink[] }
  | { ok: false; message: MessageKey; fields: Partial<Record<string, MessageKey>> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { review, user } = await requireReview(request, context, params.reviewId);
  const form = await requireCsrf(request, context);
  const actor = {
    userId: user.id,
    organizationIds: drafterOrganizations(user),
    ip: context.clientIp,
  };
  const origin = new URL(request.url).origin;
  // The invitation e-mail is in Chinese: the registry keeps no language for an expert, and the
  // legislature writes to them in its own.
  const t = translator("zh-CN");
  const render: RenderInvitation = (m) => ({
    subject: t("experts.mail.subject", { title: m.reviewTitle }),
    text: t("experts.mail.body", {
      name: m.expertName,
      bill: m.billTitle,
      kind: t(`experts.kind.${m.kind}`),
      title: m.reviewTitle,
      link: m.link,
      until: formatDateTime("zh-CN", context.timeZone, m.expiresAt),
    }),
  });
  const intent = String(form.get("intent") ?? "");
  const invitationId = String(form.get("invitationId") ?? "");
  try {
    if (intent === "invite") {
      const links = await inviteExperts(context.db, {
        ...actor,
        reviewId: review.id,
        expertIds: form.getAll("expertIds").map(String),
        origin,
        render,
      });
      return { ok: true, intent, links } satisfies ActionData;
    }
    if (intent === "resend") {
      const link = await resendInvitation(context.db, { ...actor, invitationId, origin, render });
      return { ok: true, intent, links: [link] } satisfies ActionData;
    }
    if (intent === "revoke") {
      await revokeInvitation(context.db, { ...actor, invitationId });
      return { ok: true, intent, links: [] } satisfies ActionData;
    }
    if (intent === "close") {
      await closeExpertReview(context.db, { ...actor, reviewId: review.id });
      return { ok: true, intent, links: [] } satisfies ActionData;
    }
    return data<ActionData>(
      { ok: false, message: "error.invalidInput", fields: {} },
      { status: 400 },
    );
  } catch (error) {
    if (isServiceError(error)) return formRefusal(error);
    throw error;
  }
}

/** Links are secrets: the page that shows one is not kept by any cache. */
export function headers(): Record<string, string> {
  // same-origin, not no-referrer: see expert-invitation.tsx.
  return { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };
}

export default function ExpertReviewPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const { review: r, invitations, answers, candidates } = loaderData;
  const result = actionData as ActionData | undefined;
  const busy = navigation.state !== "idle";
  const open = r.status === "open";
  const byTarget = new Map<string, typeof answers>();
  for (const a of answers) {
    const key = a.provisionLabel ?? t("experts.form.wholeDraftTarget");
    byTarget.set(key, [...(byTarget.get(key) ?? []), a]);
  }
  const submitted = invitations.filter((i) => i.state === "submitted").length;
  return (
    <div className="page narrow-wide expert-review">
      <p className="muted">
        <Link to={`/bills/${r.billId}`}>{r.billTitle}</Link> /{" "}
        <Link to={`/consultations/${r.consultationId}/expert-reviews/new`}>
          {t("experts.review.listTitle")}
        </Link>
      </p>
      <h1>{r.title}</h1>
      <p className="card-tags">
        <span className="tag">{t(`experts.kind.${r.kind}`)}</span>
        <span className="tag">{t(`version.${r.versionLabel}`)}</span>
        <span className={`tag tag-${open ? "open" : "closed"}`}>
          {t(`experts.review.status.${r.status}`)}
        </span>
      </p>
      <p>
        {r.kind === "meeting"
          ? t("experts.form.meetingAt", { when: dateTime(r.when), place: r.place || "—" })
          : t("experts.form.dueAt", { when: dateTime(r.when) })}
      </p>
      {r.brief ? <p className="expert-brief">{r.brief}</p> : null}

      {result?.ok && result.links.length > 0 ? (
        <section className="notice expert-links" role="status" aria-labelledby="er-links-h">
          <h2 id="er-links-h">{t("experts.invite.linksTitle")}</h2>
          <p>{t("experts.invite.linksOnce")}</p>
          <ul>
            {result.links.map((l) => (
              <li key={l.invitationId}>
                <strong>{l.expertName}</strong>
                {l.mailed
                  ? ` · ${t("experts.invite.mailed")}`
                  : ` · ${t("experts.invite.notMailed")}`}
                <br />
                <code className="expert-link">{l.link}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result?.ok && result.intent === "revoke" ? (
        <p className="notice" role="status">
          {t("experts.invite.revoked")}
        </p>
      ) : null}
      {result?.ok && result.intent === "close" ? (
        <p className="notice" role="status">
          {t("experts.review.closedDone")}
        </p>
      ) : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t(result.message)}
        </p>
      ) : null}

      <section aria-labelledby="er-inv-h">
        <h2 id="er-inv-h">{t("experts.invite.title", { count: invitations.length, submitted })}</h2>
        {invitations.length === 0 ? (
          <p className="empty">{t("experts.invite.none")}</p>
        ) : (
          <ul className="cards single">
            {invitations.map((i) => (
              <li key={i.id} className="card">
                <h3 className="card-title">
                  {i.name}
                  {i.title ? <span className="muted"> · {i.title}</span> : null}
                </h3>
                <p>
                  <span className="tag">{i.field}</span> {i.affiliation}
                </p>
                <p>
                  <span className={`tag invitation-${i.state}`}>
                    {t(`experts.state.${i.state}`)}
                  </span>{" "}
                  {i.submittedAt
                    ? t("experts.invite.submittedAt", {
                        when: dateTime(i.submittedAt),
                        count: i.answers,
                      })
                    : i.declinedAt
                      ? t("experts.invite.declinedAt", { when: dateTime(i.declinedAt) })
                      : t("experts.invite.expiresAt", { when: dateTime(i.expiresAt) })}
                </p>
                {i.declineReason ? (
                  <p className="muted">
                    {t("experts.invite.reason")}: {i.declineReason}
                  </p>
                ) : null}
                {i.conflicts ? (
                  <p className="muted">
                    {t("experts.invite.conflicts")}: {i.conflicts}
                  </p>
                ) : null}
                <p className="muted expert-contact">
                  {t("experts.registry.contact")}: {i.email ?? t("experts.invite.noEmail")}
                </p>
                {open && !i.submittedAt && !i.declinedAt ? (
                  <div className="actions">
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button
                        className="button"
                        type="submit"
                        name="intent"
                        value="resend"
                        disabled={busy}
                      >
                        {t("experts.invite.resend", { name: i.name })}
                      </button>
                    </Form>
                    {i.state !== "revoked" ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button
                          className="button"
                          type="submit"
                          name="intent"
                          value="revoke"
                          disabled={busy}
                        >
                          {t("experts.invite.revoke", { name: i.name })}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {open ? (
        <section aria-labelledby="er-add-h" className="panel">
          <h2 id="er-add-h">{t("experts.invite.add")}</h2>
          {candidates.length === 0 ? (
            <p className="empty">
              {t("experts.invite.noCandidates")}{" "}
              <Link to="/workspace/experts">{t("experts.registry.title")}</Link>
            </p>
          ) : (
            <Form method="post" className="stack">
              <CsrfInput />
              <fieldset className="field">
                <legend>{t("experts.invite.choose")}</legend>
                {candidates.map((e) => (
                  <label key={e.id} className="choice">
                    <input type="checkbox" name="expertIds" value={e.id} /> {e.name}
                    <span className="muted">
                      {" "}
                      · {e.field} · {e.affiliation}
                      {e.hasEmail ? "" : ` · ${t("experts.invite.noEmail")}`}
                    </span>
                  </label>
                ))}
              </fieldset>
              <button
                type="submit"
                name="intent"
                value="invite"
                className="button primary"
                disabled={busy}
              >
                {t("experts.invite.button")}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="er-ans-h">
        <h2 id="er-ans-h">{t("experts.answers.title", { count: answers.length })}</h2>
        <p>
          <Link to={`/consultations/${r.consultationId}/handling?channel=expert_meeting`}>
            {t("experts.review.inHandling")}
          </Link>
        </p>
        {answers.length === 0 ? (
          <p className="empty">{t("experts.answers.none")}</p>
        ) : (
          [...byTarget.entries()].map(([target, list]) => (
            <div key={target} className="expert-target">
              <h3>{target}</h3>
              <ul className="cards single">
                {list.map((a) => (
                  <li key={a.id} className="card">
                    <p className="muted">
                      {a.expertName}
                      {a.affiliation ? ` · ${a.affiliation}` : ""}
                    </p>
                    <p className="opinion-body">{a.body}</p>
                    {a.proposed_text ? (
                      <p className="expert-proposed">
                        {t("experts.answers.proposed")}: {a.proposed_text}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>

      {open ? (
        <section aria-labelledby="er-close-h" className="panel">
          <h2 id="er-close-h">{t("experts.review.close")}</h2>
          <p className="muted">{t("experts.review.closeHint")}</p>
          <Form method="post">
            <CsrfInput />
            <button className="button" type="submit" name="intent" value="close" disabled={busy}>
              {t("experts.review.closeButton")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
