import { z } from "zod";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { limits } from "../auth/rate-limit.server.ts";
import type { AppContext } from "../context.ts";
import { parseForm, readQuery } from "./forms.ts";

// The two lookup pages (an opinion's and a proposal's fate by receipt and lookup code) read the
// same form under the same rate limit; only what they look up differs.

/** Anything typed, cut to a receipt's size; the lookup finds nothing for a wrong one. */
// Absent, a file or text: the page always renders, with what fits of the text.
const clipped = z
  .string()
  .optional()
  .catch(undefined)
  .transform((v) => (v ?? "").trim().slice(0, 40));

const LookupQuery = z.object({ receipt: clipped });
const LookupForm = z.object({ receipt: clipped, code: clipped });

/** The receipt a link fills in (`?receipt=`), or "". */
export function lookupReceiptOf(request: Request): string {
  return readQuery(LookupQuery, request).receipt;
}

/**
 * The posted receipt and code (posted, not in the address, so the code stays out of browser
 * history and server logs), after the CSRF check; `allowed` is false once the address has used
 * up its lookups (one counter for both pages, so neither doubles the guesses).
 */
export async function readLookupForm(
  request: Request,
  context: AppContext,
): Promise<{ receipt: string; code: string; allowed: boolean }> {
  const form = await requireCsrf(request, context);
  const parsed = parseForm(LookupForm, form);
  const { receipt, code } = parsed.ok ? parsed.data : { receipt: "", code: "" };
  if (context.rateLimit) {
    const hit = await hitRateLimit(context.db, `lookup:ip:${context.clientIp}`, ...limits.lookup);
    if (!hit.allowed) return { receipt, code, allowed: false };
  }
  return { receipt, code, allowed: true };
}
