import { data, Link } from "react-router";
import { getConsultation } from "../../db/queries/consultations.ts";
import { countPublicOpinionsByPid } from "../../db/queries/participation.ts";
import { getVersion, listVersions } from "../../db/queries/versions.ts";
import { toReadingTree, type ReadingNode } from "../../editor/reading.ts";
import { notesOfVersion } from "../../db/queries/explanatory-notes.ts";
import { localizedLabel } from "../../editor/labels.ts";
import { PreparedHtml, type PreparedText } from "../components/legal-text.tsx";
import { ProvisionNote } from "../components/provision-note.tsx";
import { ConsultationNotices } from "../components/consultation-notices.tsx"; // consultations
import { listNotices } from "../../services/consultations.ts"; // consultations
import { requestLocale, translator, type Translate } from "../i18n/index.ts";
import { fillSlots, liveFragment, renderedReading } from "../lib/reading-html.server.tsx";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
// The notes are rendered by the loader into the prepared text, so the route itself brings their
// style (a component used only on the server adds none to the page).
import "../styles/notes.css";
import type { RouteHandle } from "../root.tsx";
import type { Route } from "./+types/consultation";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const locale = requestLocale(request);
  const t = translator(locale);
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) throw data({ message: t("consultation.notFound") }, { status: 404 });
  const notices = await listNotices(context.db, consultation.id); // consultations
  const c = consultation;
  // The text with 提意见 and the counts under each article: one fragment per consultation and
  // language, shared by every reader for at most a second (app/lib/reading-html.server.tsx)
  // and dropped when this process records an opinion; the text itself is rendered once.
  const key = `consultation:${c.id}|${locale}`;
  const html = await liveFragment(context, key, async () => {
    const version = (await listVersions(context.db, c.billId)).find((v) => v.id === c.versionId);
    if (!version) return "";
    const rendered = await renderedReading(
      context,
      `${version.id}|${locale}|${c.billTitle}`,
      async () => {
        const stored = await getVersion(context.db, c.billId, version.id);
        return stored ? toReadingTree(stored.document) : [];
      },
      { label: c.billTitle, tocHeading: t("consultation.toc") },
    );
    // participation: opinions listed per article and chapter, earlier readings' included, with
    // the count of this consultation's published ones beside 提意见.
    const listed = await countPublicOpinionsByPid(context.db, {
      consultationId: c.id,
      billId: c.billId,
      versionSeq: version.seq,
    });
    const open = c.status === "open" && c.channels.includes("online");
    // texts: the drafters' 起草说明 of each provision, under it (issue 18 item 4).
    const notes = await notesOfVersion(context.db, version.id);
    return fillSlots(rendered, (node) => {
      const label = localizedLabel(node.label, locale);
      const note = node.pid ? notes.get(node.pid) : undefined;
      return (
        <>
          {note ? <ProvisionNote note={note} label={label} t={t} /> : null}
          {opinionLinks(node, { id: c.id, open, listed, t, label })}
        </>
      );
    });
  });
  context.fragments?.set(key, html);
  const text: PreparedText = { key, html: context.dataRequest ? html : undefined };
  return { consultation, notices, text };
}

/**
 * participation: under each article (and after each chapter heading) 提意见 while open, and
 * 看意见 when the article has public opinions, of this reading or an earlier one. Plain anchors:
 * they are part of the prepared text (PreparedHtml routes their clicks).
 */
function opinionLinks(
  node: ReadingNode,
  page: {
    id: string;
    open: boolean;
    listed: Record<string, { total: number; earlier: number; current: number }>;
    t: Translate;
    /** The provision's label in the reader's language (Article 1 in English sentences). */
    label: string;
  },
) {
  const { id, open, listed, t, label } = page;
  if (!node.pid) return null;
  const isArticle = node.kind === "article";
  if (!isArticle && node.kind !== "chapter" && node.kind !== "section") return null;
  const seen = listed[node.pid];
  const count = seen?.current;
  if (!open && !seen?.total) return null;
  const viewText = (s: { total: number; earlier: number }) =>
    s.earlier
      ? t("participation.viewEarlier", { count: s.total, earlier: s.earlier })
      : t("participation.view", { count: s.total });
  const give = `/consultations/${id}/opinions/new?pid=${node.pid}`;
  return (
    <p className={isArticle ? "give-opinion" : "give-opinion chapter-actions"}>
      {open ? (
        isArticle ? (
          <a href={give} aria-label={t("opinion.giveLabel", { label })}>
            {count ? t("opinion.giveCount", { count }) : t("opinion.give")}
          </a>
        ) : (
          <a href={give}>{t("opinion.giveLabel", { label })}</a>
        )
      ) : null}
      {seen?.total ? (
        <a
          href={`/consultations/${id}/provisions/${node.pid}`}
          aria-label={t("participation.viewLabel", { label, text: viewText(seen) })}
          className="view-opinions"
        >
          {viewText(seen)}
        </a>
      ) : null}
    </p>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.consultation.title} · 开门立法` : "开门立法" }];
}

export default function ConsultationPage({ loaderData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const { consultation: c, text, notices } = loaderData;
  // Open for comment here: the period is open and the consultation takes opinions online.
  const open = c.status === "open" && c.channels.includes("online");
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
          {" · "}
          <Link to={`/bills/${c.billId}/timeline`}>{t("timeline.linkLong")}</Link>
        </p>
      </header>
      <PreparedHtml text={text} />
    </div>
  );
}

/**
 * Served as plain HTML, without the app's scripts: the page is text, links (提意见, 看意见) and
 * plain forms (search, sign-out), all of which work without them, and a crowd reads it on
 * phones over slow links (issue 13: script ≤ 80 KB, first paint ≤ 1.5 s on slow 4G).
 */
export const handle: RouteHandle = { hydrate: false };
