import { Form, Link, useSearchParams } from "react-router";
import { z } from "zod";
import {
  countQueueViews,
  listModerationQueue,
  moderatedConsultations,
  QUEUE_PAGE_SIZE,
  QUEUE_VIEWS,
  type QueueView,
} from "../../services/moderation.ts";
import { ModerationActions, ModerationNav } from "../components/moderation-actions.tsx";
import { messageKey, requestTranslator } from "../i18n/index.ts";
import { maskName, readQuery } from "../lib/forms.ts";
import {
  moderationAction,
  requireModerator,
  type ModerationActionData,
} from "../lib/moderation.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/moderation.css";
import type { Route } from "./+types/moderation";

// Lenient, as the queue always was: an unknown view or consultation, or a page that is not a
// number, shows the default rather than an error.
const QueueQuery = z.object({
  view: z.enum(QUEUE_VIEWS).catch("queue"),
  consultation: z.string().catch(""),
  page: z
    .string()
    .optional()
    .transform((v) => Math.max(1, Math.floor(Number(v ?? 1)) || 1)),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const { organizationIds } = await requireModerator(request, context);
  const query = readQuery(QueueQuery, request);
  const view: QueueView = query.view;
  const consultations = await moderatedConsultations(context.db, organizationIds);
  const consultationId = consultations.some((c) => c.id === query.consultation)
    ? query.consultation
    : undefined;
  const page = query.page;
  const [queue, counts] = await Promise.all([
    listModerationQueue(context.db, { organizationIds, view, consultationId, page }),
    countQueueViews(context.db, { organizationIds, consultationId }),
  ]);
  return {
    title: requestTranslator(request)("moderation.title"),
    view,
    counts,
    consultationId: consultationId ?? "",
    consultations,
    ...queue,
    pages: Math.max(1, Math.ceil(queue.total / QUEUE_PAGE_SIZE)),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  return moderationAction(request, context);
}

export default function Moderation({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime, label } = useI18n();
  const [params] = useSearchParams();
  const { view, counts, consultationId, consultations, items, total, page, pages } = loaderData;
  const result = actionData as ModerationActionData | undefined;
  const link = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    const query = next.toString();
    return query ? `/moderation?${query}` : "/moderation";
  };
  return (
    <div className="page moderation-page">
      <ModerationNav current="queue" />
      <h1>{t("moderation.title")}</h1>
      <p className="lead">{t("moderation.queue.intro")}</p>
      <nav className="moderation-views" aria-label={t("moderation.view.label")}>
        {QUEUE_VIEWS.map((v) => (
          <Link
            key={v}
            to={link({ view: v === "queue" ? null : v, page: null })}
            aria-current={v === view ? "page" : undefined}
          >
            {t(`moderation.view.${v}`)}
            {v in counts ? (
              <span className="view-count">{counts[v as keyof typeof counts]}</span>
            ) : null}
          </Link>
        ))}
      </nav>
      <Form method="get" className="inline-fields moderation-filter">
        {view !== "queue" ? <input type="hidden" name="view" value={view} /> : null}
        <div className="grant-field grow">
          <label htmlFor="m-consultation">{t("moderation.filter.consultation")}</label>
          <select id="m-consultation" name="consultation" defaultValue={consultationId}>
            <option value="">{t("moderation.filter.all")}</option>
            {consultations.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("moderation.filter.apply")}
        </button>
      </Form>
      <div role="status" className="moderation-status">
        {result?.ok ? <p className="notice">{t(`moderation.done.${result.intent}`)}</p> : null}
        {result && !result.ok && !items.some((o) => o.id === result.opinionId) ? (
          <p className="form-error">{t(result.message)}</p>
        ) : null}
      </div>
      <p>
        <strong>{t("moderation.count", { count: total })}</strong>
      </p>
      {items.length === 0 ? (
        <p className="empty">
          {t(
            view === "published" || view === "hidden"
              ? "moderation.empty.none"
              : "moderation.empty.queue",
          )}
        </p>
      ) : (
        <ol className="moderation-list">
          {items.map((o) => (
            <li key={o.id} className="card moderation-item">
              <p className="muted">
                {o.consultationTitle} ·{" "}
                {o.provisionLabel ? label(o.provisionLabel) : t("mine.wholeDraft")} ·{" "}
                {maskName(o.author_name)}
                {o.author_region ? ` · ${o.author_region}` : ""} · {dateTime(o.created_at)}
              </p>
              <ul className="moderation-why">
                <li className={`tag status-${o.status}`}>{t(`opinionStatus.${o.status}`)}</li>
                {o.status === "pending" && !o.held_words ? (
                  <li className="tag">{t("moderation.why.pending")}</li>
                ) : null}
                {o.held_words ? (
                  <li className="tag tag-held">
                    {t("moderation.why.held", {
                      words: o.held_words.join(t("moderation.listSeparator")),
                    })}
                  </li>
                ) : null}
                {o.reportCount > 0 ? (
                  <li className="tag tag-reported">
                    {Object.keys(o.reportCategories).length
                      ? t("moderation.why.reportedDetail", {
                          count: o.reportCount,
                          detail: Object.entries(o.reportCategories)
                            .map(
                              ([c, n]) =>
                                `${t(messageKey(`moderation.report.cat.${c}`, "error.generic"))} ${n}`,
                            )
                            .join(t("moderation.listSeparator")),
                        })
                      : t("moderation.why.reported", { count: o.reportCount })}
                  </li>
                ) : null}
              </ul>
              <p className="opinion-body" id={`op-body-${o.id}`}>
                {o.body}
              </p>
              {o.proposed_text ? (
                <p className="reason">{t("moderation.proposedText", { text: o.proposed_text })}</p>
              ) : null}
              {o.hidden_reason ? (
                <p className="reason">{t("moderation.why.hidden", { reason: o.hidden_reason })}</p>
              ) : null}
              {o.reportReasons.length ? (
                <div className="moderation-reasons">
                  <p className="small-heading">{t("moderation.reportReasons")}</p>
                  <ul>
                    {o.reportReasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <ModerationActions opinion={o} result={result} describedBy={`op-body-${o.id}`} />
              <p className="moderation-record-link">
                <Link to={`/moderation/opinions/${o.id}`}>{t("moderation.record.link")}</Link>
              </p>
            </li>
          ))}
        </ol>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("moderation.paging")}>
          {page > 1 ? <Link to={link({ page: page - 1 })}>{t("moderation.prev")}</Link> : null}
          <span>{t("moderation.pageOf", { page, pages })}</span>
          {page < pages ? <Link to={link({ page: page + 1 })}>{t("moderation.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
