import { data, Link } from "react-router";
import { getConsultation } from "../../db/queries/consultations.ts";
import { getConsultationHandling } from "../../db/queries/handling.ts";
import { listVersions } from "../../db/queries/versions.ts";
import { z } from "zod";
import { representativeOpinions, representativePage } from "../../services/adoption-report.ts";
import { consultationStats } from "../../services/consultation-stats.ts";
import { requireBill } from "../auth/bills.server.ts";
import { hasRole } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { provisionAnchor } from "../components/legal-text.tsx";
import { ChartGallery } from "../components/report-charts.tsx";
import { ArticleTable, ContactPointTable, ReportFigures } from "../components/report-figures.tsx";
import { requestLocale, requestTranslator } from "../i18n/index.ts";
import { chartViews } from "../../services/documents/charts.ts";
import { maskName, readQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { RouteHandle } from "../root.tsx";
import type { Route } from "./+types/report";
import "../styles/report.css";

/** Provisions whose representative opinions one page of the report shows. */
export const REPRESENTATIVE_GROUPS_PER_PAGE = 40;

// Lenient: a page that is not a number is the first page.
const ReportQuery = z.object({
  page: z
    .string()
    .optional()
    .transform((v) => Math.max(1, Math.floor(Number(v) || 1))),
});

/**
 * The public adoption report (采纳情况反馈) of a consultation: public once the drafters publish
 * it (consultations.report_published_at); before that only the bill's drafters see a preview.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) throw data({ message: t("consultation.notFound") }, { status: 404 });
  const bill = await requireBill(request, context, consultation.billId);
  const user = await getCurrentUser(request, context);
  const drafter = hasRole(user, ["drafter", "admin"], bill.organization_id);
  const report = await getConsultationHandling(context.db, consultation.id);
  if (!report.report_published_at && !drafter)
    throw data({ message: t("report.notPublished") }, { status: 404 });

  const [stats, ranked, versions] = await Promise.all([
    consultationStats(context.db, consultation.id, context.timeZone),
    representativeOpinions(context.db, consultation.id),
    listVersions(context.db, bill.id),
  ]);
  const shown = representativePage(
    ranked,
    readQuery(ReportQuery, request).page,
    REPRESENTATIVE_GROUPS_PER_PAGE,
  );
  const current = versions.find((v) => v.id === consultation.versionId);
  const next = current ? versions.find((v) => v.seq > current.seq) : undefined;
  return {
    pageTitle: `${t("report.title")} · ${consultation.billTitle} · ${t("app.name")}`,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billId: bill.id,
      billTitle: bill.title,
      organizationName: consultation.organizationName,
      versionId: consultation.versionId,
      versionLabel: consultation.versionLabel,
      opensAt: consultation.opens_at,
      closesAt: consultation.closes_at,
    },
    publishedAt: report.report_published_at,
    note: report.report_note,
    drafter,
    next: next ? { id: next.id, label: next.label } : null,
    stats: {
      total: stats.total,
      headcount: stats.headcount,
      handled: stats.handled,
      adopted: stats.adopted,
      byProvision: stats.byProvision,
      wholeDraft: stats.wholeDraft,
      wholeDraftHandled: stats.wholeDraftHandled,
      wholeDraftAdopted: stats.wholeDraftAdopted,
      byContactPoint: stats.byContactPoint,
    },
    charts: chartViews(t, stats, requestLocale(request)),
    // Only what the public may see of an opinion: the name masked, no contact details.
    representativePage: { page: shown.page, pages: shown.pages },
    opinions: shown.opinions.map((o) => ({
      id: o.id,
      provisionPid: o.provision_pid,
      provisionLabel: o.provisionLabel,
      body: o.body,
      proposedText: o.proposed_text,
      channel: o.channel,
      source: o.contactPointName ?? maskName(o.author_name),
      region: o.contactPointName ? null : o.author_region,
      respondentType: o.respondent_type,
      headcount: o.headcount,
      supports: o.supports,
      code: o.code,
      reason: o.reason,
      changed:
        o.changed_version_id && o.changed_pid
          ? { versionId: o.changed_version_id, pid: o.changed_pid, label: o.changedLabel ?? "" }
          : null,
    })),
  };
}

/**
 * Served as plain HTML, like the statistics page: figures, tables and opinions with nothing to
 * hydrate. The table of articles (1,302 rows at Civil Code scale) would otherwise be sent twice.
 */
export const handle: RouteHandle = { hydrate: false };

type LoaderData = Route.ComponentProps["loaderData"];

function Representative({
  opinions,
  billId,
}: {
  opinions: LoaderData["opinions"];
  billId: string;
}) {
  const { t, label, region } = useI18n();
  const groups: { key: string; label: string; items: LoaderData["opinions"] }[] = [];
  const byKey = new Map<string, (typeof groups)[number]>();
  for (const o of opinions) {
    const key = o.provisionPid ?? "";
    let group = byKey.get(key);
    if (!group) {
      group = {
        key,
        label: o.provisionLabel ? label(o.provisionLabel) : t("report.wholeDraft"),
        items: [],
      };
      groups.push(group);
      byKey.set(key, group);
    }
    group.items.push(o);
  }
  if (groups.length === 0) return <p className="empty">{t("report.noOpinions")}</p>;
  return (
    <div className="report-groups">
      {groups.map((g) => (
        <section key={g.key} className="report-group" aria-labelledby={`rep-${g.key || "draft"}`}>
          <h3 id={`rep-${g.key || "draft"}`}>{g.label}</h3>
          <ul className="report-opinions">
            {g.items.map((o) => (
              <li key={o.id} className="card">
                <p className="muted">
                  {t(`channel.${o.channel}`)} · {o.source}
                  {o.region ? ` · ${region(o.region)}` : ""} · {t(`respondent.${o.respondentType}`)}
                  {o.headcount > 1 ? ` · ${t("report.people.count", { count: o.headcount })}` : ""}
                  {o.supports > 0 ? ` · ${t("report.supports", { count: o.supports })}` : ""}
                </p>
                <p className="opinion-body">{o.body}</p>
                {o.proposedText ? (
                  <p className="report-proposed">
                    <span className="report-key">{t("report.proposed")}：</span>
                    {o.proposedText}
                  </p>
                ) : null}
                <div className="reason">
                  <p>
                    <span className="report-key">{t("report.outcome")}：</span>
                    <strong className={o.code ? `outcome outcome-${o.code}` : "outcome"}>
                      {o.code ? t(`disposition.${o.code}`) : t("report.pending")}
                    </strong>
                  </p>
                  {o.reason ? (
                    <p className="opinion-body">
                      <span className="report-key">{t("report.reason")}：</span>
                      {o.reason}
                    </p>
                  ) : null}
                  {o.changed ? (
                    <p>
                      <Link
                        to={`/bills/${billId}/versions/${o.changed.versionId}#${provisionAnchor(o.changed.pid)}`}
                      >
                        {t("report.changedProvision", { label: label(o.changed.label) })}
                      </Link>
                    </p>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export default function Report({ loaderData }: Route.ComponentProps) {
  const { t, date, dateTime } = useI18n();
  const { consultation: c, publishedAt, note, next, stats, charts, opinions, drafter } = loaderData;
  const { page, pages } = loaderData.representativePage;
  const exportBase = `/consultations/${c.id}/export`;
  return (
    <div className="page report-page">
      {!publishedAt ? (
        <p className="notice report-preview" role="status">
          {t("report.preview")}
        </p>
      ) : null}
      <header className="report-head">
        <p className="muted">
          <Link to={`/consultations/${c.id}`}>{c.billTitle}</Link> ·{" "}
          {t(`version.${c.versionLabel}`)}
        </p>
        <h1>{t("report.title")}</h1>
        <p className="lead">{c.title}</p>
        <p className="muted">
          {c.organizationName}
          {publishedAt ? ` · ${t("report.publishedOn", { date: date(publishedAt) })}` : ""}
        </p>
        <p className="muted">
          {t("report.period", { from: dateTime(c.opensAt), to: dateTime(c.closesAt) })}
        </p>
        <p className="report-links">
          {next ? (
            <Link to={`/bills/${c.billId}/compare?from=${c.versionId}&to=${next.id}`}>
              {t("report.compare", {
                from: t(`version.${c.versionLabel}`),
                to: t(`version.${next.label}`),
              })}
            </Link>
          ) : null}
          {drafter ? (
            <Link to={`/consultations/${c.id}/statistics`}>{t("report.statistics")}</Link>
          ) : null}
        </p>
      </header>

      {note ? (
        <section className="panel report-note" aria-labelledby="report-note">
          <h2 id="report-note">{t("report.note")}</h2>
          <p className="opinion-body">{note}</p>
        </section>
      ) : null}

      <h2>{t("report.summary")}</h2>
      <ReportFigures stats={stats} />

      <h2>{t("report.byArticle")}</h2>
      <ArticleTable stats={stats} reading={`/bills/${c.billId}/versions/${c.versionId}`} />

      <h2>{t("report.statistics")}</h2>
      <ChartGallery charts={charts} />
      <ContactPointTable stats={stats} />

      <h2>{t("report.representative")}</h2>
      <p className="muted">{t("report.representativeHint")}</p>
      <Representative opinions={opinions} billId={c.billId} />
      {pages > 1 ? (
        <nav className="pager" aria-label={t("participation.pages")}>
          {page > 1 ? (
            <Link to={`?page=${page - 1}`} preventScrollReset>
              {t("participation.prev")}
            </Link>
          ) : null}
          <span>
            {page} / {pages}
          </span>
          {page < pages ? (
            <Link to={`?page=${page + 1}`} preventScrollReset>
              {t("participation.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}

      <section className="downloads-section" aria-labelledby="report-downloads">
        <h2 id="report-downloads">{t("report.downloads")}</h2>
        <p className="downloads">
          <a href={`${exportBase}/opinions.csv`} download>
            {t("report.download.csv")}
          </a>
          <a href={`${exportBase}/opinions.xlsx`} download>
            {t("report.download.xlsx")}
          </a>
          <a href={`${exportBase}/summary.docx`} download>
            {t("report.download.docx")}
          </a>
        </p>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data?.pageTitle ?? "开门立法 Kaimen" },
];
