import { useState } from "react";
import { Form, Link, useNavigation } from "react-router";
import { dispositionCodes } from "../../db/codes.ts";
import type { HandlingOpinion, LaterProvision } from "../../db/queries/handling.ts";
import type { HandlingRow, OutlineEntry } from "../../services/handling-view.ts";
import type { MessageKey } from "../i18n/index.ts";
import { maskName } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";
import { provisionAnchor } from "./legal-text.tsx";

// The rows of the drafters' handling view (app/routes/handling.tsx).

function OpinionFacts({ o }: { o: HandlingOpinion }) {
  const { t, date } = useI18n();
  return (
    <>
      <p className="muted">
        <strong>{o.provisionLabel ?? t("mine.wholeDraft")}</strong>
        {[
          t(`channel.${o.channel}`),
          o.contactPointName,
          o.author_name ? maskName(o.author_name) : null,
          o.author_region,
          t(`respondent.${o.respondent_type}`),
          o.headcount > 1 ? t("handling.people", { people: o.headcount }) : null,
          date(o.created_at),
        ]
          .filter(Boolean)
          .map((part) => ` · ${part}`)
          .join("")}
        {o.status !== "published" ? (
          <span className="handling-badge"> {t(`handling.status.${o.status}`)}</span>
        ) : null}
      </p>
      {o.provenance ? (
        <p className="muted">
          {t("handling.provenance", { provenance: o.provenance })}
          {o.received_on ? ` · ${t("handling.receivedOn", { date: o.received_on })}` : ""}
        </p>
      ) : null}
      <p className="opinion-body">{o.body}</p>
      {o.proposed_text ? (
        <p className="reason">
          {t("opinion.proposed")}：{o.proposed_text}
        </p>
      ) : null}
    </>
  );
}

