import { Link } from "react-router";
import { listConsultations } from "../../db/queries/consultations.ts";
import { pointWorkByConsultation } from "../../db/queries/contact-points.ts";
import { listOpenCalls } from "../../db/queries/timeline.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { ConsultationCard } from "../components/consultation-card.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import "../styles/timeline.css";
import type { Route } from "./+types/coordinator";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const t = requestTranslator(request);
  const now = new Date();
  const [open, closed, calls] = await Promise.all([
    listConsultations(context.db, { now, status: "open" }),
    listConsultations(context.db, { now, status: "closed", limit: 20 }),
    listOpenCalls(context.db, now),
  ]);
  const work = await pointWorkByConsultation(
    context.db,
    point.id,
    [...open, ...closed].map((c) => c.id),
  );
  return {
    point,
    open: open.map((c) => ({ ...c, work: work.get(c.id)! })),
    // The handling usually comes after the deadline: closed consultations the point reported to.
    closed: closed
      .map((c) => ({ ...c, work: work.get(c.id)! }))
      .filter((c) => c.work.submittedAt !== null),
    // Every other stage open now (proposal calls, surveys, hearings…): the comment periods are
    // the cards below, with the point's work on each.
    calls: calls.filter((c) => c.stage !== "consultation"),
    now: now.getTime(),
    pageTitle: `${t("coordinator.title")} · ${point.name} · ${t("app.name")}`,
  };
}

export default function CoordinatorDashboard({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { point, open, closed, calls, now } = loaderData;
  const card = (c: (typeof open)[number]) => (
    <ConsultationCard key={c.id} c={c} now={now}>
      <dl className="cp-figures">
        <div>
          <dt>{t("cp.figure.activities")}</dt>
          <dd>{c.work.activities}</dd>
        </div>
        <div>
          <dt>{t("cp.figure.opinions")}</dt>
          <dd>{c.work.opinions}</dd>
        </div>
        <div>
          <dt>{t("cp.figure.headcount")}</dt>
          <dd>{c.work.headcount}</dd>
        </div>
      </dl>
      <p className="card-note">
        <span className={`tag cp-status-${c.work.status}`}>{t(`cp.status.${c.work.status}`)}</span>
        {c.work.correcting ? ` ${t("cp.status.correcting")}` : ""}
        {c.work.submittedAt
          ? ` · ${t("cp.submittedAt", { date: dateTime(c.work.submittedAt) })}`
          : ""}
      </p>
      {c.work.feedback.total > 0 && c.work.submittedAt ? (
        <p className="card-note">
          {c.work.feedback.rate === null
            ? t("cp.feedback.none", { total: c.work.feedback.total })
            : t("cp.feedback.summary", {
                handled: c.work.feedback.handled,
                total: c.work.feedback.total,
                adopted: c.work.feedback.adopted,
                rate: c.work.feedback.rate,
              })}
        </p>
      ) : null}
      <p>
        <Link className="button small" to={`/coordinator/consultations/${c.id}`}>
          {t(c.status === "open" ? "cp.openWork" : "cp.viewWork")}
        </Link>
      </p>
    </ConsultationCard>
  );
  return (
    <div className="page">
      <h1>{t("coordinator.title")}</h1>
      <div className="panel">
        <p>
          <strong>{t("coordinator.point", { name: point.name })}</strong>
        </p>
        <p className="muted">{t("coordinator.address", { address: point.address })}</p>
        <p>
          <Link to="/surveys">{t("surveys.cp.link")}</Link>
        </p>
      </div>
      <h2>{t("coordinator.open")}</h2>
      {open.length === 0 ? (
        <p className="empty">{t("home.open.empty")}</p>
      ) : (
        <ul className="cards">{open.map(card)}</ul>
      )}
      <section aria-labelledby="open-calls">
        <h2 id="open-calls">{t("timeline.openCalls.title")}</h2>
        <p className="muted">{t("timeline.openCalls.intro")}</p>
        {calls.length === 0 ? (
          <p className="empty">{t("timeline.openCalls.empty")}</p>
        ) : (
          <ul className="open-calls">
            {calls.map((c) => (
              <li key={c.href}>
                <p>
                  <span className="tag">{t(`timeline.stage.${c.stage}`)}</span>{" "}
                  <Link to={c.href}>{c.title}</Link>
                </p>
                <p className="muted">
                  {c.subject ? `${c.subject} · ` : ""}
                  {c.closesAt ? t("timeline.until", { date: dateTime(c.closesAt) }) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 ? (
        <>
          <h2>{t("cp.closedReported")}</h2>
          <ul className="cards">{closed.map(card)}</ul>
        </>
      ) : null}
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
