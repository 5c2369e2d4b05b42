import { z } from "zod";
import { catchUp, saveDraftSteps } from "../../services/collaboration.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { CSRF_HEADER } from "../auth/csrf.server.ts";
import { apiError } from "../lib/errors.ts";
import { answerApi } from "../lib/errors.ts";
import { readQuery } from "../lib/forms.ts";
import type { Route } from "./+types/draft-steps";

// The collaboration endpoint of the editor: GET the steps after a revision, POST new steps on
// top of the revision the client last saw. JSON in, JSON out, errors in the API's shape.

const StepsSchema = z.object({
  revision: z.number().int().min(0),
  clientId: z.string().min(1).max(100),
  steps: z.array(z.record(z.string(), z.unknown())).min(1).max(1000),
});
// No ?since= (or an empty one) is the start, revision 0.
const SinceQuery = z.object({
  since: z.coerce
    .number("error.invalidInput")
    .int("error.invalidInput")
    .min(0, "error.invalidInput")
    .default(0),
});

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { bill } = await requireBillDrafter(request, context, params.billId);
  const { since } = readQuery(SinceQuery, request, { api: true });
  const result = await catchUp(context.db, bill.id, since);
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill, user } = await requireBillDrafter(request, context, params.billId);
  // A JSON write with the session cookie: the token comes in a header, the origin must be ours.
  const origin = request.headers.get("Origin");
  const token = request.headers.get(CSRF_HEADER);
  if ((origin && origin !== new URL(request.url).origin) || !token || token !== context.csrfToken) {
    return apiError(request, "csrf", "error.csrf");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return apiError(request, "bad_request", "error.invalidInput");
  }
  const parsed = StepsSchema.safeParse(body);
  if (!parsed.success) return apiError(request, "bad_request", "error.invalidInput");
  // A refusal (someone else saved first) is a normal answer of the protocol, not an error:
  // the client catches up and sends again. Steps that do not apply are a 422 invalid_steps.
  return answerApi(request, async () =>
    Response.json(
      await saveDraftSteps(context.db, { billId: bill.id, ...parsed.data, userId: user.id }),
    ),
  );
}
