import { data, Link } from "react-router";
import { groupTimeline, listBillTimeline } from "../../db/queries/timeline.ts";
import type { TimelineEntry } from "../../db/queries/timeline-types.ts";
import { requireBill } from "../auth/bills.server.ts";
import { messageKey, requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/timeline.css";
import type { Route } from "./+types/bill-timeline";

/**
 * A bill's public page (issue 17 item 5): its whole life, from the proposals behind it to the
 * evaluation after adoption, each stage linking to its page and its outcome. A bill with nothing
 * public yet (a draft the drafters have not published) is not found, as its pages are.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const bill = await requireBill(request, context, params.billId);
  const entries = await listBillTimeline(context.db, bill.id);
  if (entries.length === 0) throw data({ message: t("timeline.notFound") }, { status: 404 });
  return {
    title: `${t("timeline.title")} · ${bill.title} · ${t("app.name")}`,
    bill: { id: bill.id, title: bill.title },
    groups: groupTimeline(entries),
  };
}

/** Stages people take part in show where they stand; texts and decisions need no status. */
const takesPart = new Set(["consultation", "survey", "hearing", "expert_review", "evaluation"]);

function Entry({ e }: { e: TimelineEntry }) {
  const { t, date } = useI18n();
  const outcome = e.outcome ? t(messageKey(e.outcome.key), e.outcome.values) : null;
  return (
    <>
      <p className="timeline-meta">
        <span className={`tag timeline-stage-${e.stage}`}>
          {e.labelKey ? t(messageKey(e.labelKey)) : t(`timeline.stage.${e.stage}`)}
        </span>{" "}
        <time dateTime={new Date(e.date).toISOString()}>{date(e.date)}</time>
        {takesPart.has(e.stage) ? (
          <>
            {" · "}
            <span className="timeline-status">{t(`timeline.status.${e.status}`)}</span>
            {e.closesAt && (e.status === "open" || e.status === "upcoming") ? (
              <span> {t("timeline.until", { date: date(e.closesAt) })}</span>
            ) : null}
          </>
        ) : null}
      </p>
      <p className="timeline-title">
        <Link to={e.href}>{e.title}</Link>
      </p>
      {outcome ? (
        <p className="timeline-outcome">
          {e.outcomeHref ? <Link to={e.outcomeHref}>{outcome}</Link> : outcome}
        </p>
      ) : null}
    </>
  );
}

export default function BillTimeline({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { bill, groups } = loaderData;
  return (
    <div className="page narrow-wide">
      <h1>{t("timeline.heading", { bill: bill.title })}</h1>
      <p className="muted">{t("timeline.intro")}</p>
      <ol className="timeline">
        {groups.map(({ entry, children }) => (
          <li
            key={`${entry.stage}-${entry.href}`}
            className={`timeline-entry timeline-${entry.status}`}
          >
            <Entry e={entry} />
            {children.length > 0 ? (
              <ul className="timeline-children">
                {children.map((c) => (
                  <li
                    key={`${c.stage}-${c.href}`}
                    className={`timeline-child timeline-${c.status}`}
                  >
                    <Entry e={c} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.title ?? "开门立法" }];
}
