import { runImport } from "../lib/cp-import.server.ts";
import type { Route } from "./+types/coordinator.import-upload";

/** POST (multipart, CSRF): imports the opinion spreadsheet and answers in JSON. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const { status, body } = await runImport(request, context, params.id);
  return Response.json(body, { status });
}
