import { data, Form, redirect, useNavigation } from "react-router";
import { listProvisions } from "../../db/queries/bills.ts";
import { listInvitationAnswers } from "../../db/queries/experts.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  declineInvitation,
  ExpertAnswersInput,
  invitationForToken,
  markInvitationOpened,
  saveExpertAnswers,
  submitExpertAnswers,
} from "../../services/expert-answers.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { countLinkAttempt } from "../auth/expert-link-limit.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { refusalResponse } from "../lib/errors.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/experts.css";
import type { Route } from "./+types/expert-invitation";

// An invited expert's page (论证 and 咨询), opened through the private link of their invitation,
// without an account: the review's brief, the reading article by article with a box for their
// opinion and proposed wording beside each, one for the whole draft, the declaration of
// conflicts, and save, submit or decline. It is a plain form: it works without JavaScript and on
// a phone. The link is the key, so the page never leaves it in a Referer nor in a cache.

/** The invitation for the link, counting the attempt (404 for any link that opens nothing). */
async function openLink(request: Request, context: Route.LoaderArgs["context"], token: string) {
  const attempt = await countLinkAttempt(request, context);
  try {
    const invitation = await invitationForToken(context.db, token);
    await attempt.forgive();
    return invitation;
  } catch (error) {
    if (isServiceError(error)) throw refusalResponse(request, error);
    throw error;
  }
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const invitation = await openLink(request, context, params.token);
  await markInvitationOpened(context.db, invitation.id);
  const [provisions, answers] = await Promise.all([
    listProvisions(context.db, invitation.versionId),
    listInvitationAnswers(context.db, invitation.id),
  ]);
  const t = requestTranslator(request);
  return {
    title: `${t("experts.form.title")} · ${invitation.billTitle}`,
    invitation: {
      state: invitation.state,
      expertName: invitation.expertName,
      kind: invitation.kind,
      title: invitation.title,
      brief: invitation.brief,
      heldAt: invitation.held_at ? new Date(invitation.held_at).toISOString() : null,
      dueAt: invitation.due_at ? new Date(invitation.due_at).toISOString() : null,
      place: invitation.place,
      reviewOpen: invitation.status === "open",
      expiresAt: new Date(invitation.expires_at).toISOString(),
      conflicts: invitation.conflicts_declared ?? "",
      billTitle: invitation.billTitle,
      versionLabel: invitation.versionLabel,
      organizationName: invitation.organizationName,
    },
    // Chapters and sections as headings; articles carry the text and the answer boxes.
    provisions: provisions
      .filter((p) => p.kind === "chapter" || p.kind === "section" || p.kind === "article")
      .map((p) => ({ pid: p.pid, kind: p.kind, label: p.label, text: p.text })),
    answers: Object.fromEntries(
      answers.map((a) => [
        a.provision_pid ?? "draft",
        { body: a.body, proposed: a.proposed_text ?? "" },
      ]),
    ),
  };
}

/** The page's answers, as the service takes them: `answer:<pid>` / `proposed:<pid>` fields. */
function answersOf(form: FormData) {
  const answers: { pid: string | null; body: string; proposedText: string }[] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("answer:") || typeof value !== "string") continue;
    const target = name.slice("answer:".length);
    const proposed = form.get(`proposed:${target}`);
    answers.push({
      pid: target === "draft" ? null : target,
      body: value,
      proposedText: typeof proposed === "string" ? proposed : "",
    });
  }
  return answers;
}

type ActionData =
  | { ok: true; saved: number }
  | { ok: false; message: MessageKey; fields: Record<string, MessageKey> };

