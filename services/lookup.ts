import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { hashLookupCode } from "./opinions.ts";

/**
 * Finds an opinion by its receipt and lookup code (for people without an account); a wrong
 * code finds nothing, exactly like an unknown receipt.
 */
export async function lookUpOpinion(db: Kysely<Database>, receipt: string, code: string) {
  const row = await db
    .selectFrom("opinions as o")
    .innerJoin("consultations as c", "c.id", "o.consultation_id")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select([
      "o.id",
      "o.receipt",
      "o.lookup_code_hash",
      "o.body",
      "o.proposed_text",
      "o.status",
      "o.hidden_reason",
      "o.created_at",
      "o.provision_pid",
      "c.id as consultationId",
      "c.title as consultationTitle",
      "b.title as billTitle",
      "v.label as versionLabel",
      "p.label as provisionLabel",
      "d.code as dispositionCode",
      "d.reason as dispositionReason",
    ])
    .where("o.receipt", "=", receipt.trim().toUpperCase())
    .executeTakeFirst();
  if (!row || row.lookup_code_hash !== hashLookupCode(code)) return undefined;
  const { lookup_code_hash: _hash, ...opinion } = row;
  return opinion;
}
