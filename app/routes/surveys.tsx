import { Link } from "react-router";
import { z } from "zod";
import { listPublicSurveys, type PublicSurveyRow } from "../../db/queries/surveys.ts";
import { requestTranslator } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { TimeCursor, cursorAfter } from "../lib/proposal-cursor.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/surveys.css";
import type { Route } from "./+types/surveys";

const PAGE = 20;
const ListQuery = z.object({ next: TimeCursor.optional() });

/** A survey as a card shows it (dates as ISO strings: the loader's answer is JSON). */
const card = (s: PublicSurveyRow) => ({
  id: s.id,
  title: s.title,
  description: s.description,
  purpose: s.purpose,
  subject: s.billTitle ?? s.projectTitle,
  organizationName: s.organizationName,
  opensAt: s.opensAt.toISOString(),
  closesAt: s.closesAt.toISOString(),
  status: s.status,
  questions: s.questions,
  results: s.resultsPublishedAt !== null,
});

/** The public list: surveys open or announced now, then the closed ones, paged. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const query = readQuery(ListQuery, request);
  const now = new Date();
  const [open, upcoming, closed] = await Promise.all([
    query.next ? [] : listPublicSurveys(context.db, { now, status: "open", limit: 100 }),
    query.next ? [] : listPublicSurveys(context.db, { now, status: "upcoming", limit: 100 }),
    listPublicSurveys(context.db, {
      now,
      status: "closed",
      ...(query.next ? { after: query.next } : {}),
      limit: PAGE + 1,
    }),
  ]);
  const page = closed.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    title: t("surveys.title"),
    current: [...open, ...upcoming].map(card),
    closed: page.map(card),
    next: closed.length > PAGE && last ? cursorAfter(last.closesAt, last.id) : null,
  };
}

type Card = ReturnType<typeof card>;

function SurveyCard({ s }: { s: Card }) {
  const { t, date } = useI18n();
  return (
    <li className="card">
      <h3 className="card-title">
        <Link to={`/surveys/${s.id}`}>{s.title}</Link>
      </h3>
      <p className="muted">
        {t(`surveys.purpose.${s.purpose}`)}
        {s.subject ? ` · ${s.subject}` : ""} · {s.organizationName}
      </p>
      <p className="muted">
        <span className={`tag survey-status-${s.status}`}>{t(`surveys.status.${s.status}`)}</span>{" "}
        {t("surveys.period", { from: date(s.opensAt), to: date(s.closesAt) })} ·{" "}
        {t("surveys.questionCount", { count: s.questions })}
      </p>
      {s.description ? <p className="survey-description">{s.description}</p> : null}
      {s.results ? (
        <p>
          <Link to={`/surveys/${s.id}/results`}>{t("surveys.resultsLink")}</Link>
        </p>
      ) : null}
    </li>
  );
}

export default function Surveys({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { current, closed, next } = loaderData;
  return (
    <div className="page">
      <h1>{t("surveys.title")}</h1>
      <p className="lead">{t("surveys.intro")}</p>
      <section aria-labelledby="surveys-current">
        <h2 id="surveys-current">{t("surveys.current")}</h2>
        {current.length === 0 ? (
          <p className="empty">{t("surveys.noneOpen")}</p>
        ) : (
          <ul className="cards single">
            {current.map((s) => (
              <SurveyCard key={s.id} s={s} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="surveys-closed">
        <h2 id="surveys-closed">{t("surveys.closedList")}</h2>
        {closed.length === 0 ? (
          <p className="empty">{t("surveys.noneClosed")}</p>
        ) : (
          <ul className="cards single">
            {closed.map((s) => (
              <SurveyCard key={s.id} s={s} />
            ))}
          </ul>
        )}
        {next ? (
          <p>
            <Link to={`/surveys?next=${next}`}>{t("surveys.more")}</Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
