import { data, Form, Link } from "react-router";
import { listVersions, getVersion } from "../../db/queries/versions.ts";
import { toReadingTree } from "../../editor/reading.ts";
import { requireBill } from "../auth/bills.server.ts";
import { hasRole } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { notesOfVersion } from "../../db/queries/explanatory-notes.ts";
import { localizedLabel } from "../../editor/labels.ts";
import { PreparedHtml, type PreparedText } from "../components/legal-text.tsx";
import { ProvisionNote } from "../components/provision-note.tsx";
import { requestLocale, translator } from "../i18n/index.ts";
import { fillSlots, renderedReading } from "../lib/reading-html.server.tsx";
import { useI18n } from "../lib/use-i18n.ts";
// The notes are rendered by the loader into the prepared text: the route brings their style.
import "../styles/notes.css";
import type { Route } from "./+types/version";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await requireBill(request, context, params.billId);
  const locale = requestLocale(request);
  const t = translator(locale);
  // The list of readings carries each one's facts without its document: the document is read
  // only the first time this reading's text is rendered (app/lib/reading-html.server.tsx).
  const versions = await listVersions(context.db, bill.id);
  const version = versions.find((v) => v.id === params.versionId);
  if (!version) throw data({ message: t("bill.versionNotFound") }, { status: 404 });
  const key = `${version.id}|${locale}|version`;
  const rendered = await renderedReading(
    context,
    key,
    async () => {
      const stored = await getVersion(context.db, bill.id, version.id);
      return stored ? toReadingTree(stored.document) : [];
    },
    { label: version.title, tocHeading: t("consultation.toc") },
  );
  // texts: the drafters' 起草说明 under each provision they explain (issue 18 item 4).
  const notes = await notesOfVersion(context.db, version.id);
  const html = fillSlots(rendered, (node) => {
    const note = node.pid ? notes.get(node.pid) : undefined;
    return note ? (
      <ProvisionNote note={note} label={localizedLabel(node.label, locale)} t={t} />
    ) : null;
  });
  context.fragments?.set(key, html);
  const text: PreparedText = { key, html: context.dataRequest ? html : undefined };
  // consultations: drafters of the bill's legislature get a link to open a consultation
  const user = await getCurrentUser(request, context);
  const canConsult = hasRole(user, ["drafter", "admin"], bill.organization_id);
  return {
    title: `${version.title} · ${t("app.name")}`,
    canConsult,
    bill: { id: bill.id, title: bill.title, organizationName: bill.organizationName },
    version: {
      id: version.id,
      label: version.label,
      title: version.title,
      note: version.note,
      publishedAt: version.published_at,
    },
    versions: versions.map((v) => ({ id: v.id, label: v.label, publishedAt: v.published_at })),
    text,
  };
}

export default function VersionPage({ loaderData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { bill, version, versions, text, canConsult } = loaderData;
  // The 修改对照表 of a reading is against the one before it; the oldest reading has none
  // (a link comparing it with itself was a 400 on every bill).
  const previous = versions[versions.findIndex((v) => v.id === version.id) - 1];
  return (
    <div className="page reading">
      <header className="reading-head">
        <div className="card-tags">
          <span className="tag">{t(`version.${version.label}`)}</span>
          <span className="tag">{t("bill.publishedOn", { date: date(version.publishedAt) })}</span>
        </div>
        <h1>{version.title}</h1>
        <p className="muted">{bill.organizationName}</p>
        {version.note ? (
          <details className="note">
            <summary>{t("bill.note")}</summary>
            <p>{version.note}</p>
          </details>
        ) : null}
        <p className="downloads">
          <span className="muted">{t("bill.download")}：</span>
          {(["docx", "pdf", "txt", "md", "akn", "json"] as const).map((format) => (
            <a
              key={format}
              href={`/bills/${bill.id}/versions/${version.id}/export/${format}`}
              download
            >
              {t(`bill.format.${format}`)}
            </a>
          ))}
          {previous ? (
            <Link to={`/bills/${bill.id}/compare?from=${previous.id}&to=${version.id}`}>
              {t("compare.open")}
            </Link>
          ) : null}
          <button type="button" className="link-button" onClick={() => window.print()}>
            {t("bill.print")}
          </button>
          <Link to={`/bills/${bill.id}/timeline`}>{t("timeline.link")}</Link>
        </p>
        {canConsult ? (
          <p>
            <Link to={`/bills/${bill.id}/consultations/new?version=${version.id}`}>
              {t("consultations.open")}
            </Link>
            {/* texts: the 起草说明 of each provision of this reading */}
            {" · "}
            <Link to={`/bills/${bill.id}/versions/${version.id}/notes`}>{t("notes.open")}</Link>
            {/* the amendment decision against the law in force */}
            {version.label !== "current_law" && versions.some((v) => v.label === "current_law") ? (
              <>
                {" · "}
                <Link to={`/bills/${bill.id}/versions/${version.id}/decision`}>
                  {t("decision.open")}
                </Link>
              </>
            ) : null}
          </p>
        ) : null}
        {/* search: within this reading */}
        <Form method="get" action="/search" role="search" className="draft-search">
          <input type="hidden" name="version" value={version.id} />
          <input type="hidden" name="kind" value="provision" />
          <label htmlFor="draft-q">{t("search.inDraft")}</label>
          <input
            id="draft-q"
            type="search"
            name="q"
            aria-label={t("search.inDraftLabel", { title: version.title })}
          />
          <button type="submit" className="button small">
            {t("search.submit")}
          </button>
        </Form>
        <nav aria-label={t("bill.readings")} className="readings-nav">
          <span className="muted">{t("bill.readings")}：</span>
          <ol className="inline-list">
            {versions.map((v) => (
              <li key={v.id}>
                {v.id === version.id ? (
                  <strong aria-current="page">{t(`version.${v.label}`)}</strong>
                ) : (
                  <Link to={`/bills/${bill.id}/versions/${v.id}`}>{t(`version.${v.label}`)}</Link>
                )}
              </li>
            ))}
          </ol>
        </nav>
      </header>
      <PreparedHtml text={text} />
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
