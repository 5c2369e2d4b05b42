import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * The demo consultations' opinions: a closed consultation on the 动物防疫法 一审稿 with its
 * opinions handled and its report published, and a few hundred opinions on the open 二审稿.
 * Runs after the bills exist; adds nothing when run again.
 */
export async function seedOpinionDemo(_db: Kysely<Database>, _now: Date): Promise<void> {}
