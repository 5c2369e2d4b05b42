import { Link } from "react-router";
import {
  holdsBillRole,
  listHandlerQueue,
  listReviewQueue,
  type HandlerQueueEntry,
  type ReviewQueueEntry,
} from "../../db/queries/disposition-work.ts";
import { today } from "../../services/handling.ts";
import { forbidden, hasRole, requireUser } from "../auth/permissions.server.ts";
import { StateBadge } from "../components/work-state.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/workflow-handling.css";
import type { Route } from "./+types/workspace-queue";

// 待我处理: a handler's or reviewer's landing page. Per consultation, the opinions assigned to
// the user counted by work state, the nearest due date of what is still to do and whether some
// of it is overdue, each linking into the handling view scoped to "assigned to me"; a reviewer
// also sees, per consultation of the bills they review, what awaits review and publication.
// Anyone on a bill's team reaches it, and so do the drafters and administrators whose workspace
// links to it (their queue fills once they join a team); the rest get 403.

// The states a handler still has to act on, then those waiting on the reviewer, in that order.
const handlerStates = ["none", "draft", "returned", "submitted", "approved"] as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const onTeam = await holdsBillRole(context.db, user.id);
  if (!onTeam && !hasRole(user, ["drafter", "admin"])) throw forbidden(request);
  const [mine, review] = await Promise.all([
    listHandlerQueue(context.db, user.id, today(context.timeZone)),
    listReviewQueue(context.db, user.id),
  ]);
  const t = requestTranslator(request);
  return {
    title: `${t("work.queue.title")} · ${t("app.name")}`,
    mine: mine.map((e) => ({
      ...e,
      handlingHref: `/consultations/${e.consultationId}/handling?mine=1`,
      returnedHref:
        e.counts.returned > 0
          ? `/consultations/${e.consultationId}/handling?mine=1&state=returned`
          : null,
    })),
    // A reviewer's queue lists every consultation of the bills they review; those with nothing
    // drafted yet say so in the handler's list, not here.
    review: review.map((e) => ({
      ...e,
      reviewHref: `/consultations/${e.consultationId}/review`,
      handlingHref: `/consultations/${e.consultationId}/handling`,
    })),
    reviewer: review.length > 0,
  };
}

type Mine = HandlerQueueEntry & { handlingHref: string; returnedHref: string | null };
type Review = ReviewQueueEntry & { reviewHref: string; handlingHref: string };

function HandlerCard({ e }: { e: Mine }) {
  const { t, date } = useI18n();
  return (
    <li className={`card${e.overdue ? " overdue" : ""}`}>
      <p className="muted">{e.billTitle}</p>
      <h3 className="card-title">
        <Link to={e.handlingHref}>{e.consultationTitle}</Link>
      </h3>
      <p className="queue-due">
        {e.nearestDue ? t("work.queue.due", { date: e.nearestDue }) : t("work.queue.noDue")}
        {e.overdue ? <strong className="overdue-mark">{t("work.queue.overdue")}</strong> : null}
        <span className="muted"> · {t("consultation.deadline", { date: date(e.closesAt) })}</span>
      </p>
      <ul className="queue-counts" aria-label={t("work.queue.total", { count: e.total })}>
        {handlerStates.map((s) => (
          <li key={s}>
            <StateBadge state={s} /> {e.counts[s]}
          </li>
        ))}
      </ul>
      <p className="card-note">
        <Link to={e.handlingHref} className="button small">
          {t("work.queue.open")}
        </Link>{" "}
        {e.returnedHref ? (
          <Link to={e.returnedHref}>
            {t("work.queue.openReturned", { count: e.counts.returned })}
          </Link>
        ) : null}
      </p>
    </li>
  );
}

function ReviewCard({ e }: { e: Review }) {
  const { t } = useI18n();
  return (
    <li className="card">
      <p className="muted">{e.billTitle}</p>
      <h3 className="card-title">
        <Link to={e.reviewHref}>{e.consultationTitle}</Link>
      </h3>
      <ul className="queue-counts">
        <li>
          <StateBadge state="submitted" />{" "}
          {t("work.queue.review.count", { count: e.counts.submitted })}
        </li>
        <li>
          <StateBadge state="approved" />{" "}
          {t("work.queue.review.approved", { count: e.counts.approved })}
        </li>
      </ul>
      <p className="card-note">
        <Link to={e.reviewHref} className="button small">
          {t("work.queue.review.open")}
        </Link>{" "}
        <Link to={e.handlingHref}>{t("work.queue.review.handling")}</Link>
      </p>
    </li>
  );
}

export default function WorkspaceQueue({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { mine, review, reviewer } = loaderData;
  return (
    <div className="page queue">
      <h1>{t("work.queue.title")}</h1>
      <p className="lead">{t("work.queue.intro")}</p>
      <section aria-labelledby="queue-mine">
        <h2 id="queue-mine">{t("work.queue.mine")}</h2>
        {mine.length === 0 ? (
          <p className="empty">{t("work.queue.empty")}</p>
        ) : (
          <ul className="cards queue-list">
            {mine.map((e) => (
              <HandlerCard key={e.consultationId} e={e} />
            ))}
          </ul>
        )}
      </section>
      {reviewer ? (
        <section aria-labelledby="queue-review">
          <h2 id="queue-review">{t("work.queue.review.title")}</h2>
          <ul className="cards queue-list">
            {review.map((e) => (
              <ReviewCard key={e.consultationId} e={e} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
