import type { Kysely } from "kysely";
import type { DispositionCode } from "../../db/codes.ts";
import type { Database } from "../../db/schema.ts";
import { noticeText } from "../../app/lib/notice-text.ts";
import {
  publishDispositions,
  reviewDispositions,
  saveDispositions,
} from "../../services/disposition-workflow.ts";
import type { OutgoingMail } from "../../services/notifications.ts";

// Public dispositions made the way the legislature makes them (issue 15), for tests that need an
// opinion with a public disposition: the drafter's working copy is saved and submitted, a
// reviewer approves it and publishes it. Only publishing writes `dispositions` and notifies, so a
// test sees exactly what a published disposition brings (the search outbox row, the mirrored
// code, the author's notice and e-mail).

/** Makes `userId` a reviewer of the bill (directly: the grant itself is tested elsewhere). */
export async function makeReviewer(
  db: Kysely<Database>,
  billId: string,
  userId: string,
): Promise<void> {
  await db
    .insertInto("bill_team")
    .values({ bill_id: billId, user_id: userId, role: "reviewer" })
    .onConflict((oc) => oc.columns(["bill_id", "user_id", "role"]).doNothing())
    .execute();
}

/**
 * Publishes one disposition for the listed opinions of one consultation: save and submit, approve,
 * publish (every approved working copy of the consultation, normally just these). `actorId` acts
 * throughout and is made a reviewer of the bill first. Returns the publication's mails.
 */
export async function publishDisposition(
  db: Kysely<Database>,
  input: {
    opinionIds: string[];
    code: DispositionCode;
    reason?: string;
    /** "versionId:pid" of a later reading's provision that changed because of it. */
    changed?: string;
    actorId: string;
    ip?: string | null;
  },
): Promise<{ count: number; mails: OutgoingMail[] }> {
  const facts = await db
    .selectFrom("opinions as o")
    .innerJoin("consultations as c", "c.id", "o.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .select(["c.id as consultationId", "v.bill_id as billId", "v.seq"])
    .where("o.id", "=", input.opinionIds[0]!)
    .executeTakeFirstOrThrow();
  await makeReviewer(db, facts.billId, input.actorId);
  const ip = input.ip ?? null;
  await saveDispositions(db, {
    consultationId: facts.consultationId,
    billId: facts.billId,
    versionSeq: facts.seq,
    values: {
      opinionIds: input.opinionIds,
      code: input.code,
      reason: input.reason ?? "",
      changed: input.changed ?? "",
    },
    submit: true,
    actorId: input.actorId,
    ip,
  });
  await reviewDispositions(db, {
    consultationId: facts.consultationId,
    opinionIds: input.opinionIds,
    decision: "approve",
    comment: "",
    actorId: input.actorId,
    ip,
  });
  return publishDispositions(db, {
    consultationId: facts.consultationId,
    actorId: input.actorId,
    ip,
    render: noticeText,
  });
}
