import { Form, Link } from "react-router";
import {
  AUDIT_ACTION_FAMILIES,
  AUDIT_ACTIONS,
  AUDIT_SUBJECT_TYPES,
  decodeAuditCursor,
  encodeAuditCursor,
  listAuditBills,
  listAuditEntries,
  type AuditCursor,
} from "../../db/queries/audit.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { isMessageKey, requestTranslator } from "../i18n/index.ts";
import { AuditQuery, auditFilter, auditFilterParams } from "../lib/audit-query.ts";
import { auditValue } from "../lib/audit-entry.ts";
import { auditObject } from "../lib/audit-object.server.ts";
import { readQuery } from "../lib/forms.ts";
import { useI18n, useRootData } from "../lib/use-i18n.ts";
import "../styles/audit.css";
import type { Route } from "./+types/admin.audit";

const PAGE = 50;

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const t = requestTranslator(request);
  const query = readQuery(AuditQuery, request);
  const filter = auditFilter(query, context.timeZone);
  const [page, bills] = await Promise.all([
    listAuditEntries(context.db, filter, {
      after: decodeAuditCursor(query.after),
      before: decodeAuditCursor(query.before),
      limit: PAGE,
    }),
    listAuditBills(context.db),
  ]);
  const filterParams = auditFilterParams(query);
  const pageLink = (name: "after" | "before", cursor: AuditCursor | null) => {
    if (!cursor) return null;
    const params = new URLSearchParams(filterParams);
    params.set(name, encodeAuditCursor(cursor));
    return `/admin/audit?${params}`;
  };
  return {
    pageTitle: `${t("audit.title")} · ${t("app.name")}`,
    query,
    bills,
    entries: page.entries.map((e) => ({ ...e, object: auditObject(e) })),
    older: pageLink("after", page.older),
    newer: pageLink("before", page.newer),
    paged: Boolean(query.after || query.before),
    filterQuery: filterParams.toString(),
  };
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { locale, timeZone } = useRootData();
  const { query, bills, entries, older, newer, paged, filterQuery } = loaderData;
  const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  const when = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const filtered = filterQuery !== "";
  return (
    <div className="page audit-page">
      <p className="breadcrumbs">
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.intro")}</p>
      <Form method="get" className="audit-filters" aria-label={t("audit.filters")}>
        <div className="grant-field">
          <label htmlFor="audit-actor">{t("audit.filter.actor")}</label>
          <input id="audit-actor" name="actor" defaultValue={query.actor ?? ""} maxLength={100} />
        </div>
        <div className="grant-field">
          <label htmlFor="audit-action">{t("audit.filter.action")}</label>
          <select id="audit-action" name="action" defaultValue={query.action ?? ""}>
            <option value="">{t("audit.filter.anyAction")}</option>
            {AUDIT_ACTION_FAMILIES.map((family) => (
              <optgroup key={family} label={label(`audit.family.${family}`, family)}>
                <option value={`${family}.*`}>
                  {t("audit.filter.family", { family: label(`audit.family.${family}`, family) })}
                </option>
                {AUDIT_ACTIONS.filter((a) => a.startsWith(`${family}.`)).map((a) => (
                  <option key={a} value={a}>
                    {label(`audit.action.${a}`, a)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="grant-field">
          <label htmlFor="audit-type">{t("audit.filter.type")}</label>
          <select id="audit-type" name="type" defaultValue={query.type ?? ""}>
            <option value="">{t("audit.filter.anyType")}</option>
            {AUDIT_SUBJECT_TYPES.map((type) => (
              <option key={type} value={type}>
                {label(`audit.type.${type}`, type)}
              </option>
            ))}
          </select>
        </div>
        <div className="grant-field">
          <label htmlFor="audit-object">{t("audit.filter.object")}</label>
          <input id="audit-object" name="object" defaultValue={query.object ?? ""} />
        </div>
        <div className="grant-field">
          <label htmlFor="audit-bill">{t("audit.filter.bill")}</label>
          <select id="audit-bill" name="bill" defaultValue={query.bill ?? ""}>
            <option value="">{t("audit.filter.anyBill")}</option>
            {bills.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        </div>
        <div className="grant-field">
          <label htmlFor="audit-from">{t("audit.filter.from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={query.from ?? ""} />
        </div>
        <div className="grant-field">
          <label htmlFor="audit-to">{t("audit.filter.to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={query.to ?? ""} />
        </div>
        <div className="audit-filter-buttons">
          <button type="submit" className="button">
            {t("audit.filter.apply")}
          </button>
          {filtered ? <Link to="/admin/audit">{t("audit.filter.clear")}</Link> : null}
          <a href={`/admin/audit/export.csv${filtered ? `?${filterQuery}` : ""}`} download>
            {t("audit.export")}
          </a>
        </div>
      </Form>
      {entries.length === 0 ? <p className="empty">{t("audit.empty")}</p> : null}
      <ol className="audit-list">
        {entries.map((e) => {
          const data = Object.entries(e.data);
          const history = new URLSearchParams({ type: e.subjectType, object: e.subjectId });
          return (
            <li key={e.id} className="card audit-entry">
              <p className="audit-head">
                <time dateTime={new Date(e.createdAt).toISOString()}>
                  {when.format(new Date(e.createdAt))}
                </time>
                <span className="audit-actor">
                  {e.actorName ? (
                    <>
                      {e.actorName} <span className="muted">{e.actorEmail}</span>
                    </>
                  ) : (
                    <span className="muted">{t("audit.system")}</span>
                  )}
                </span>
                <strong className="audit-action">
                  {label(`audit.action.${e.action}`, e.action)}{" "}
                  <code className="muted">{e.action}</code>
                </strong>
              </p>
              <p className="audit-object">
                <span className="tag">{label(`audit.type.${e.subjectType}`, e.subjectType)}</span>{" "}
                {e.object.href ? (
                  <Link to={e.object.href}>{e.object.label ?? e.subjectId}</Link>
                ) : (
                  <code>{e.object.label ?? e.subjectId}</code>
                )}
                {e.billTitle && e.subjectType !== "bill" ? (
                  <>
                    {" · "}
                    {t("audit.bill")}: <Link to={`/bills/${e.billId}`}>{e.billTitle}</Link>
                  </>
                ) : null}
                {" · "}
                <Link to={`/admin/audit?${history}`} className="muted">
                  {t("audit.objectHistory")}
                </Link>
              </p>
              {data.length || e.ip ? (
                <dl className="audit-data" aria-label={t("audit.details")}>
                  {data.map(([key, value]) => (
                    <div key={key}>
                      <dt>{label(`audit.key.${key}`, key)}</dt>
                      <dd>{auditValue(value)}</dd>
                    </div>
                  ))}
                  {e.ip ? (
                    <div>
                      <dt>{t("audit.ip")}</dt>
                      <dd>{e.ip}</dd>
                    </div>
                  ) : null}
                </dl>
              ) : null}
            </li>
          );
        })}
      </ol>
      <nav className="pager" aria-label={t("audit.paging")}>
        {paged ? (
          <Link to={filtered ? `/admin/audit?${filterQuery}` : "/admin/audit"}>
            {t("audit.newest")}
          </Link>
        ) : null}
        {newer ? <Link to={newer}>{t("audit.newer")}</Link> : null}
        {older ? <Link to={older}>{t("audit.older")}</Link> : null}
      </nav>
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
