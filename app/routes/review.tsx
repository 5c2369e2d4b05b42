import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { listApprovedByProvision } from "../../db/queries/disposition-work.ts";
import {
  countReviewStates,
  listSubmittedDispositions,
  type SubmittedDisposition,
} from "../../db/queries/review.ts";
import { reviewDispositions } from "../../services/disposition-workflow.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireConsultationRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { pageTitle } from "../lib/meta.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/workflow-review.css";
import type { Route } from "./+types/review";

// The reviewer's page (审核): the dispositions the handlers submitted, grouped per article in the
// text's order, each with its opinion, the proposed code and reason and who drafted it. The
// reviewer approves or returns (with a comment) the ones ticked, or approves an article's at once;
// then publishes what is approved, all of it or one article's, through a confirmation page
// (review-publish.tsx) that says how many and whom it will notify.

const PAGE_SIZE = 100;

const ReviewQuery = z.object({
  page: z.coerce
    .number()
    .catch(0)
    .transform((n) => Math.max(0, Math.min(1000, Math.trunc(n) || 0))),
  // After a publication (review-publish.tsx redirects here): what it did.
  published: z.coerce.number().int().min(0).optional().catch(undefined),
  mails: z.coerce.number().int().min(0).optional().catch(undefined),
});

const ReviewForm = z.object({
  decision: z.enum(["approve", "return"]),
  opinionIds: z.array(z.uuid()).max(5000),
  comment: z.string().trim().max(2000).default(""),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation } = await requireConsultationRole(request, context, params.id, "review");
  const query = readQuery(ReviewQuery, request);
  const [page, counts, approved] = await Promise.all([
    listSubmittedDispositions(context.db, consultation.id, {
      size: PAGE_SIZE,
      offset: query.page * PAGE_SIZE,
    }),
    countReviewStates(context.db, consultation.id),
    listApprovedByProvision(context.db, consultation.id),
  ]);
  const t = requestTranslator(request);
  return {
    title: `${t("review.title")} · ${consultation.title}`,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billId: consultation.billId,
      billTitle: consultation.billTitle,
    },
    groups: groupByProvision(page.rows),
    counts,
    approved,
    next: page.more ? `?page=${query.page + 1}` : null,
    published:
      query.published !== undefined ? { count: query.published, mails: query.mails ?? 0 } : null,
  };
}

/** The page's rows in groups of one provision each (null: the whole draft), in their order. */
function groupByProvision(rows: SubmittedDisposition[]) {
  const groups: { pid: string | null; label: string | null; rows: SubmittedDisposition[] }[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.pid === row.provision_pid) last.rows.push(row);
    else groups.push({ pid: row.provision_pid, label: row.provisionLabel, rows: [row] });
  }
  return groups;
}

type ActionData =
  { ok: true; decision: "approve" | "return"; count: number } | { ok: false; message: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationRole(
    request,
    context,
    params.id,
    "review",
  );
  const form = await requireCsrf(request, context);
  const fail = (message: MessageKey, status = 400) =>
    data<ActionData>({ ok: false, message }, { status });
  const parsed = ReviewForm.safeParse({
    decision: form.get("decision"),
    // A group's button sends its article's ids; the selection form sends the ticked ones.
    opinionIds: form.getAll("opinionId").map(String),
    comment: form.get("comment") ?? "",
  });
  if (!parsed.success) return fail("error.invalidInput");
  const { decision, opinionIds, comment } = parsed.data;
  if (opinionIds.length === 0) return fail("review.nothingChosen");
  if (decision === "return" && comment === "") return fail("review.commentRequired");
  try {
    const result = await reviewDispositions(context.db, {
      consultationId: consultation.id,
      opinionIds,
      decision,
      comment,
      actorId: user.id,
      ip: context.clientIp,
    });
    return { ok: true, decision, count: result.count } satisfies ActionData;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return fail(messageKey(error.messageKey, "error.generic"), error.status);
  }
}

type LoaderData = Route.ComponentProps["loaderData"];

