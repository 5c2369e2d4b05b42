import { auditEntryPages, type AuditLogEntry } from "../../db/queries/audit.ts";
import { auditCsv, auditTime } from "../../services/documents/audit-csv.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { isMessageKey, requestTranslator } from "../i18n/index.ts";
import { AuditQuery, auditFilter } from "../lib/audit-query.ts";
import { readQuery } from "../lib/forms.ts";
import type { Route } from "./+types/admin.audit-export";
import { pulledStream } from "../lib/pulled-stream.server.ts";

/**
 * The audit log under the page's current filter as CSV, newest first, every entry (not one
 * page): streamed a thousand entries at a time, so a log of millions costs no more memory than
 * one page. Administrators only, like the page.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const t = requestTranslator(request);
  const query = readQuery(AuditQuery, request);
  const filter = auditFilter(query, context.timeZone);
  const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  const header = [
    t("audit.csv.when"),
    t("audit.csv.actor"),
    t("audit.csv.actorEmail"),
    t("audit.csv.action"),
    t("audit.csv.actionLabel"),
    t("audit.csv.type"),
    t("audit.csv.object"),
    t("audit.csv.billId"),
    t("audit.csv.bill"),
    t("audit.csv.data"),
    t("audit.csv.ip"),
  ];
  const cells = (e: AuditLogEntry) => [
    auditTime(e.createdAt, context.timeZone),
    e.actorName ?? (e.actorId ? "" : t("audit.system")),
    e.actorEmail ?? "",
    e.action,
    label(`audit.action.${e.action}`, e.action),
    label(`audit.type.${e.subjectType}`, e.subjectType),
    e.subjectId,
    e.billId ?? "",
    e.billTitle ?? "",
    JSON.stringify(e.data),
    e.ip ?? "",
  ];
  const csv = auditCsv(auditEntryPages(context.db, filter), header, cells);
  return new Response(pulledStream(csv), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log.csv"; filename*=UTF-8''${encodeURIComponent(`${t("audit.title")}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
