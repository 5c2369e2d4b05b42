import { data, Link } from "react-router";
import { hearingStances } from "../../db/codes.ts";
import {
  findRegistrationOfUser,
  getHearing,
  listPublicRegistrations,
  listReportPoints,
} from "../../db/queries/hearings.ts";
import { seedMatches } from "../../services/hearing-draw.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { HearingRegisterForm } from "../components/hearing-parts.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/hearings.css";
import type { Route } from "./+types/hearing";

// The public page of a hearing (听证会): the announcement and its questions, the registration
// form while registration is open, the commitment to the draw's seed, and after the draw the
// seed, the rules, every registration by number and stance with its outcome (never a name or a
// contact: those stay with the drafters), and how to re-run the draw; then the report.

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const hearing = await getHearing(context.db, params.hearingId);
  if (!hearing || hearing.status === "draft")
    throw data({ message: t("hearings.notFound") }, { status: 404 });
  const drawn = hearing.drawn_at !== null;
  const reported = hearing.report_published_at !== null;
  const [registrations, points, user] = await Promise.all([
    listPublicRegistrations(context.db, hearing.id),
    reported ? listReportPoints(context.db, hearing.id) : Promise.resolve([]),
    getCurrentUser(request, context),
  ]);
  const mine = user ? await findRegistrationOfUser(context.db, hearing.id, user.id) : undefined;
  const byStance = Object.fromEntries(
    hearingStances.map((s) => [s, registrations.filter((r) => r.stance === s).length]),
  ) as Record<(typeof hearingStances)[number], number>;
  const seed = drawn ? hearing.seed! : null;
  return {
    title: hearing.title,
    hearing: {
      id: hearing.id,
      title: hearing.title,
      description: hearing.description,
      questions: hearing.questions.split("\n").filter((q) => q.trim() !== ""),
      heldAt: new Date(hearing.held_at).toISOString(),
      place: hearing.place,
      seats: hearing.speaker_seats,
      reserves: hearing.reserve_seats,
      method: hearing.selection_method,
      opensAt: new Date(hearing.registration_opens_at).toISOString(),
      closesAt: new Date(hearing.registration_closes_at).toISOString(),
      status: hearing.status,
      consultationId: hearing.consultation_id,
      consultationTitle: hearing.consultationTitle,
      billTitle: hearing.billTitle,
      seedHash: hearing.seed_hash!,
      seed,
      seedOk: seed ? seedMatches(seed, hearing.seed_hash!) : null,
      drawnAt: hearing.drawn_at ? new Date(hearing.drawn_at).toISOString() : null,
      record: reported ? hearing.report_record : "",
      reportPublishedAt: hearing.report_published_at
        ? new Date(hearing.report_published_at).toISOString()
        : null,
    },
    count: registrations.length,
    byStance,
    // The draw's outcome and inputs are public once drawn; before, only the counts are.
    registrations: drawn ? registrations : [],
    drawData: drawn
      ? JSON.stringify(
          {
            seed,
            seats: hearing.speaker_seats,
            reserves: hearing.reserve_seats,
            registrations: registrations.map((r) => ({ number: r.number, stance: r.stance })),
          },
          null,
          1,
        )
      : null,
    points,
    signedIn: user ? { name: user.display_name } : null,
    mine: mine ? { number: mine.number } : null,
    idempotencyKey: crypto.randomUUID(),
  };
}

