import { z } from "zod";
import type { AuditFilter } from "../../db/queries/audit.ts";
import { textLine } from "./forms.ts";

// The audit log's query string, read alike by the page (/admin/audit) and its CSV download, so
// the file holds exactly what the page's filter shows.

/** A day as a date input sends it, and a real one (2026-02-30 is refused). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "audit.badDate")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "audit.badDate");

/** An empty field is no filter. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    schema.optional(),
  );

export const AuditQuery = z.object({
  actor: optional(textLine().trim().max(100)),
  // An action code, or a family of them written "family.*"
  action: optional(z.string().regex(/^[a-z_]{1,40}\.([a-z_]{1,40}|\*)$/)),
  type: optional(z.string().regex(/^[a-z_]{1,40}$/)),
  object: optional(textLine().trim().max(200)),
  bill: optional(textLine().trim().max(200)),
  from: optional(day),
  to: optional(day),
  after: optional(z.string().max(40)),
  before: optional(z.string().max(40)),
});

export type AuditQueryValues = z.infer<typeof AuditQuery>;

/** The query's filter for db/queries/audit.ts, days read in the deployment's time zone. */
export function auditFilter(query: AuditQueryValues, timeZone: string): AuditFilter {
  return {
    actor: query.actor,
    action: query.action,
    subjectType: query.type,
    subjectId: query.object,
    billId: query.bill,
    from: query.from,
    to: query.to,
    timeZone,
  };
}

/** The filter's part of the query string (no paging), for links and the download. */
export function auditFilterParams(query: AuditQueryValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "type", "object", "bill", "from", "to"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params;
}
