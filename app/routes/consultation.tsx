import { data, Link } from "react-router";
import { listProvisions } from "../../db/queries/bills.ts";
import { getConsultation } from "../../db/queries/consultations.ts";
import { negotiateLocale, translator, type MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/consultation";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) {
    const t = translator(negotiateLocale(request.headers.get("Cookie"), request.headers.get("Accept-Language")));
    throw data({ message: t("consultation.notFound") }, { status: 404 });
  }
  const provisions = await listProvisions(context.db, consultation.versionId);
  return {
    consultation,
    provisions: provisions.filter((p) => p.kind === "chapter" || p.kind === "section" || p.kind === "article"),
  };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.consultation.title} · 开门立法` : "开门立法" }];
}

export default function ConsultationPage({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { consultation: c, provisions } = loaderData;
  const headings = provisions.filter((p) => p.kind === "chapter");
  return (
    <div className="page reading">
      <header className="reading-head">
        <div className="card-tags">
          <span className={`tag tag-${c.status}`}>{t(`consultation.status.${c.status}` as MessageKey)}</span>
          <span className="tag">{t(`version.${c.versionLabel}` as MessageKey)}</span>
        </div>
        <h1>{c.billTitle}</h1>
        <p className="muted">{c.organizationName}</p>
        <p className="deadline">
          {c.status === "upcoming"
            ? t("consultation.opens", { date: dateTime(c.opens_at) })
            : t("consultation.deadline", { date: dateTime(c.closes_at) })}
        </p>
        {c.description ? <p className="lead">{c.description}</p> : null}
      </header>
      <div className="reading-body">
        {headings.length ? (
          <nav aria-labelledby="toc-heading" className="toc">
            <h2 id="toc-heading">{t("consultation.toc")}</h2>
            <ol>
              {headings.map((h) => (
                <li key={h.pid}>
                  <a href={`#p-${h.pid}`}>
                    {h.label} {h.text}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <article className="law-text">
          {provisions.map((p) =>
            p.kind === "article" ? (
              <section key={p.pid} id={`p-${p.pid}`} className="provision">
                {p.text.split("\n").map((line, i) => (
                  <p key={i}>
                    {i === 0 ? <strong className="article-label">{p.label}</strong> : null}
                    {line}
                  </p>
                ))}
              </section>
            ) : (
              <h2 key={p.pid} id={`p-${p.pid}`} className={`heading-${p.kind}`}>
                {p.label} {p.text}
              </h2>
            ),
          )}
        </article>
      </div>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </div>
  );
}
