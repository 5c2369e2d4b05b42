import { useState } from "react";
import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import {
  channels,
  dispositionCodes,
  opinionStatuses,
  respondentTypes,
  type Channel,
  type OpinionStatus,
  type RespondentType,
} from "../../db/codes.ts";
import { listProvisions } from "../../db/queries/bills.ts";
import { getConsultation } from "../../db/queries/consultations.ts";
import {
  countUnhandled,
  getConsultationHandling,
  listContactPointsInConsultation,
  listHandlingOpinions,
  listLaterProvisions,
  type HandlingOpinion,
} from "../../db/queries/handling.ts";
import {
  DispositionInput,
  disposeOpinions,
  HandlingError,
  publishHandling,
  PublishInput,
} from "../../services/handling.ts";
import { groupForHandling, type HandlingRow } from "../../services/handling-view.ts";
import { sendMails } from "../../services/notifications.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { provisionAnchor } from "../components/legal-text.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { maskName } from "../lib/forms.ts";
import { noticeText } from "../lib/notice-text.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/handling.css";
import type { Route } from "./+types/handling";

const LIMIT = 2000;
const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value && (list as readonly string[]).includes(value) ? (value as T) : undefined;

async function load(request: Request, context: Route.LoaderArgs["context"], id: string) {
  const consultation = await getConsultation(context.db, id);
  if (!consultation)
    throw data({ message: requestTranslator(request)("consultation.notFound") }, { status: 404 });
  const { user } = await requireBillDrafter(request, context, consultation.billId);
  const facts = await getConsultationHandling(context.db, consultation.id);
  return { consultation, user, facts };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation, facts } = await load(request, context, params.id);
  const url = new URL(request.url);
  const handled = url.searchParams.get("handled");
  const filters = {
    channel: pick<Channel>(channels, url.searchParams.get("channel")),
    contactPointId: url.searchParams.get("point") || undefined,
    respondentType: pick<RespondentType>(respondentTypes, url.searchParams.get("respondent")),
    status: pick<OpinionStatus>(opinionStatuses, url.searchParams.get("status")),
    handled: handled === "yes" || handled === "no" ? handled : undefined,
    limit: LIMIT,
  } as const;
  const [opinions, provisions, points, later, unhandled] = await Promise.all([
    listHandlingOpinions(context.db, consultation.id, filters),
    listProvisions(context.db, consultation.versionId),
    listContactPointsInConsultation(context.db, consultation.id),
    listLaterProvisions(context.db, facts.billId, facts.seq),
    countUnhandled(context.db, consultation.id),
  ]);
  const { groups, clusters } = groupForHandling(
    opinions,
    provisions.map((p) => ({ ...p, heading_path: p.heading_path as string[] })),
  );
  const nextVersionId = later[0]?.versionId ?? null;
  return {
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billId: consultation.billId,
      billTitle: consultation.billTitle,
      versionId: consultation.versionId,
      status: consultation.status,
      closesAt: consultation.closes_at,
      reportPublishedAt: facts.report_published_at,
      reportNote: facts.report_note,
    },
    groups,
    clusters,
    total: opinions.length,
    people: opinions.reduce((sum, o) => sum + o.headcount, 0),
    truncated: opinions.length >= LIMIT,
    unhandled,
    points,
    later,
    nextVersionId,
  };
}

type ActionData =
  | { intent: "dispose"; ok: true; rowKey: string; count: number }
  | { intent: "dispose"; ok: false; rowKey: string; message: MessageKey }
  | { intent: "publish"; ok: true; first: boolean; notified: number }
  | { intent: "publish"; ok: false; message: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user, facts } = await load(request, context, params.id);
  const form = await requireCsrf(request, context);
  const ip = context.clientIp;
  if (form.get("intent") === "publish") {
    const parsed = PublishInput.safeParse({ note: form.get("note") ?? "" });
    if (!parsed.success)
      return data<ActionData>(
        { intent: "publish", ok: false, message: "handling.publish.noteTooLong" },
        { status: 400 },
      );
    try {
      const result = await publishHandling(context.db, {
        consultationId: consultation.id,
        note: parsed.data.note,
        publishedBy: user.id,
        ip,
        render: noticeText,
      });
      await sendMails(result.mails);
      return {
        intent: "publish",
        ok: true,
        first: result.first,
        notified: result.mails.length,
      } satisfies ActionData;
    } catch (error) {
      if (!(error instanceof HandlingError)) throw error;
      return data<ActionData>(
        { intent: "publish", ok: false, message: error.key as MessageKey },
        { status: error.status },
      );
    }
  }
  const ids = form.getAll("opinionId").map(String);
  const rowKey = String(form.get("row") ?? "");
  const parsed = DispositionInput.safeParse({
    opinionIds: ids,
    code: form.get("code"),
    reason: form.get("reason") ?? "",
    changed: form.get("changed") ?? "",
  });
  if (!parsed.success)
    return data<ActionData>(
      { intent: "dispose", ok: false, rowKey, message: "handling.invalid" },
      { status: 400 },
    );
  try {
    const result = await disposeOpinions(context.db, {
      consultationId: consultation.id,
      billId: facts.billId,
      versionSeq: facts.seq,
      values: parsed.data,
      decidedBy: user.id,
      ip,
      render: noticeText,
    });
    await sendMails(result.mails);
    return { intent: "dispose", ok: true, rowKey, count: result.count } satisfies ActionData;
  } catch (error) {
    if (!(error instanceof HandlingError)) throw error;
    return data<ActionData>(
      { intent: "dispose", ok: false, rowKey, message: error.key as MessageKey },
      { status: error.status },
    );
  }
}

