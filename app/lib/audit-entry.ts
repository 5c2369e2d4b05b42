// How the audit log shows the values an entry recorded (the page and its CSV download).

/** A recorded value as text: strings as they are, lists joined, anything else as JSON. */
export function auditValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null))
    return value.map((v) => String(v)).join(", ");
  return JSON.stringify(value);
}
