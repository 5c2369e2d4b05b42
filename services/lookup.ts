import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { opinionsWithOutcome } from "../db/queries/opinions.ts";
import { hashLookupCode } from "./opinions.ts";

/**
 * Finds an opinion by its receipt and lookup code (for people without an account); a wrong
 * code finds nothing, exactly like an unknown receipt.
 */
export async function lookUpOpinion(db: Kysely<Database>, receipt: string, code: string) {
  const row = await opinionsWithOutcome(db)
    .select("op.lookup_code_hash")
    .where("op.receipt", "=", receipt.trim().toUpperCase())
    .executeTakeFirst();
  if (!row || row.lookup_code_hash !== hashLookupCode(code)) return undefined;
  const { lookup_code_hash: _hash, ...opinion } = row;
  return opinion;
}
