import { SENSITIVE_WORDS_KEY } from "../../services/moderation.ts";

// How an audit entry names and links its object, for the page (/admin/audit) and its CSV
// download.

/** What the log's query found about an entry's object (db/queries/audit.ts). */
export interface AuditObjectFacts {
  action: string;
  subjectType: string;
  subjectId: string;
  billId: string | null;
  billTitle: string | null;
  consultationId: string | null;
  subjectUserName: string | null;
  subjectUserEmail: string | null;
  subjectConsultationTitle: string | null;
  subjectOpinionReceipt: string | null;
  subjectContactPointName: string | null;
}

/**
 * The page an administrator reads the object on, and its name where one is known. An object
 * since removed (a deleted opinion) or of a kind without a page shows its id, unlinked.
 */
export function auditObject(e: AuditObjectFacts): { href: string | null; label: string | null } {
  switch (e.subjectType) {
    case "opinion": {
      if (!e.subjectOpinionReceipt) return { href: null, label: null };
      const handling =
        e.action.startsWith("disposition.") ||
        e.action === "opinion.dispose" ||
        e.action === "opinion.record";
      return {
        href:
          handling && e.consultationId
            ? `/consultations/${e.consultationId}/handling`
            : `/moderation/opinions/${e.subjectId}`,
        label: e.subjectOpinionReceipt,
      };
    }
    case "consultation":
      return e.subjectConsultationTitle
        ? { href: `/consultations/${e.subjectId}/manage`, label: e.subjectConsultationTitle }
        : { href: null, label: null };
    case "bill":
      return e.billTitle && e.billId === e.subjectId
        ? { href: `/bills/${e.subjectId}`, label: e.billTitle }
        : { href: null, label: null };
    case "version":
      return e.billId
        ? { href: `/bills/${e.billId}/versions/${e.subjectId}`, label: null }
        : { href: null, label: null };
    case "user":
      return e.subjectUserEmail
        ? {
            href: `/admin/users?${new URLSearchParams({ q: e.subjectUserEmail })}`,
            label: `${e.subjectUserName ?? ""} ${e.subjectUserEmail}`.trim(),
          }
        : { href: null, label: null };
    case "submission":
    case "contact_point_activity":
      return e.consultationId
        ? { href: `/consultations/${e.consultationId}/submissions`, label: null }
        : { href: null, label: null };
    case "contact_point":
      return e.subjectContactPointName
        ? { href: "/admin/contact-points", label: e.subjectContactPointName }
        : { href: null, label: null };
    case "app_setting":
      return e.subjectId === SENSITIVE_WORDS_KEY
        ? { href: "/moderation/words", label: null }
        : { href: null, label: null };
    default:
      return { href: null, label: null };
  }
}
