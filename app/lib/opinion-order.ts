import type { OpinionOrder } from "../../db/queries/participation.ts";

/**
 * The orders of a public opinion list, as the sort links show them (the newest first is the
 * default): a plain list, so the page's bundle does not take in the query module.
 */
export const opinionOrders = [
  "newest",
  "supports",
  "oldest",
] as const satisfies readonly OpinionOrder[];
