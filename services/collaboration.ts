import type { Kysely } from "kysely";
import { Node } from "prosemirror-model";
import { Step } from "prosemirror-transform";
import { appendDraftSteps, draftStepsSince, getDraft, lockDraft } from "../db/queries/drafts.ts";
import type { Database } from "../db/schema.ts";
import { legalSchema } from "../editor/schema.ts";

// Several drafters edit one draft at once (prosemirror-collab's model, the server as authority).
// Each client sends the steps it made on top of the revision it last saw. The server accepts
// them only if that revision is still current; otherwise the client fetches the steps it missed,
// rebases its own on top of them and sends again. So two people on different articles both keep
// their work, and where edits overlap the later one is rebased, never dropped.

/** A client's steps that cannot be applied to the document: a bug or a forged request. */
export class InvalidStepsError extends Error {}

export type ReceiveResult =
  { accepted: true; revision: number } | { accepted: false; revision: number };

/** Orders a client's steps after the current revision, or says which revision it must catch up to. */
export async function receiveSteps(
  db: Kysely<Database>,
  input: {
    billId: string;
    revision: number;
    steps: unknown[];
    clientId: string;
    userId: string | null;
  },
): Promise<ReceiveResult | undefined> {
  return db.transaction().execute(async (trx) => {
    const draft = await lockDraft(trx, input.billId);
    if (!draft) return undefined;
    if (draft.revision !== input.revision) return { accepted: false, revision: draft.revision };
    let doc = Node.fromJSON(legalSchema, draft.document);
    const steps: Step[] = [];
    for (const json of input.steps) {
      let step: Step;
      try {
        step = Step.fromJSON(legalSchema, json);
      } catch (error) {
        throw new InvalidStepsError(`Unreadable step: ${(error as Error).message}`);
      }
      let result;
      try {
        result = step.apply(doc);
      } catch (error) {
        // Positions outside the document throw instead of failing softly.
        throw new InvalidStepsError(`A step does not apply: ${(error as Error).message}`);
      }
      if (!result.doc) throw new InvalidStepsError(`A step does not apply: ${result.failed}`);
      doc = result.doc;
      steps.push(step);
    }
    try {
      doc.check();
    } catch (error) {
      throw new InvalidStepsError(
        `The steps make an invalid document: ${(error as Error).message}`,
      );
    }
    const revision = await appendDraftSteps(trx, {
      draftId: draft.id,
      fromRevision: draft.revision,
      steps: steps.map((s) => s.toJSON() as object),
      clientId: input.clientId,
      userId: input.userId,
      document: doc.toJSON() as object,
    });
    return { accepted: true, revision };
  });
}

export type CatchUp =
  | { kind: "steps"; revision: number; steps: unknown[]; clientIds: string[] }
  | { kind: "reset"; revision: number; document: unknown };

/**
 * The steps a client at `revision` missed. When they are no longer kept (the draft was replaced
 * by an imported reading), the client gets the whole document to start again from.
 */
export async function catchUp(
  db: Kysely<Database>,
  billId: string,
  revision: number,
): Promise<CatchUp | undefined> {
  const draft = await getDraft(db, billId);
  if (!draft) return undefined;
  if (revision > draft.revision)
    return { kind: "reset", revision: draft.revision, document: draft.document };
  // Steps appended after the draft was read belong to the next catch-up.
  const rows = (await draftStepsSince(db, draft.id, revision)).filter(
    (r) => r.revision <= draft.revision,
  );
  const complete =
    rows.length === draft.revision - revision &&
    rows.every((row, i) => row.revision === revision + i + 1);
  if (!complete) return { kind: "reset", revision: draft.revision, document: draft.document };
  return {
    kind: "steps",
    revision: draft.revision,
    steps: rows.map((r) => r.step),
    clientIds: rows.map((r) => r.client_id),
  };
}