function DispositionCard({ row }: { row: SubmittedDisposition }) {
  const { t, dateTime, label } = useI18n();
  return (
    <li className="card review-row">
      <div className="review-check">
        <input
          type="checkbox"
          name="opinionId"
          value={row.id}
          form="review-selection"
          id={`pick-${row.id}`}
          aria-label={t("review.selectOpinion", { receipt: row.receipt })}
        />
      </div>
      <div className="review-body">
        <p className="opinion-body">{row.body}</p>
        {row.proposed_text ? (
          <p className="muted">
            {t("report.proposed")}：{row.proposed_text}
          </p>
        ) : null}
        <div className="review-proposal">
          <p>
            <span className="muted">{t("review.proposed")}</span>{" "}
            <span className="tag">{t(`disposition.${row.code}`)}</span>
            {row.changedLabel ? (
              <span className="muted">
                {" "}
                · {t("review.changed", { label: label(row.changedLabel) })}
              </span>
            ) : null}
          </p>
          <p className="reason">{row.reason || t("review.noReason")}</p>
        </div>
        <p className="card-meta">
          <span>{row.receipt}</span>
          <span>{t("review.drafter", { name: row.drafterName ?? "—" })}</span>
          {row.submitted_at ? (
            <span>{t("review.submittedAt", { date: dateTime(row.submitted_at) })}</span>
          ) : null}
        </p>
      </div>
    </li>
  );
}

function Publication({ loaderData }: { loaderData: LoaderData }) {
  const { t, label } = useI18n();
  const { consultation, approved, counts } = loaderData;
  const base = `/consultations/${consultation.id}/review/publish`;
  return (
    <section className="panel review-publish" aria-labelledby="publish-title">
      <h2 id="publish-title">{t("review.publishTitle")}</h2>
      {counts.approved === 0 ? (
        <p className="empty">{t("review.publishNone")}</p>
      ) : (
        <>
          <p>
            <Link to={base} className="button primary">
              {t("review.publishAll", { count: counts.approved })}
            </Link>
          </p>
          <ul className="inline-list">
            {approved
              .filter((a) => a.pid !== null)
              .map((a) => (
                <li key={a.pid}>
                  <Link to={`${base}?provision=${encodeURIComponent(a.pid!)}`}>
                    {t("review.publishArticle", { label: label(a.label ?? ""), count: a.count })}
                  </Link>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

export default function Review({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { consultation, groups, counts, next, published } = loaderData;
  const result = actionData as ActionData | undefined;
  return (
    <div className="page workflow-page">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}/handling`}>{consultation.billTitle}</Link> ·{" "}
        {consultation.title}
      </p>
      <h1>{t("review.title")}</h1>
      <p className="lead">{t("review.lead")}</p>
      <p>
        <Link to={`/consultations/${consultation.id}/assignments`}>{t("assign.link")}</Link>
      </p>
      <p role="status" className="review-counts">
        {t("review.counts", counts)}
      </p>
      {published ? (
        <p className="notice" role="status">
          {t("review.published", published)}
        </p>
      ) : null}
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.ok
            ? t(result.decision === "approve" ? "review.approved" : "review.returned", {
                count: result.count,
              })
            : t(result.message)}
        </p>
      ) : null}

      {groups.length === 0 ? <p className="empty">{t("review.none")}</p> : null}
      {groups.map((g) => (
        <section
          key={g.pid ?? "draft"}
          className="review-group"
          aria-labelledby={`rg-${g.pid ?? "draft"}`}
        >
          <div className="review-group-head">
            <h2 id={`rg-${g.pid ?? "draft"}`}>{g.label ?? t("assign.wholeDraft")}</h2>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="decision" value="approve" />
              {g.rows.map((r) => (
                <input key={r.id} type="hidden" name="opinionId" value={r.id} />
              ))}
              <button type="submit" className="button" disabled={busy}>
                {t("review.approveArticle", { count: g.rows.length })}
              </button>
            </Form>
          </div>
          <ul className="cards single">
            {g.rows.map((row) => (
              <DispositionCard key={row.id} row={row} />
            ))}
          </ul>
        </section>
      ))}
      {next ? (
        <nav className="pager" aria-label={t("handling.pages")}>
          <Link to={next} rel="next">
            {t("review.more")}
          </Link>
        </nav>
      ) : null}

      {groups.length > 0 ? (
        <Form method="post" id="review-selection" className="panel stack review-selection">
          <h2>{t("review.selection")}</h2>
          <CsrfInput />
          <div className="field">
            <label htmlFor="review-comment">{t("review.comment")}</label>
            <textarea id="review-comment" name="comment" rows={3} maxLength={2000} />
          </div>
          <div className="inline-fields">
            <button
              type="submit"
              name="decision"
              value="approve"
              className="button primary"
              disabled={busy}
            >
              {t("review.approve")}
            </button>
            <button type="submit" name="decision" value="return" className="button" disabled={busy}>
              {t("review.return")}
            </button>
          </div>
        </Form>
      ) : null}

      <Publication loaderData={loaderData} />
    </div>
  );
}

export const meta: Route.MetaFunction = (args) => pageTitle(args, args.data?.title);
