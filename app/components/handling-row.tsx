import { useState } from "react";
import { Form, Link, useNavigation } from "react-router";
import { dispositionCodes } from "../../db/codes.ts";
import type { HandlingOpinion, LaterProvision } from "../../db/queries/handling.ts";
import type { HandlingRow, OutlineEntry } from "../../services/handling-view.ts";
import { maskName } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";
import { provisionAnchor } from "./legal-text.tsx";
import {
  SaveOutcomeText,
  StateBadge,
  TemplatePicker,
  type ReasonTemplateChoice,
  type SaveOutcome,
  type WorkState,
} from "./work-state.tsx";

// The rows of the drafters' handling view (app/routes/handling.tsx). Each opinion shows two
// things apart: its working copy (state, draft disposition, the reviewer's comment when returned,
// its handler and deadline) and the public record, which only a reviewer's publication changes.

/** An opinion's workflow state and assignment, as the row shows them. */
export interface MemberWork {
  state: WorkState;
  /** The reviewer's comment, while the copy is returned. */
  reviewComment: string | null;
  assignee: string | null;
  dueOn: string | null;
  overdue: boolean;
}

/**
 * The work line of one opinion: its state, the disposition drafted (the working copy), its
 * handler and deadline; the public record beside it while they differ; a returned one's comment.
 */
function WorkLine({
  o,
  w,
  billId,
  versionId,
  later,
}: {
  o: HandlingOpinion;
  w: MemberWork;
  billId: string;
  versionId: string;
  later: LaterProvision[];
}) {
  const { t } = useI18n();
  return (
    <>
      <p className="work-line">
        <StateBadge state={w.state} />
        {o.code ? (
          <span>
            {t(`disposition.${o.code}`)}
            {o.reason ? ` — ${o.reason}` : ""}
            <ChangedLink o={o} billId={billId} versionId={versionId} later={later} />
          </span>
        ) : null}
      </p>
      <p className="work-line muted">
        <span>
          {w.assignee ? t("work.assignee", { name: w.assignee }) : t("work.unassigned")}
          {w.dueOn ? ` · ${t("work.queue.due", { date: w.dueOn })}` : ""}
        </span>
        {w.overdue ? <strong className="overdue-mark">{t("work.queue.overdue")}</strong> : null}
        {o.publicCode && w.state !== "published" ? (
          <span>{t("work.public", { disposition: t(`disposition.${o.publicCode}`) })}</span>
        ) : null}
      </p>
      {w.reviewComment ? (
        <p className="review-comment">{t("work.returnComment", { comment: w.reviewComment })}</p>
      ) : null}
    </>
  );
}

