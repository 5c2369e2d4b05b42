import { redirect } from "react-router";
import { z } from "zod";
import {
  ATTACHMENT_MAX_BYTES,
  attachToActivity,
  deleteAttachment,
} from "../../services/activity-attachments.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { refusalResponse } from "../lib/errors.ts";
import { parseForm } from "../lib/forms.ts";
import type { Route } from "./+types/coordinator.activity-attachments";

// A form post without a page of its own: attaches a photo or scan to an activity, or deletes
// one, and goes back to the activity's page with the outcome in its address (so it works the same
// without JavaScript). The refusals are the page's messages `attach.*`.

const Fields = z.object({
  intent: z.enum(["upload", "delete"]),
  attachmentId: z.string().max(64).default(""),
  public: z.string().optional().catch(undefined),
});

/** The outcomes the activity page shows (`?attachment=`), each a message `attach.<outcome>`. */
export const attachmentOutcomes = [
  "saved",
  "deleted",
  "error.noFile",
  "error.type",
  "error.tooLarge",
  "error.tooMany",
] as const;

export async function action({ request, params, context }: Route.ActionArgs) {
  const { actor } = await requireCoordinator(request, context);
  const back = (outcome: (typeof attachmentOutcomes)[number] | "frozen") =>
    redirect(`/coordinator/activities/${params.activityId}?attachment=${outcome}#attachments`);
  // Refused before the body is read (the server's hardening has the same bound).
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > ATTACHMENT_MAX_BYTES + 64 * 1024) return back("error.tooLarge");
  const form = await requireCsrf(request, context);
  const parsed = parseForm(Fields, form);
  if (!parsed.ok) return back("error.noFile");
  if (!context.filesDir) throw new Error("No files directory configured (filesDir).");
  try {
    if (parsed.data.intent === "delete") {
      await deleteAttachment(
        context.db,
        context.filesDir,
        actor,
        params.activityId,
        parsed.data.attachmentId,
      );
      return back("deleted");
    }
    const file = form.get("file");
    if (!file || typeof file === "string" || file.size === 0) return back("error.noFile");
    await attachToActivity(context.db, context.filesDir, actor, params.activityId, {
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      public: parsed.data.public === "on",
    });
    return back("saved");
  } catch (error) {
    if (!isServiceError(error)) throw error;
    if (error.code === "frozen") return back("frozen");
    const key = error.messageKey.replace(/^attach\./, "");
    const known = attachmentOutcomes.find((o) => o === key);
    if (known) return back(known);
    // Another point's activity, or one that is gone: the refusal itself (404).
    throw refusalResponse(request, error);
  }
}
