import type { Kysely } from "kysely";
import { Step } from "prosemirror-transform";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { legalSchema } from "../../editor/schema.ts";
import {
  catchUp,
  InvalidStepsError,
  receiveSteps,
  type ReceiveResult,
} from "../../services/collaboration.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { CSRF_HEADER } from "../auth/csrf.server.ts";
import { apiError } from "../lib/api.server.ts";
import type { Route } from "./+types/draft-steps";

// The collaboration endpoint of the editor: GET the steps after a revision, POST new steps on
// top of the revision the client last saw. JSON in, JSON out, errors in the API's shape.

const StepsSchema = z.object({
  revision: z.number().int().min(0),
  clientId: z.string().min(1).max(100),
  steps: z.array(z.record(z.string(), z.unknown())).min(1).max(1000),
});

type StepsInput = z.infer<typeof StepsSchema> & { billId: string; userId: string };

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
  input: StepsInput,
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

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireBillDrafter(request, context, params.billId);
  const since = Number(new URL(request.url).searchParams.get("since"));
  if (!Number.isInteger(since) || since < 0)
    return apiError(request, 400, "bad_request", "error.invalidInput");
  const result = await catchUp(context.db, bill.id, since);
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  // A JSON write with the session cookie: the token comes in a header, the origin must be ours.
  const origin = request.headers.get("Origin");
  const token = request.headers.get(CSRF_HEADER);
  if ((origin && origin !== new URL(request.url).origin) || !token || token !== context.csrfToken) {
    return apiError(request, 403, "csrf", "error.csrf");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return apiError(request, 400, "bad_request", "error.invalidInput");
  }
  const parsed = StepsSchema.safeParse(body);
  if (!parsed.success) return apiError(request, 400, "bad_request", "error.invalidInput");
  try {
    const input = { billId: bill.id, ...parsed.data, userId: user.id };
    let result = await receiveSteps(context.db, input);
    if (result && !result.accepted) result = (await receiveResend(context.db, input)) ?? result;
    // A refusal (someone else saved first) is a normal answer of the protocol, not an error:
    // the client catches up and sends again.
    return Response.json(result);
  } catch (caught) {
    if (caught instanceof InvalidStepsError)
      return apiError(request, 422, "invalid_steps", "editor.invalidSteps");
    throw caught;
  }
}