function OpinionFacts({ o }: { o: HandlingOpinion }) {
  const { t, date, label, region } = useI18n();
  return (
    <>
      <p className="muted">
        <strong>{o.provisionLabel ? label(o.provisionLabel) : t("mine.wholeDraft")}</strong>
        {[
          t(`channel.${o.channel}`),
          o.contactPointName,
          o.author_name ? maskName(o.author_name) : null,
          o.author_region ? region(o.author_region) : null,
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
        <p className="reason">{t("opinion.proposedShownText", { text: o.proposed_text })}</p>
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
  const { t, label } = useI18n();
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
          label: p?.label ? label(p.label) : "",
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
  /** Each member's working copy and assignment, by opinion id. */
  work: Record<string, MemberWork>;
}

/**
 * One row of the handling view: an opinion, or a cluster of near-identical ones with its members
 * expandable. Only the row opened carries the disposition form (one form a page, not one per
 * opinion); every other row links to opening it, keeping the page and the filters. A row's
 * checkbox belongs to the bulk form above the list (`bulkForm`), when there is one.
 */
export function HandlingRowCard({
  row,
  links,
  consultation,
  later,
  nextVersionId,
  canDispose,
  bulkForm,
  templates,
  templatesHref,
  result,
}: {
  row: HandlingRow;
  links: RowLinks;
  consultation: { billId: string; versionId: string };
  later: LaterProvision[];
  nextVersionId: string | null;
  /** Whether the reader may save and submit dispositions (a drafter, handler or reviewer). */
  canDispose: boolean;
  bulkForm: string | null;
  templates: ReasonTemplateChoice[];
  templatesHref: string | null;
  /** The answer to this row's last disposition, if the last form sent was this row's. */
  result: SaveOutcome | null;
}) {
  const { t } = useI18n();
  const first = row.members[0]!;
  const cluster = row.members.length > 1;
  const codes = new Set(row.members.map((m) => m.code ?? ""));
  const mixed = codes.size > 1;
  const formId = first.id;
  const workOf = (id: string): MemberWork =>
    links.work[id] ?? {
      state: "none",
      reviewComment: null,
      assignee: null,
      dueOn: null,
      overdue: false,
    };
  const line = (o: HandlingOpinion) => (
    <WorkLine
      o={o}
      w={workOf(o.id)}
      billId={consultation.billId}
      versionId={consultation.versionId}
      later={later}
    />
  );
  const states = [...new Set(row.members.map((m) => workOf(m.id).state))];
  return (
    <li
      id={`row-${first.id}`}
      className={`card handling-row${cluster ? " cluster" : ""}${links.open ? " open" : ""}`}
    >
      {canDispose && bulkForm ? (
        <p className="row-select">
          <input
            type="checkbox"
            id={`select-${first.id}`}
            name="selected"
            value={row.members.map((m) => m.id).join(",")}
            form={bulkForm}
          />
          <label htmlFor={`select-${first.id}`}>
            {cluster
              ? t("work.bulk.selectCluster", { count: row.members.length })
              : t("work.bulk.select")}
          </label>
        </p>
      ) : null}
      {cluster ? (
        <p className="cluster-head">
          <strong>{t("handling.cluster.label", { count: row.members.length })}</strong> ·{" "}
          {t("handling.people", { people: row.people })} ·{" "}
          {[...new Set(row.members.map((m) => t(`channel.${m.channel}`)))].join("、")}{" "}
          {states.map((s) => (
            <StateBadge key={s} state={s} />
          ))}
        </p>
      ) : null}
      <OpinionFacts o={first} />
      {cluster ? null : line(first)}
      {cluster ? (
        <details className="cluster-members" open={links.open}>
          <summary>{t("handling.cluster.members", { count: row.members.length })}</summary>
          <ol>
            {row.members.map((m) => (
              <li key={m.id}>
                <OpinionFacts o={m} />
                {line(m)}
                {links.open && canDispose ? (
                  <p className="cluster-include">
                    <input
                      type="checkbox"
                      id={`include-${m.id}`}
                      name="opinionId"
                      value={m.id}
                      form={`dispose-${formId}`}
                      defaultChecked={workOf(m.id).state !== "submitted"}
                    />{" "}
                    <label htmlFor={`include-${m.id}`}>{t("handling.cluster.include")}</label>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {cluster ? (
        <p className="handling-current">
          {mixed
            ? t("handling.cluster.mixed")
            : first.code
              ? `${t(`disposition.${first.code}`)}${first.reason ? ` — ${first.reason}` : ""}`
              : t("disposition.none")}
        </p>
      ) : null}
      <p className="handling-actions">
        {!canDispose ? null : links.open ? (
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
      {links.open && canDispose ? (
        row.members.every((m) => workOf(m.id).state === "submitted") ? (
          <>
            {/* Saved and submitted, the form gives way to this note: the answer stays in view. */}
            {result?.ok ? (
              <p>
                <SaveOutcomeText result={result} />
              </p>
            ) : null}
            <p className="hint">{t("work.underReview")}</p>
          </>
        ) : (
          <DispositionForm
            row={row}
            work={workOf(first.id)}
            formId={formId}
            mixed={mixed}
            later={later}
            nextVersionId={nextVersionId}
            templates={templates}
            templatesHref={templatesHref}
            result={result}
          />
        )
      ) : null}
    </li>
  );
}

/** The one disposition form of the page, for the row opened (every member of a cluster). */
function DispositionForm({
  row,
  work,
  formId,
  mixed,
  later,
  nextVersionId,
  templates,
  templatesHref,
  result,
}: {
  row: HandlingRow;
  work: MemberWork;
  formId: string;
  mixed: boolean;
  later: LaterProvision[];
  nextVersionId: string | null;
  templates: ReasonTemplateChoice[];
  templatesHref: string | null;
  result: SaveOutcome | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const first = row.members[0]!;
  const cluster = row.members.length > 1;
  // The form starts from the working copy (the row's code, reason and changed provision).
  const code = first.code ?? "adopted";
  const reason = mixed ? "" : (first.reason ?? "");
  const initialChanged = first.changed_version_id
    ? `${first.changed_version_id}:${first.changed_pid}`
    : nextVersionId &&
        first.provision_pid &&
        later.some((l) => l.versionId === nextVersionId && l.pid === first.provision_pid)
      ? `${nextVersionId}:${first.provision_pid}`
      : "";
  const busy = navigation.state !== "idle";
  return (
    <Form method="post" id={`dispose-${formId}`} className="disposition-form" preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value="dispose" />
      <input type="hidden" name="row" value={formId} />
      {cluster ? null : <input type="hidden" name="opinionId" value={first.id} />}
      <div className="disposition-fields">
        <div className="grant-field">
          <label htmlFor={`code-${formId}`}>{t("handling.disposition")}</label>
          <select id={`code-${formId}`} name="code" defaultValue={code}>
            {dispositionCodes.map((c) => (
              <option key={c} value={c}>
                {t(`disposition.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <TemplatePicker
          id={`template-${formId}`}
          templates={templates}
          reasonId={`reason-${formId}`}
          codeId={`code-${formId}`}
          manageHref={templatesHref}
        />
        <div className="grant-field grow">
          <label htmlFor={`reason-${formId}`}>{t("handling.reason")}</label>
          <textarea
            id={`reason-${formId}`}
            name="reason"
            rows={2}
            defaultValue={reason}
            maxLength={5000}
          />
        </div>
        {later.length > 0 ? (
          <ChangedPicker id={`changed-${formId}`} initial={initialChanged} later={later} />
        ) : null}
      </div>
      {cluster ? (
        <p className="hint">{t("handling.cluster.applies", { count: row.members.length })}</p>
      ) : null}
      {work.state === "approved" || work.state === "published" ? (
        <p className="hint">{t("work.publicHint")}</p>
      ) : null}
      <p className="form-buttons">
        <button type="submit" className="button small" disabled={busy}>
          {t("work.save")}
        </button>
        <button
          type="submit"
          name="submit"
          value="1"
          className="button primary small"
          disabled={busy}
        >
          {t("work.saveSubmit")}
        </button>
        {result ? <SaveOutcomeText result={result} /> : null}
      </p>
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
