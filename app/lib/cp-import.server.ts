import { z } from "zod";
import { IMPORT_MAX_BYTES, importOpinions } from "../../services/contact-point-import.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import type { AppContext } from "../context.ts";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";

/** The upload's other field: the activity that rows naming none belong to (any other is none). */
const UploadFields = z.object({ activityId: z.string().max(64).catch("").default("") });

export interface ImportAnswer {
  ok: boolean;
  message: string;
  imported: number;
  problems: { line: number; message: string }[];
}

/** Runs an upload of the opinion spreadsheet; the answer's messages are in the user's language. */
export async function runImport(
  request: Request,
  context: AppContext,
  consultationId: string,
): Promise<{ status: number; body: ImportAnswer }> {
  const t = requestTranslator(request);
  const { actor } = await requireCoordinator(request, context);
  const fail = (status: number, key: MessageKey) => ({
    status,
    body: { ok: false, message: t(key), imported: 0, problems: [] },
  });
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > IMPORT_MAX_BYTES + 64 * 1024) return fail(413, "cp.import.tooLarge");
  const form = await requireCsrf(request, context);
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return fail(400, "cp.import.noFile");
  if (file.size > IMPORT_MAX_BYTES) return fail(413, "cp.import.tooLarge");
  try {
    const result = await importOpinions(context.db, actor, {
      consultationId,
      bytes: new Uint8Array(await file.arrayBuffer()),
      filename: file.name,
      defaultActivityId:
        UploadFields.parse({ activityId: form.get("activityId") ?? undefined }).activityId || null,
    });
    const problems = result.problems.map((p) => ({
      line: p.line,
      message: t("cp.import.row", {
        line: p.line,
        reason: t(messageKey(p.key, "error.invalidInput"), p.params),
      }),
    }));
    return result.ok
      ? {
          status: 200,
          body: {
            ok: true,
            message: t("cp.import.done", { count: result.imported }),
            imported: result.imported,
            problems,
          },
        }
      : {
          status: 422,
          body: {
            ok: false,
            message: t("cp.import.rejected", { count: problems.length }),
            imported: 0,
            problems,
          },
        };
  } catch (error) {
    if (isServiceError(error))
      return fail(error.status, messageKey(error.messageKey, "error.generic"));
    throw error;
  }
}
