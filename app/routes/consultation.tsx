import { data, Link } from "react-router";
import { getConsultation } from "../../db/queries/consultations.ts";
import { countPublicOpinionsByPid } from "../../db/queries/participation.ts";
import { getVersion } from "../../db/queries/versions.ts";
import { toReadingTree, type ReadingNode } from "../../editor/reading.ts";
import { ReadingBody } from "../components/legal-text.tsx";
import { ConsultationNotices } from "../components/consultation-notices.tsx"; // consultations
import { listNotices } from "../../services/consultations.ts"; // consultations
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import type { Route } from "./+types/consultation";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) {
    const t = requestTranslator(request);
    throw data({ message: t("consultation.notFound") }, { status: 404 });
  }
  const version = await getVersion(context.db, consultation.billId, consultation.versionId);
  const notices = await listNotices(context.db, consultation.id); // consultations
  // participation: opinions listed per article and chapter, earlier readings' included, with
  // the count of this consultation's published ones beside 提意见.
  const listed = version
    ? await countPublicOpinionsByPid(context.db, {
        consultationId: consultation.id,
        billId: consultation.billId,
        versionSeq: version.seq,
      })
    : {};
  return {
    listed,
    consultation,
    notices,
    tree: version ? toReadingTree(version.document) : [],
  };
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.consultation.title} · 开门立法` : "开门立法" }];
}

export default function ConsultationPage({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { consultation: c, tree, notices, listed } = loaderData;
  // Open for comment here: the period is open and the consultation takes opinions online.
  const open = c.status === "open" && c.channels.includes("online");
  // participation: under each article (and after each chapter heading) 提意见 while open, and
  // 看意见 when the article has public opinions, of this reading or an earlier one.
  const viewText = (seen: { total: number; earlier: number }) =>
    seen.earlier
      ? t("participation.viewEarlier", { count: seen.total, earlier: seen.earlier })
      : t("participation.view", { count: seen.total });
  const comment = (node: ReadingNode) => {
    if (!node.pid) return null;
    const isArticle = node.kind === "article";
    if (!isArticle && node.kind !== "chapter" && node.kind !== "section") return null;
    const seen = listed[node.pid];
    const count = seen?.current;
    const label = `${node.label}`;
    if (!open && !seen?.total) return null;
    return (
      <p className={isArticle ? "give-opinion" : "give-opinion chapter-actions"}>
        {open ? (
          isArticle ? (
            <Link
              to={`/consultations/${c.id}/opinions/new?pid=${node.pid}`}
              aria-label={t("opinion.giveLabel", { label })}
            >
              {count ? t("opinion.giveCount", { count }) : t("opinion.give")}
            </Link>
          ) : (
            <Link to={`/consultations/${c.id}/opinions/new?pid=${node.pid}`}>
              {t("opinion.giveLabel", { label })}
            </Link>
          )
        ) : null}
        {seen?.total ? (
          <Link
            to={`/consultations/${c.id}/provisions/${node.pid}`}
            aria-label={t("participation.viewLabel", { label, text: viewText(seen) })}
            className="view-opinions"
          >
            {viewText(seen)}
          </Link>
        ) : null}
      </p>
    );
  };
  return (
    <div className="page reading">
      <header className="reading-head">
        <div className="card-tags">
          <span className={`tag tag-${c.status}`}>{t(`consultation.status.${c.status}`)}</span>
          <span className="tag">{t(`version.${c.versionLabel}`)}</span>
        </div>
        <h1>{c.billTitle}</h1>
        <p className="muted">{c.organizationName}</p>
        <p className="deadline">
          {c.status === "upcoming"
            ? t("consultation.opens", { date: dateTime(c.opens_at) })
            : t("consultation.deadline", { date: dateTime(c.closes_at) })}
        </p>
        {/* consultations: the period's state and the drafters' notices */}
        <ConsultationNotices
          status={c.status}
          opensAt={c.opens_at}
          closesAt={c.closes_at}
          notices={notices}
        />
        {c.reportPublishedAt ? (
          <p className="notice">
            <Link to={`/consultations/${c.id}/report`}>{t("report.viewReport")}</Link>
          </p>
        ) : null}
        {c.description ? <p className="lead">{c.description}</p> : null}
        {open ? (
          <p>
            <Link to={`/consultations/${c.id}/opinions/new`} className="button primary">
              {t("opinion.giveDraft")}
            </Link>{" "}
            <Link to="/opinions/lookup">{t("lookup.title")}</Link>
          </p>
        ) : null}
        <p>
          <Link to={`/consultations/${c.id}/opinions`}>{t("participation.viewDraft")}</Link>
        </p>
        <p>
          <Link to={`/bills/${c.billId}/versions/${c.versionId}`}>
            {t("consultation.readVersion")}
          </Link>
        </p>
      </header>
      <ReadingBody
        tree={tree}
        label={c.billTitle}
        tocHeading={t("consultation.toc")}
        extra={comment}
      />
    </div>
  );
}
