import { Link } from "react-router";
import { listConsultations, type ConsultationSummary } from "../../db/queries/consultations.ts";
import { Countdown } from "../components/countdown.tsx";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/consultations.css";
import type { Route } from "./+types/consultations";

/** Public list: open consultations first (nearest deadline), then upcoming, then closed. */
export async function loader({ context }: Route.LoaderArgs) {
  const now = new Date();
  const [open, upcoming, closed] = await Promise.all([
    listConsultations(context.db, { now, status: "open", limit: 100 }),
    listConsultations(context.db, { now, status: "upcoming", limit: 100 }),
    listConsultations(context.db, { now, status: "closed", limit: 100 }),
  ]);
  const shape = (c: ConsultationSummary) => ({
    id: c.id,
    title: c.title,
    billId: c.billId,
    billTitle: c.billTitle,
    organizationName: c.organizationName,
    versionLabel: c.versionLabel,
    status: c.status,
    opensAt: new Date(c.opens_at).toISOString(),
    closesAt: new Date(c.closes_at).toISOString(),
    opinionCount: c.opinionCount,
  });
  return { consultations: [...open, ...upcoming, ...closed].map(shape), now: now.getTime() };
}

export function meta() {
  return [{ title: "征求意见 · 开门立法" }];
}

export default function Consultations({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { consultations, now } = loaderData;
  return (
    <div className="page">
      <h1>{t("consultations.list.title")}</h1>
      <p className="lead">{t("consultations.list.intro")}</p>
      {consultations.length === 0 ? (
        <p className="empty">{t("consultations.list.empty")}</p>
      ) : (
        <ul className="consultation-list">
          {consultations.map((c) => (
            <li key={c.id} className={`card consultation-row status-${c.status}`}>
              <div className="card-tags">
                <span className={`tag tag-${c.status}`}>
                  {t(`consultation.status.${c.status}`)}
                </span>
                <span className="tag">{t(`version.${c.versionLabel}`)}</span>
              </div>
              <h2 className="card-title">
                <Link to={`/consultations/${c.id}`}>{c.title}</Link>
              </h2>
              <p className="muted">
                {c.billTitle} · {c.organizationName}
              </p>
              <p className="deadline">
                {c.status === "upcoming" ? (
                  <>
                    {t("consultation.opens", { date: dateTime(c.opensAt) })}{" "}
                    <Countdown target={c.opensAt} now={now} kind="opens" />
                  </>
                ) : c.status === "open" ? (
                  <>
                    {t("consultation.deadline", { date: dateTime(c.closesAt) })}{" "}
                    <Countdown target={c.closesAt} now={now} />
                  </>
                ) : (
                  t("consultations.list.closedAt", { date: dateTime(c.closesAt) })
                )}
              </p>
              <p className="card-meta">
                <span>{t("consultation.opinions", { count: c.opinionCount })}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
