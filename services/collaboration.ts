import type { Kysely } from "kysely";
import { Node } from "prosemirror-model";
import { Step } from "prosemirror-transform";
import { appendDraftSteps, draftStepsSince, getDraft, lockDraft } from "../db/queries/drafts.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { legalSchema } from "../editor/schema.ts";
import { ServiceError } from "./errors.ts";

// Several drafters edit one draft at once (prosemirror-collab's model, the server as authority).
// Each client sends the steps it made on top of the revision it last saw. The server accepts
// them only if that revision is still current; otherwise the client fetches the steps it missed,
// rebases its own on top of them and sends again. So two people on different articles both keep
// their work, and where edits overlap the later one is rebased, never dropped.

/**
 * A client's steps that cannot be applied to the document (a bug or a forged request): refused
 * with invalid_steps; `params.reason` says in English why, for the logs.
 */
function invalidSteps(reason: string): ServiceError {
  return new ServiceError("invalid_steps", "editor.invalidSteps", undefined, { reason });
}

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
  return inTransaction(db, async (trx) => {
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
        throw invalidSteps(`Unreadable step: ${(error as Error).message}`);
      }
      let result;
      try {
        result = step.apply(doc);
      } catch (error) {
        // Positions outside the document throw instead of failing softly.
        throw invalidSteps(`A step does not apply: ${(error as Error).message}`);
      }
      if (!result.doc) throw invalidSteps(`A step does not apply: ${result.failed}`);
      doc = result.doc;
      steps.push(step);
    }
    try {
      doc.check();
    } catch (error) {
      throw invalidSteps(`The steps make an invalid document: ${(error as Error).message}`);
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

/** JSON with its keys sorted: stored steps come back from jsonb with their keys reordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

function sameStep(stored: unknown, sent: unknown): boolean {
  try {
    return canonical(stored) === canonical(Step.fromJSON(legalSchema, sent).toJSON());
  } catch {
    return false;
  }
}

/**
 * A client sends all its unconfirmed steps, from the revision it last saw, until it has fetched
 * them back. So a tab that closes while a save is on its way sends them again (the keepalive
 * flush on pagehide), and the two requests race: whichever comes second finds a newer revision.
 * When every step since that revision is this client's and they begin the steps sent, it is a
 * resend: only the steps the server lacks are added, and none twice. Anything else (another
 * client's steps in between, different steps) stays the protocol's refusal, and the client
 * catches up and rebases as usual.
 */
async function receiveResend(
  db: Kysely<Database>,
  input: Parameters<typeof receiveSteps>[1],
): Promise<ReceiveResult | undefined> {
  const since = await catchUp(db, input.billId, input.revision);
  if (since?.kind !== "steps" || since.clientIds.some((id) => id !== input.clientId)) return;
  const known = since.steps.length;
  const common = Math.min(known, input.steps.length);
  for (let i = 0; i < common; i++) if (!sameStep(since.steps[i], input.steps[i])) return;
  if (input.steps.length <= known) return { accepted: true, revision: since.revision };
  // Refused in turn if someone else saved meanwhile: the revision check is done under the lock.
  return receiveSteps(db, { ...input, revision: since.revision, steps: input.steps.slice(known) });
}

/**
 * Receives a client's steps (receiveSteps), treating a resend of its own steps as received
 * (receiveResend). A refusal because someone else saved first is an answer, not an error.
 */
export async function saveDraftSteps(
  db: Kysely<Database>,
  input: Parameters<typeof receiveSteps>[1],
): Promise<ReceiveResult | undefined> {
  const result = await receiveSteps(db, input);
  if (result && !result.accepted) return (await receiveResend(db, input)) ?? result;
  return result;
}
