import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { listProvisionOutline } from "../../db/queries/handling.ts";
import { previewPublication } from "../../db/queries/review.ts";
import { publishDispositions } from "../../services/disposition-workflow.ts";
import { isServiceError } from "../../services/errors.ts";
import { provisionSubtree } from "../../services/handling-view.ts";
import { requireConsultationRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { pageTitle } from "../lib/meta.ts";
import { noticeText } from "../lib/notice-text.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/workflow-review.css";
import type { Route } from "./+types/review-publish";

// The confirmation before approved dispositions go public (公开): what will be published (all of
// the consultation's approved ones, or one article's) and whom it will notify — the authors with
// an account whose public disposition changes and the contact points with opinions in it. Only
// the button on this page publishes; the review page links here.

const PublishQuery = z.object({ provision: z.string().max(100).optional().catch(undefined) });
const PublishForm = z.object({ provision: z.string().max(100).optional().default("") });

/** The publication's scope: the whole consultation, or one provision with its subtree. */
async function scopeOf(
  request: Request,
  context: Route.LoaderArgs["context"],
  versionId: string,
  provision: string | undefined,
) {
  if (!provision) return { pid: null, label: null, pids: null };
  const outline = await listProvisionOutline(context.db, versionId);
  const at = outline.find((p) => p.pid === provision);
  if (!at) {
    const t = requestTranslator(request);
    throw data({ message: t("publish.nothing") }, { status: 404 });
  }
  return { pid: at.pid, label: at.label, pids: provisionSubtree(outline, at.pid) };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation } = await requireConsultationRole(request, context, params.id, "review");
  const query = readQuery(PublishQuery, request);
  const { pid, label, pids } = await scopeOf(
    request,
    context,
    consultation.versionId,
    query.provision,
  );
  const preview = await previewPublication(context.db, consultation.id, pids);
  const t = requestTranslator(request);
  return {
    title: `${t("publish.title")} · ${consultation.title}`,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billTitle: consultation.billTitle,
    },
    pid,
    label,
    preview,
  };
}

type ActionData = { ok: false; message: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationRole(
    request,
    context,
    params.id,
    "review",
  );
  const form = await requireCsrf(request, context);
  const parsed = PublishForm.safeParse({ provision: form.get("provision") ?? "" });
  if (!parsed.success)
    return data<ActionData>({ ok: false, message: "error.invalidInput" }, { status: 400 });
  const { pid } = await scopeOf(
    request,
    context,
    consultation.versionId,
    parsed.data.provision || undefined,
  );
  try {
    const result = await publishDispositions(context.db, {
      consultationId: consultation.id,
      ...(pid ? { provisionPid: pid } : {}),
      actorId: user.id,
      ip: context.clientIp,
      render: noticeText,
    });
    return redirect(
      `/consultations/${consultation.id}/review?${new URLSearchParams({
        published: String(result.count),
        mails: String(result.mails.length),
      })}`,
    );
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return data<ActionData>(
      { ok: false, message: messageKey(error.messageKey, "error.generic") },
      { status: error.status },
    );
  }
}

export default function ReviewPublish({ loaderData, actionData }: Route.ComponentProps) {
  const { t, label: localLabel } = useI18n();
  const navigation = useNavigation();
  const { consultation, pid, label, preview } = loaderData;
  const failed = actionData as ActionData | undefined;
  const back = `/consultations/${consultation.id}/review`;
  return (
    <div className="page workflow-page">
      <p className="muted">
        <Link to={back}>{t("review.title")}</Link> · {consultation.title}
      </p>
      <h1>{t("publish.title")}</h1>
      {failed ? (
        <p className="form-error" role="alert">
          {t(failed.message)}
        </p>
      ) : null}
      <section className="panel confirm-panel" aria-labelledby="publish-scope">
        <h2 id="publish-scope">
          {label ? t("publish.scopeArticle", { label: localLabel(label) }) : t("publish.scopeAll")}
        </h2>
        {preview.count === 0 ? (
          <p className="empty">{t("publish.nothing")}</p>
        ) : (
          <>
            <ul className="publish-figures">
              <li>
                <strong>{t("publish.summary", { count: preview.count })}</strong>
              </li>
              <li>{t("publish.authors", { count: preview.authors })}</li>
              <li>
                {t("publish.points", { count: preview.points, people: preview.coordinators })}
              </li>
            </ul>
            <p className="muted">{t("publish.warning")}</p>
          </>
        )}
        <Form method="post" className="inline-fields">
          <CsrfInput />
          <input type="hidden" name="provision" value={pid ?? ""} />
          {preview.count > 0 ? (
            <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
              {t("publish.confirm")}
            </button>
          ) : null}
          <Link to={back} className="button">
            {t("publish.cancel")}
          </Link>
        </Form>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = (args) => pageTitle(args, args.data?.title);
