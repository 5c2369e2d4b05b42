import { Link } from "react-router";
import { listConsultations } from "../../db/queries/consultations.ts";
import { ConsultationCard } from "../components/consultation-card.tsx";
import { useI18n } from "../lib/use-i18n.ts";
import { requestTranslator } from "../i18n/index.ts";
import type { Route } from "./+types/home";

export async function loader({ request, context }: Route.LoaderArgs) {
  const now = new Date();
  const [open, upcoming, closed] = await Promise.all([
    listConsultations(context.db, { now, status: "open", limit: 20 }),
    listConsultations(context.db, { now, status: "upcoming", limit: 5 }),
    listConsultations(context.db, { now, status: "closed", limit: 6 }),
  ]);
  return {
    title: requestTranslator(request)("home.hero.title"),
    open,
    upcoming,
    closed,
    now: now.getTime(),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { open, upcoming, closed, now } = loaderData;
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.hero.title")}</h1>
        <p>{t("home.hero.body")}</p>
      </section>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t("home.open.title")}</h2>
        {open.length ? (
          <ul className="cards">
            {open.map((c) => (
              <ConsultationCard key={c.id} c={c} now={now} />
            ))}
          </ul>
        ) : (
          <p className="empty">{t("home.open.empty")}</p>
        )}
        <p>
          <Link to="/consultations">{t("consultations.home.all")}</Link>
        </p>
      </section>
      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">{t("home.upcoming.title")}</h2>
          <ul className="cards">
            {upcoming.map((c) => (
              <ConsultationCard key={c.id} c={c} now={now} />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="closed-heading">
        <h2 id="closed-heading">{t("home.closed.title")}</h2>
        {closed.length ? (
          <ul className="cards">
            {closed.map((c) => (
              <ConsultationCard key={c.id} c={c} now={now} />
            ))}
          </ul>
        ) : (
          <p className="empty">{t("home.closed.empty")}</p>
        )}
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