type LoaderData = Route.ComponentProps["loaderData"];

function Filters({ points }: { points: LoaderData["points"] }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const select = (
    id: string,
    name: string,
    label: string,
    options: [string, string][],
  ): React.ReactNode => (
    <div className="grant-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={params.get(name) ?? ""}>
        <option value="">{t("handling.all")}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Form method="get" className="inline-fields handling-filters">
      {select(
        "h-channel",
        "channel",
        t("handling.channel"),
        channels.map((c) => [c, t(`channel.${c}` as MessageKey)]),
      )}
      {select(
        "h-point",
        "point",
        t("handling.filter.contactPoint"),
        points.map((p) => [p.id, p.name]),
      )}
      {select(
        "h-respondent",
        "respondent",
        t("handling.filter.respondentType"),
        respondentTypes.map((r) => [r, t(`respondent.${r}` as MessageKey)]),
      )}
      {select("h-handled", "handled", t("handling.state"), [
        ["no", t("disposition.none")],
        ["yes", t("handling.done")],
      ])}
      {select(
        "h-status",
        "status",
        t("handling.filter.status"),
        opinionStatuses.map((s) => [s, t(`handling.status.${s}` as MessageKey)]),
      )}
      <button type="submit" className="button">
        {t("handling.filter")}
      </button>
    </Form>
  );
}