export async function action({ request, params, context }: Route.ActionArgs) {
  await openLink(request, context, params.token);
  const form = await requireCsrf(request, context);
  const intent = form.get("intent");
  const refuse = (message: MessageKey, fields: Record<string, MessageKey>, status: number) =>
    data<ActionData>({ ok: false, message, fields }, { status });
  try {
    if (intent === "decline") {
      const reason = form.get("reason");
      await declineInvitation(context.db, {
        token: params.token,
        reason: typeof reason === "string" ? reason : "",
        ip: context.clientIp,
      });
      return redirect(`/expert/${params.token}`);
    }
    const parsed = ExpertAnswersInput.safeParse({
      conflicts: form.get("conflicts") ?? "",
      answers: answersOf(form),
    });
    if (!parsed.success) {
      const fields: Record<string, MessageKey> = {};
      for (const issue of parsed.error.issues) {
        const [head, index, part] = issue.path;
        const answer = head === "answers" ? answersOf(form)[Number(index)] : undefined;
        const name = answer
          ? `${part === "proposedText" ? "proposed" : "answer"}:${answer.pid ?? "draft"}`
          : String(head);
        fields[name] ??= messageKey(issue.message, "error.invalidInput");
      }
      return refuse("experts.form.invalid", fields, 400);
    }
    if (intent === "submit") {
      await submitExpertAnswers(context.db, {
        token: params.token,
        values: parsed.data,
        timeZone: context.timeZone,
        ip: context.clientIp,
      });
      return redirect(`/expert/${params.token}`);
    }
    const saved = await saveExpertAnswers(context.db, { token: params.token, values: parsed.data });
    return { ok: true, saved } satisfies ActionData;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const fields = Object.fromEntries(
      Object.entries(error.fields ?? {}).map(([k, v]) => [k, messageKey(v, "error.invalidInput")]),
    );
    return refuse(messageKey(error.messageKey, "error.generic"), fields, error.status);
  }
}

/**
 * The link is the key: no Referer carries it to another site, no cache keeps the page. Not
 * "no-referrer": with it Chromium sends `Origin: null` on the page's own form posts, which React
 * Router refuses as cross-site, and the form would not work without JavaScript.
 */
export function headers(): Record<string, string> {
  return { "Referrer-Policy": "same-origin", "Cache-Control": "private, no-store" };
}

