import { readFile } from "node:fs/promises";
import { data } from "react-router";
import { findAttachment } from "../../db/queries/activity-attachments.ts";
import { attachmentPath } from "../../services/activity-attachments.ts";
import { hasRole } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import type { Route } from "./+types/attachment-file";

/**
 * GET: one photo or scan attached to a contact-point activity. Served to the point's
 * coordinators, and to the drafters of the bill's legislature once the report is submitted (as
 * they see the report itself, routes/submission-report.ts); to anyone only when it was marked
 * public. To everyone else it does not exist (404), so its id tells a guesser nothing.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const missing = () => data({ message: t("error.notFound") }, { status: 404 });
  const file = await findAttachment(context.db, params.attachmentId);
  if (!file || !context.filesDir) throw missing();
  // Public only once marked so and its report is submitted (the public activity page shows the
  // report's contents from then on); until then it is the point's and the drafters' alone.
  const open =
    file.public && (file.submissionStatus === "submitted" || file.submissionStatus === "received");
  if (!open) {
    const user = await getCurrentUser(request, context);
    const isCoordinator = !!user?.memberships.some(
      (m) => m.role === "coordinator" && m.contactPointId === file.contact_point_id,
    );
    const isDrafter =
      !!user &&
      file.submissionStatus !== "draft" &&
      hasRole(user, ["drafter", "admin"], file.organization_id);
    if (!isCoordinator && !isDrafter) throw missing();
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(attachmentPath(context.filesDir, file.storage_key));
  } catch {
    throw missing();
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.media_type,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
      "X-Content-Type-Options": "nosniff",
      // A PDF opens in the browser's viewer, never as a page of this site with its cookies.
      "Content-Security-Policy":
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "Cache-Control": open ? "public, max-age=300" : "private, no-store",
    },
  });
}
