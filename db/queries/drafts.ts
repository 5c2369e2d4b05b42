import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** The working draft of a bill (document, revision and the revision last published). */
export async function getDraft(db: Kysely<Database>, billId: string) {
  return db
    .selectFrom("drafts")
    .select(["id", "bill_id", "document", "revision", "published_revision", "updated_at"])
    .where("bill_id", "=", billId)
    .executeTakeFirst();
}

/** Locks the draft row for the rest of the transaction, so steps are ordered one writer at a time. */
export async function lockDraft(trx: Kysely<Database>, billId: string) {
  return trx
    .selectFrom("drafts")
    .select(["id", "document", "revision", "published_revision"])
    .where("bill_id", "=", billId)
    .forUpdate()
    .executeTakeFirst();
}

/** Appends confirmed steps and stores the document they produce, as the next revisions. */
export async function appendDraftSteps(
  trx: Kysely<Database>,
  input: {
    draftId: string;
    fromRevision: number;
    steps: object[];
    clientId: string;
    userId: string | null;
    document: object;
  },
): Promise<number> {
  const revision = input.fromRevision + input.steps.length;
  if (input.steps.length) {
    await trx
      .insertInto("draft_steps")
      .values(
        input.steps.map((step, i) => ({
          draft_id: input.draftId,
          revision: input.fromRevision + i + 1,
          step: JSON.stringify(step),
          client_id: input.clientId,
          user_id: input.userId,
        })),
      )
      .execute();
  }
  await trx
    .updateTable("drafts")
    .set({
      document: JSON.stringify(input.document),
      revision,
      updated_by: input.userId,
      updated_at: new Date(),
    })
    .where("id", "=", input.draftId)
    .execute();
  return revision;
}

/** The steps after a revision, in order, for a client catching up. */
export async function draftStepsSince(db: Kysely<Database>, draftId: string, revision: number) {
  return db
    .selectFrom("draft_steps")
    .select(["revision", "step", "client_id"])
    .where("draft_id", "=", draftId)
    .where("revision", ">", revision)
    .orderBy("revision")
    .execute();
}

/**
 * Replaces the whole draft document (an imported reading): a new revision with no steps, so
 * editors open on it afresh.
 */
export async function replaceDraftDocument(
  trx: Kysely<Database>,
  input: { billId: string; document: object; userId: string | null; published: boolean },
): Promise<void> {
  const draft = await lockDraft(trx, input.billId);
  if (!draft) throw new Error(`Bill ${input.billId} has no draft`);
  await trx.deleteFrom("draft_steps").where("draft_id", "=", draft.id).execute();
  const revision = draft.revision + 1;
  await trx
    .updateTable("drafts")
    .set({
      document: JSON.stringify(input.document),
      revision,
      published_revision: input.published ? revision : draft.published_revision,
      updated_by: input.userId,
      updated_at: new Date(),
    })
    .where("id", "=", draft.id)
    .execute();
}

/** Records that the draft's current revision has been published. */
export async function markDraftPublished(
  trx: Kysely<Database>,
  draftId: string,
  revision: number,
): Promise<void> {
  await trx
    .updateTable("drafts")
    .set({ published_revision: revision })
    .where("id", "=", draftId)
    .execute();
}
