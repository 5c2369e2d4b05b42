import { z } from "zod";
import { catchUp, InvalidStepsError, receiveSteps } from "../../services/collaboration.ts";
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
    const result = await receiveSteps(context.db, {
      billId: bill.id,
      ...parsed.data,
      userId: user.id,
    });
    // A refusal (someone else saved first) is a normal answer of the protocol, not an error:
    // the client catches up and sends again.
    return Response.json(result);
  } catch (caught) {
    if (caught instanceof InvalidStepsError)
      return apiError(request, 422, "invalid_steps", "editor.invalidSteps");
    throw caught;
  }
}
