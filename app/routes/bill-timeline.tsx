import { data, Link } from "react-router";
import { listBillTimeline } from "../../db/queries/timeline.ts";
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
    entries,
  };
}

export default function BillTimeline({ loaderData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { bill, entries } = loaderData;
  return (
    <div className="page narrow-wide">
      <h1>{t("timeline.heading", { bill: bill.title })}</h1>
      <p className="muted">{t("timeline.intro")}</p>
      <ol className="timeline">
        {entries.map((e) => (
          <li key={`${e.stage}-${e.href}`} className={`timeline-entry timeline-${e.status}`}>
            <p className="timeline-meta">
              <span className={`tag timeline-stage-${e.stage}`}>
                {t(`timeline.stage.${e.stage}`)}
              </span>{" "}
              <time dateTime={new Date(e.date).toISOString()}>{date(e.date)}</time>
              {" · "}
              <span className="timeline-status">{t(`timeline.status.${e.status}`)}</span>
              {e.closesAt && (e.status === "open" || e.status === "upcoming") ? (
                <span className="muted"> {t("timeline.until", { date: date(e.closesAt) })}</span>
              ) : null}
            </p>
            <p className="timeline-title">
              <Link to={e.href}>{e.title}</Link>
            </p>
            {e.outcome ? (
              <p className="timeline-outcome">
                {e.outcomeHref ? (
                  <Link to={e.outcomeHref}>{t(messageKey(e.outcome.key), e.outcome.values)}</Link>
                ) : (
                  t(messageKey(e.outcome.key), e.outcome.values)
                )}
              </p>
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
