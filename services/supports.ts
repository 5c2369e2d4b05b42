import type { Kysely } from "kysely";
import { consultationStatus } from "../db/queries/consultations.ts";
import {
  countSupports,
  deleteSupport,
  findSupportable,
  insertSupport,
} from "../db/queries/participation.ts";
import { recordAudit } from "../db/queries/audit.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";

// 附议: a signed-in person supports a published opinion of an open consultation, once (the
// supports table's key is opinion + user). Pressing 附议 again is answered "already supported"
// and changes nothing; withdrawing is its own action (取消附议), so a double submit or a stale
// page never undoes a support by accident.

/** What became of a support request. */
export type SupportOutcome =
  "added" | "already" | "withdrawn" | "notSupported" | "notFound" | "closed" | "own";

/** Adds (`on`) or withdraws a user's support of an opinion, audited, in one transaction. */
export async function setSupport(
  db: Kysely<Database>,
  input: { opinionId: string; userId: string; on: boolean; ip?: string | null; now?: Date },
): Promise<{ outcome: SupportOutcome; supports: number }> {
  return inTransaction(db, async (trx) => {
    const opinion = await findSupportable(trx, input.opinionId);
    if (!opinion || opinion.status !== "published") return { outcome: "notFound", supports: 0 };
    const done = (outcome: SupportOutcome) =>
      countSupports(trx, opinion.id).then((supports) => ({ outcome, supports }));
    const status = consultationStatus(
      new Date(opinion.opensAt),
      new Date(opinion.closesAt),
      input.now ?? new Date(),
    );
    if (status !== "open") return done("closed");
    if (opinion.authorUserId === input.userId) return done("own");
    const changed = input.on
      ? await insertSupport(trx, opinion.id, input.userId)
      : await deleteSupport(trx, opinion.id, input.userId);
    if (!changed) return done(input.on ? "already" : "notSupported");
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: input.on ? "opinion.support" : "opinion.unsupport",
      subjectType: "opinion",
      subjectId: opinion.id,
      ip: input.ip ?? null,
    });
    return done(input.on ? "added" : "withdrawn");
  });
}