export default function HearingPage({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { hearing: h, registrations, points } = loaderData;
  const selected = registrations
    .filter((r) => r.outcome === "selected")
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const reserves = registrations
    .filter((r) => r.outcome === "reserve")
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const others = registrations.filter((r) => r.outcome === "not_selected");
  const ordered = [...selected, ...reserves, ...others];
  return (
    <div className="page narrow-wide hearing-page">
      <p className="muted">
        <Link to={`/consultations/${h.consultationId}`}>{h.consultationTitle}</Link>
      </p>
      <h1>{h.title}</h1>
      <div className="card-tags">
        <span className={`tag tag-${h.status}`}>{t(`hearings.status.${h.status}`)}</span>
      </div>
      {h.description ? <p className="lead hearing-text">{h.description}</p> : null}
      <dl className="hearing-facts">
        <dt>{t("hearings.heldAt")}</dt>
        <dd>{dateTime(h.heldAt)}</dd>
        <dt>{t("hearings.place")}</dt>
        <dd>{h.place}</dd>
        <dt>{t("hearings.window")}</dt>
        <dd>
          {t("hearings.windowValue", { from: dateTime(h.opensAt), to: dateTime(h.closesAt) })}
        </dd>
        <dt>{t("hearings.seats")}</dt>
        <dd>{t("hearings.seatsValue", { seats: h.seats, reserves: h.reserves })}</dd>
        {h.method ? (
          <>
            <dt>{t("hearings.method")}</dt>
            <dd className="hearing-text">{h.method}</dd>
          </>
        ) : null}
        <dt>{t("hearings.registered", { count: loaderData.count })}</dt>
        <dd>
          {t("hearings.byStance", {
            for: loaderData.byStance.for,
            against: loaderData.byStance.against,
            other: loaderData.byStance.other,
          })}
        </dd>
      </dl>
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">{t("hearings.questions")}</h2>
        <ol className="hearing-questions">
          {h.questions.map((q, i) => (
            <li key={i}>{q}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="register-heading" className="panel">
        <h2 id="register-heading">{t("hearings.register.title")}</h2>
        {loaderData.mine ? (
          <p className="notice" role="status">
            {t("hearings.register.already", { number: loaderData.mine.number })}
          </p>
        ) : h.status === "open" ? (
          <HearingRegisterForm
            hearingId={h.id}
            idempotencyKey={loaderData.idempotencyKey}
            signedIn={loaderData.signedIn}
          />
        ) : (
          <p className="muted">
            {t("hearings.register.closed", { from: dateTime(h.opensAt), to: dateTime(h.closesAt) })}
          </p>
        )}
      </section>

      <section aria-labelledby="draw" className="hearing-draw">
        <h2 id="draw">{t("hearings.commit.title")}</h2>
        <p>{t("hearings.commit.hashIntro")}</p>
        <dl className="hearing-facts">
          <dt>{t("hearings.commit.hash")}</dt>
          <dd>
            <code className="hash">{h.seedHash}</code>
          </dd>
          <dt>{t("hearings.commit.seed")}</dt>
          <dd>
            {h.seed ? (
              <>
                <code className="hash">{h.seed}</code>
                <br />
                {t("hearings.reproduce.check", {
                  ok: t(h.seedOk ? "hearings.reproduce.yes" : "hearings.reproduce.no"),
                })}
              </>
            ) : (
              t("hearings.commit.seedPending")
            )}
          </dd>
        </dl>
        <h3>{t("hearings.algorithm.title")}</h3>
        <ol>
          <li>{t("hearings.algorithm.step1")}</li>
          <li>{t("hearings.algorithm.step2")}</li>
          <li>{t("hearings.algorithm.step3")}</li>
          <li>{t("hearings.algorithm.step4")}</li>
        </ol>
        {h.drawnAt ? (
          <>
            <h3>{t("hearings.draw.title")}</h3>
            <p className="muted">{t("hearings.draw.drawnAt", { date: dateTime(h.drawnAt) })}</p>
            {ordered.length === 0 ? (
              <p>{t("hearings.draw.none")}</p>
            ) : (
              <div
                className="table-scroll"
                tabIndex={0}
                role="region"
                aria-label={t("hearings.draw.title")}
              >
                <table className="hearing-draw-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("hearings.draw.outcome")}</th>
                      <th scope="col">{t("hearings.draw.position")}</th>
                      <th scope="col">{t("hearings.draw.number")}</th>
                      <th scope="col">{t("hearings.draw.stance")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ordered.map((r) => (
                      <tr key={r.number} className={`outcome-${r.outcome ?? "none"}`}>
                        <td>{r.outcome ? t(`hearings.outcome.${r.outcome}`) : ""}</td>
                        <td>{r.position ?? ""}</td>
                        <td>{t("hearings.draw.numberValue", { number: r.number })}</td>
                        <td>{t(`hearings.stance.${r.stance}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <h3>{t("hearings.reproduce.title")}</h3>
            <p>{t("hearings.reproduce.intro")}</p>
            <pre className="hearing-command">
              <code>{`npx kaimen hearing-draw draw.json --hash ${h.seedHash}`}</code>
            </pre>
            <details>
              <summary>{t("hearings.reproduce.data")}</summary>
              <pre className="hearing-json">
                <code>{loaderData.drawData}</code>
              </pre>
            </details>
          </>
        ) : null}
      </section>

      {h.reportPublishedAt ? (
        <section aria-labelledby="report" className="hearing-report">
          <h2 id="report">{t("hearings.report.title")}</h2>
          <p className="muted">
            {t("hearings.report.publishedAt", { date: dateTime(h.reportPublishedAt) })}
          </p>
          {h.record ? (
            <>
              <h3>{t("hearings.report.record")}</h3>
              <p className="hearing-text">{h.record}</p>
            </>
          ) : null}
          <h3>{t("hearings.report.points")}</h3>
          {points.length === 0 ? (
            <p>{t("hearings.report.none")}</p>
          ) : (
            <ol className="hearing-points">
              {points.map((p) => (
                <li key={p.id}>
                  <dl>
                    <dt>{t("hearings.report.speaker")}</dt>
                    <dd>
                      {p.speakerName} · {t(`respondent.${p.respondentType}`)}
                    </dd>
                    <dt>{t("hearings.report.provision")}</dt>
                    <dd>{p.provisionLabel ?? t("hearings.report.wholeDraft")}</dd>
                    <dt>{t("hearings.report.point")}</dt>
                    <dd className="hearing-text">{p.point}</dd>
                    <dt>{t("hearings.report.response")}</dt>
                    <dd className="hearing-text">
                      {p.response || t("hearings.report.noResponse")}
                    </dd>
                  </dl>
                  {p.opinionId ? (
                    <Link
                      to={
                        p.provisionPid
                          ? `/consultations/${h.consultationId}/provisions/${p.provisionPid}`
                          : `/consultations/${h.consultationId}/opinions`
                      }
                    >
                      {t("hearings.report.opinionLink")}
                    </Link>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