/** The provision of a later reading a disposition points to; the list is drawn on demand. */
function ChangedPicker({
  id,
  initial,
  later,
}: {
  id: string;
  initial: string;
  later: LaterProvision[];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const labelOf = (value: string) => {
    const p = later.find((l) => `${l.versionId}:${l.pid}` === value);
    return p ? `${t(`version.${p.versionLabel}`)} ${p.label}` : t("handling.changed.none");
  };
  return (
    <div className="grant-field changed-picker">
      <label htmlFor={id}>{t("handling.changed.label")}</label>
      {open ? (
        <select id={id} name="changed" defaultValue={initial}>
          <option value="">{t("handling.changed.none")}</option>
          {[...new Set(later.map((l) => l.versionId))].map((versionId) => {
            const inVersion = later.filter((l) => l.versionId === versionId);
            return (
              <optgroup key={versionId} label={t(`version.${inVersion[0]!.versionLabel}`)}>
                {inVersion.map((l) => (
                  <option key={l.pid} value={`${l.versionId}:${l.pid}`}>
                    {l.label}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      ) : (
        <span className="changed-current">
          <input type="hidden" name="changed" value={initial} />
          <output id={id}>{labelOf(initial)}</output>{" "}
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            {t("handling.changed.edit")}
          </button>
        </span>
      )}
      <p className="hint">{t("handling.changed.hint")}</p>
    </div>
  );
}

function ChangedLink({
  o,
  billId,
  versionId,
  later,
}: {
  o: HandlingOpinion;
  billId: string;
  versionId: string;
  later: LaterProvision[];
}) {
  const { t } = useI18n();
  if (!o.changed_version_id || !o.changed_pid) return null;
  const p = later.find((l) => l.versionId === o.changed_version_id && l.pid === o.changed_pid);
  return (
    <span className="changed-link">
      {" · "}
      <Link
        to={`/bills/${billId}/versions/${o.changed_version_id}#${provisionAnchor(o.changed_pid)}`}
      >
        {t("handling.changed.link", {
          version: p ? t(`version.${p.versionLabel}`) : "",
          label: p?.label ?? "",
        })}
      </Link>
      {" · "}
      <Link to={`/bills/${billId}/compare?from=${versionId}&to=${o.changed_version_id}`}>
        {t("handling.changed.compare")}
      </Link>
    </span>
  );
}

export interface RowLinks {
  /** Whether this row is the one opened: the only row of the page with a form. */
  open: boolean;
  openHref: string;
  closeHref: string;
  /** How many opinions of the consultation share the first member's wording. */
  copies: number;
  copiesHref: string | null;
}

/**
 * One row of the handling view: an opinion, or a cluster of near-identical ones with its members
 * expandable. Only the row opened carries the disposition form (one form a page, not one per
 * opinion); every other row links to opening it, keeping the page and the filters.
 */
export function HandlingRowCard({
  row,
  links,
  consultation,
  later,
  nextVersionId,
  result,
}: {
  row: HandlingRow;
  links: RowLinks;
  consultation: { billId: string; versionId: string };
  later: LaterProvision[];
  nextVersionId: string | null;
  /** The answer to this row's last disposition, if the last form sent was this row's. */
  result: { ok: true; count: number } | { ok: false; message: MessageKey } | null;
}) {
  const { t } = useI18n();
  const first = row.members[0]!;
  const cluster = row.members.length > 1;
  const codes = new Set(row.members.map((m) => m.code ?? ""));
  const mixed = codes.size > 1;
  const formId = first.id;
  return (
    <li
      id={`row-${first.id}`}
      className={`card handling-row${cluster ? " cluster" : ""}${links.open ? " open" : ""}`}
    >
      {cluster ? (
        <p className="cluster-head">
          <strong>{t("handling.cluster.label", { count: row.members.length })}</strong> ·{" "}
          {t("handling.people", { people: row.people })} ·{" "}
          {[...new Set(row.members.map((m) => t(`channel.${m.channel}`)))].join("、")}
        </p>
      ) : null}
      <OpinionFacts o={first} />
      {cluster ? (
        <details className="cluster-members" open={links.open}>
          <summary>{t("handling.cluster.members", { count: row.members.length })}</summary>
          <ol>
            {row.members.map((m) => (
              <li key={m.id}>
                <OpinionFacts o={m} />
                {m.code ? (
                  <p className="muted">
                    {t("handling.current", {
                      disposition: t(`disposition.${m.code}`),
                    })}
                  </p>
                ) : null}
                {links.open ? (
                  <p className="cluster-include">
                    <input
                      type="checkbox"
                      id={`include-${m.id}`}
                      name="opinionId"
                      value={m.id}
                      form={`dispose-${formId}`}
                      defaultChecked
                    />{" "}
                    <label htmlFor={`include-${m.id}`}>{t("handling.cluster.include")}</label>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <p className="handling-current">
        {mixed ? (
          t("handling.cluster.mixed")
        ) : first.code ? (
          <>
            {t("handling.current", {
              disposition: t(`disposition.${first.code}`),
            })}
            {first.reason ? ` — ${first.reason}` : ""}
            <ChangedLink
              o={first}
              billId={consultation.billId}
              versionId={consultation.versionId}
              later={later}
            />
          </>
        ) : (
          t("disposition.none")
        )}
      </p>
      <p className="handling-actions">
        {links.open ? (
          <Link to={links.closeHref} preventScrollReset>
            {t("handling.close")}
          </Link>
        ) : (
          <Link to={links.openHref} preventScrollReset className="button small">
            {cluster ? t("handling.openCluster") : t("handling.row.open")}
          </Link>
        )}
        {links.copiesHref ? (
          <Link to={links.copiesHref}>{t("handling.copies", { count: links.copies })}</Link>
        ) : null}
      </p>
      {links.open ? (
        <DispositionForm
          row={row}
          formId={formId}
          mixed={mixed}
          later={later}
          nextVersionId={nextVersionId}
          result={result}
        />
      ) : null}
    </li>
  );
}

/** The one disposition form of the page, for the row opened (every member of a cluster). */
function DispositionForm({
  row,
  formId,
  mixed,
  later,
  nextVersionId,
  result,
}: {
  row: HandlingRow;
  formId: string;
  mixed: boolean;
  later: LaterProvision[];
  nextVersionId: string | null;
  result: { ok: true; count: number } | { ok: false; message: MessageKey } | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const first = row.members[0]!;
  const cluster = row.members.length > 1;
  const initialChanged = first.changed_version_id
    ? `${first.changed_version_id}:${first.changed_pid}`
    : nextVersionId &&
        first.provision_pid &&
        later.some((l) => l.versionId === nextVersionId && l.pid === first.provision_pid)
      ? `${nextVersionId}:${first.provision_pid}`
      : "";
  return (
    <Form
      method="post"
      id={`dispose-${formId}`}
      className="inline-fields disposition-form"
      preventScrollReset
    >
      <CsrfInput />
      <input type="hidden" name="intent" value="dispose" />
      <input type="hidden" name="row" value={formId} />
      {cluster ? null : <input type="hidden" name="opinionId" value={first.id} />}
      <div className="grant-field">
        <label htmlFor={`code-${formId}`}>{t("handling.disposition")}</label>
        <select id={`code-${formId}`} name="code" defaultValue={first.code ?? "adopted"}>
          {dispositionCodes.map((c) => (
            <option key={c} value={c}>
              {t(`disposition.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="grant-field grow">
        <label htmlFor={`reason-${formId}`}>{t("handling.reason")}</label>
        <input
          id={`reason-${formId}`}
          name="reason"
          defaultValue={mixed ? "" : (first.reason ?? "")}
          maxLength={5000}
        />
      </div>
      {later.length > 0 ? (
        <ChangedPicker id={`changed-${formId}`} initial={initialChanged} later={later} />
      ) : null}
      {cluster ? (
        <p className="hint full">{t("handling.cluster.applies", { count: row.members.length })}</p>
      ) : null}
      <button type="submit" className="button small" disabled={navigation.state !== "idle"}>
        {t("handling.save")}
      </button>
      {result ? (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? "saved" : "field-error"}>
          {result.ok ? t("handling.saved", { count: result.count }) : t(result.message)}
        </span>
      ) : null}
    </Form>
  );
}

/**
 * The navigation by provision: every chapter (or top-level article) with its opinions and how
 * many wait for a decision, and the articles of the chapter chosen.
 */
export function HandlingOutline({
  outline,
}: {
  outline: {
    all: number;
    selected: string | null;
    wholeDraft: { count: number; open: number };
    top: OutlineEntry[];
    chapterPid: string | null;
    articles: OutlineEntry[];
    hrefs: Record<string, string>;
    allHref: string;
  };
}) {
  const { t } = useI18n();
  const item = (key: string, href: string, label: string, count: number, open: number | null) => (
    <li key={key}>
      <Link to={href} aria-current={outline.selected === key ? "true" : undefined}>
        {label}
      </Link>{" "}
      <span className="muted">
        {open === null || count === 0
          ? t("handling.outline.count", { count })
          : t("handling.outline.counts", { count, open })}
      </span>
    </li>
  );
  const name = (e: OutlineEntry) => (e.title ? `${e.label} ${e.title}` : e.label);
  return (
    <nav className="handling-outline" aria-label={t("handling.outline.title")}>
      <details open={outline.selected !== null}>
        <summary>{t("handling.outline.title")}</summary>
        <ul>
          {item("", outline.allHref, t("handling.outline.all"), outline.all, null)}
          {outline.wholeDraft.count > 0
            ? item(
                "draft",
                outline.hrefs.draft!,
                t("handling.group.wholeDraft"),
                outline.wholeDraft.count,
                outline.wholeDraft.open,
              )
            : null}
          {outline.top.map((e) => item(e.pid, outline.hrefs[e.pid]!, name(e), e.count, e.open))}
        </ul>
        {outline.articles.length > 0 ? (
          <ul className="handling-outline-articles">
            {outline.articles.map((e) =>
              item(e.pid, outline.hrefs[e.pid]!, e.label, e.count, e.open),
            )}
          </ul>
        ) : null}
      </details>
    </nav>
  );
}