function OpinionFacts({ o }: { o: HandlingOpinion }) {
  const { t, date } = useI18n();
  return (
    <>
      <p className="muted">
        <strong>{o.provisionLabel ?? t("mine.wholeDraft")}</strong>
        {[
          t(`channel.${o.channel}` as MessageKey),
          o.contactPointName,
          o.author_name ? maskName(o.author_name) : null,
          o.author_region,
          t(`respondent.${o.respondent_type}` as MessageKey),
          o.headcount > 1 ? t("handling.people", { people: o.headcount }) : null,
          date(o.created_at),
        ]
          .filter(Boolean)
          .map((part) => ` · ${part}`)
          .join("")}
        {o.status !== "published" ? (
          <span className="handling-badge"> {t(`handling.status.${o.status}` as MessageKey)}</span>
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
  later: LoaderData["later"];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const labelOf = (value: string) => {
    const p = later.find((l) => `${l.versionId}:${l.pid}` === value);
    return p
      ? `${t(`version.${p.versionLabel}` as MessageKey)} ${p.label}`
      : t("handling.changed.none");
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
              <optgroup
                key={versionId}
                label={t(`version.${inVersion[0]!.versionLabel}` as MessageKey)}
              >
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
  later: LoaderData["later"];
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
          version: p ? t(`version.${p.versionLabel}` as MessageKey) : "",
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

function Row({
  row,
  loaderData,
  actionData,
}: {
  row: HandlingRow;
  loaderData: LoaderData;
  actionData: ActionData | undefined;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const { consultation, later, nextVersionId } = loaderData;
  const first = row.members[0]!;
  const cluster = row.members.length > 1;
  const codes = new Set(row.members.map((m) => m.code ?? ""));
  const mixed = codes.size > 1;
  const initialChanged = first.changed_version_id
    ? `${first.changed_version_id}:${first.changed_pid}`
    : nextVersionId &&
        first.provision_pid &&
        later.some((l) => l.versionId === nextVersionId && l.pid === first.provision_pid)
      ? `${nextVersionId}:${first.provision_pid}`
      : "";
  const formId = first.id;
  const mine = actionData?.intent === "dispose" && actionData.rowKey === formId ? actionData : null;
  return (
    <li className={`card handling-row${cluster ? " cluster" : ""}`}>
      {cluster ? (
        <p className="cluster-head">
          <strong>{t("handling.cluster.label", { count: row.members.length })}</strong> ·{" "}
          {t("handling.people", { people: row.people })} ·{" "}
          {[...new Set(row.members.map((m) => t(`channel.${m.channel}` as MessageKey)))].join("、")}
        </p>
      ) : null}
      <OpinionFacts o={first} />
      {cluster ? (
        <details className="cluster-members">
          <summary>{t("handling.cluster.members", { count: row.members.length })}</summary>
          <ol>
            {row.members.map((m) => (
              <li key={m.id}>
                <OpinionFacts o={m} />
                {m.code ? (
                  <p className="muted">
                    {t("handling.current", {
                      disposition: t(`disposition.${m.code}` as MessageKey),
                    })}
                  </p>
                ) : null}
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
              disposition: t(`disposition.${first.code}` as MessageKey),
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
                {t(`disposition.${c}` as MessageKey)}
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
          <p className="hint full">
            {t("handling.cluster.applies", { count: row.members.length })}
          </p>
        ) : null}
        <button type="submit" className="button small" disabled={navigation.state !== "idle"}>
          {t("handling.save")}
        </button>
        {mine ? (
          <span role={mine.ok ? "status" : "alert"} className={mine.ok ? "saved" : "field-error"}>
            {mine.ok ? t("handling.saved", { count: mine.count }) : t(mine.message)}
          </span>
        ) : null}
      </Form>
    </li>
  );
}

function Publish({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData: ActionData | undefined;
}) {
  const { t, dateTime } = useI18n();
  const { consultation, unhandled } = loaderData;
  const result = actionData?.intent === "publish" ? actionData : null;
  return (
    <section className="handling-publish" aria-labelledby="publish-title">
      <h2 id="publish-title">{t("handling.publish.title")}</h2>
      {consultation.reportPublishedAt ? (
        <p>
          {t("handling.publish.publishedAt", { date: dateTime(consultation.reportPublishedAt) })}{" "}
          <Link to={`/consultations/${consultation.id}/report`}>
            {t("handling.publish.viewReport")}
          </Link>
        </p>
      ) : null}
      {unhandled > 0 ? (
        <p className="muted">{t("handling.publish.unhandled", { count: unhandled })}</p>
      ) : null}
      {consultation.status !== "closed" ? (
        <p className="muted">
          {t("handling.publish.closesOn", { date: dateTime(consultation.closesAt) })}
        </p>
      ) : (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="publish" />
          <div className="field">
            <label htmlFor="publish-note">{t("handling.publish.note")}</label>
            <textarea
              id="publish-note"
              name="note"
              rows={3}
              maxLength={20000}
              defaultValue={consultation.reportNote}
            />
          </div>
          <div>
            <button type="submit" className="button primary">
              {consultation.reportPublishedAt
                ? t("handling.publish.resubmit")
                : t("handling.publish.submit")}
            </button>
          </div>
        </Form>
      )}
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "notice" : "form-error"}>
          {result.ok
            ? result.first
              ? t("handling.publish.done", { count: result.notified })
              : t("handling.publish.updated")
            : t(result.message)}
        </p>
      ) : null}
    </section>
  );
}

export default function Handling({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { consultation, groups } = loaderData;
  const action = actionData as ActionData | undefined;
  return (
    <div className="page handling">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{t("handling.title")}</h1>
      <p>
        <Link to={`/consultations/${consultation.id}/handling/record`} className="button">
          {t("handling.record.link")}
        </Link>
      </p>
      <Filters points={loaderData.points} />
      <p role="status">
        {t("handling.summary", {
          count: loaderData.total,
          people: loaderData.people,
          clusters: loaderData.clusters,
        })}
      </p>
      {loaderData.truncated ? (
        <p className="notice">{t("handling.truncated", { count: loaderData.total })}</p>
      ) : null}
      {groups.length === 0 ? <p className="empty">{t("handling.empty")}</p> : null}
      {groups.map((g) => (
        <section key={g.key} className="handling-group" aria-labelledby={`g-${g.key}`}>
          {g.heading ? <h2 className="handling-heading">{g.heading}</h2> : null}
          <h3 id={`g-${g.key}`} className="handling-group-title">
            {g.label ?? t("handling.group.wholeDraft")}{" "}
            <span className="muted">
              {t("handling.group.count", { count: g.count, people: g.people })}
            </span>
          </h3>
          {g.rows.length === 0 ? (
            <p className="muted">{t("handling.group.elsewhere")}</p>
          ) : (
            <ul className="cards single">
              {g.rows.map((row) => (
                <Row key={row.key} row={row} loaderData={loaderData} actionData={action} />
              ))}
            </ul>
          )}
        </section>
      ))}
      <Publish loaderData={loaderData} actionData={action} />
    </div>
  );
}