export default function ExpertInvitation({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const { invitation: inv, provisions, answers } = loaderData;
  const result = actionData as ActionData | undefined;
  const failed = result && !result.ok ? result : null;
  const fields = failed?.fields ?? {};
  const answerable = inv.reviewOpen && (inv.state === "sent" || inv.state === "opened");
  const busy = navigation.state !== "idle";
  const when =
    inv.kind === "meeting" && inv.heldAt
      ? t("experts.form.meetingAt", { when: dateTime(inv.heldAt), place: inv.place || "—" })
      : inv.dueAt
        ? t("experts.form.dueAt", { when: dateTime(inv.dueAt) })
        : "";
  const fieldError = (name: string) =>
    fields[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {t(fields[name])}
      </p>
    ) : null;
  const answerBoxes = (target: string, label: string) => {
    const given = answers[target];
    return (
      <div className="expert-answer">
        <div className="field">
          <label htmlFor={`answer-${target}`}>
            {t("experts.form.opinionOn", { target: label })}
          </label>
          <textarea
            id={`answer-${target}`}
            name={`answer:${target}`}
            rows={3}
            maxLength={5000}
            defaultValue={given?.body ?? ""}
            readOnly={!answerable}
            aria-invalid={fields[`answer:${target}`] ? true : undefined}
            aria-describedby={fields[`answer:${target}`] ? `answer:${target}-error` : undefined}
          />
          {fieldError(`answer:${target}`)}
        </div>
        <div className="field">
          <label htmlFor={`proposed-${target}`}>
            {t("experts.form.proposedOn", { target: label })}
          </label>
          <textarea
            id={`proposed-${target}`}
            name={`proposed:${target}`}
            rows={2}
            maxLength={5000}
            defaultValue={given?.proposed ?? ""}
            readOnly={!answerable}
          />
          {fieldError(`proposed:${target}`)}
        </div>
      </div>
    );
  };
  return (
    <div className="page narrow-wide expert-page">
      <p className="muted">{inv.organizationName}</p>
      <h1>{inv.title}</h1>
      <p className="card-tags">
        <span className="tag">{t(`experts.kind.${inv.kind}`)}</span>
        <span className="tag">{t(`version.${inv.versionLabel}`)}</span>
      </p>
      <p>{t("experts.form.greeting", { name: inv.expertName, bill: inv.billTitle })}</p>
      {when ? <p>{when}</p> : null}
      {inv.brief ? <p className="expert-brief">{inv.brief}</p> : null}

      {inv.state === "submitted" ? (
        <p className="notice" role="status">
          {t("experts.form.submitted")}
        </p>
      ) : inv.state === "declined" ? (
        <p className="notice" role="status">
          {t("experts.form.declined")}
        </p>
      ) : !inv.reviewOpen ? (
        <p className="notice" role="status">
          {t("experts.form.closed")}
        </p>
      ) : (
        <p className="muted">{t("experts.form.linkUntil", { when: dateTime(inv.expiresAt) })}</p>
      )}
      {result?.ok ? (
        <p className="notice" role="status">
          {t("experts.form.saved", { count: result.saved })}
        </p>
      ) : null}
      {failed ? (
        <p className="form-error" role="alert">
          {t(failed.message)}
        </p>
      ) : null}

      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <section aria-labelledby="ex-conflicts-h" className="panel">
          <h2 id="ex-conflicts-h">{t("experts.form.conflicts")}</h2>
          <div className="field">
            <label htmlFor="ex-conflicts">{t("experts.form.conflictsLabel")}</label>
            <p className="hint" id="ex-conflicts-hint">
              {t("experts.form.conflictsHint")}
            </p>
            <textarea
              id="ex-conflicts"
              name="conflicts"
              rows={2}
              maxLength={2000}
              defaultValue={inv.conflicts}
              readOnly={!answerable}
              aria-invalid={fields.conflicts ? true : undefined}
              aria-describedby={
                fields.conflicts ? "ex-conflicts-hint conflicts-error" : "ex-conflicts-hint"
              }
            />
            {fieldError("conflicts")}
          </div>
        </section>

        <section aria-labelledby="ex-draft-h" className="panel">
          <h2 id="ex-draft-h">{t("experts.form.wholeDraft")}</h2>
          {answerBoxes("draft", t("experts.form.wholeDraftTarget"))}
        </section>

        <section aria-labelledby="ex-articles-h">
          <h2 id="ex-articles-h">{t("experts.form.articles")}</h2>
          <p className="hint">{t("experts.form.articlesHint")}</p>
          {provisions.map((p) =>
            p.kind === "article" ? (
              <details key={p.pid} className="expert-article" open={!!answers[p.pid]}>
                <summary>
                  <strong>{p.label}</strong>{" "}
                  <span className="muted">
                    {p.text.length > 18 ? `${p.text.slice(0, 18)}…` : p.text}
                  </span>
                  {answers[p.pid] ? (
                    <span className="tag">{t("experts.form.answered")}</span>
                  ) : null}
                </summary>
                <p className="expert-article-text">{p.text}</p>
                {answerBoxes(p.pid, p.label)}
              </details>
            ) : (
              <h3 key={p.pid} className="expert-heading">
                {p.label} {p.text}
              </h3>
            ),
          )}
        </section>

        {answerable ? (
          <div className="actions expert-actions">
            <button className="button" type="submit" name="intent" value="save" disabled={busy}>
              {t("experts.form.save")}
            </button>
            <button
              type="submit"
              name="intent"
              value="submit"
              className="button primary"
              disabled={busy}
            >
              {t("experts.form.submit")}
            </button>
            <p className="hint">{t("experts.form.submitHint")}</p>
          </div>
        ) : null}
      </Form>

      {answerable ? (
        <section aria-labelledby="ex-decline-h" className="panel">
          <h2 id="ex-decline-h">{t("experts.form.decline")}</h2>
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <div className="field">
              <label htmlFor="ex-reason">{t("experts.form.declineReason")}</label>
              <textarea id="ex-reason" name="reason" rows={2} maxLength={500} />
            </div>
            <button className="button" type="submit" name="intent" value="decline" disabled={busy}>
              {t("experts.form.declineButton")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
  // A private page: search engines must not keep it even if a link leaked.
  { name: "robots", content: "noindex, nofollow" },
];
