import { data } from "react-router";
import { listVersions } from "../../db/queries/versions.ts";
import { decisionDocx } from "../../services/documents/decision-docx.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { parseForm } from "../lib/forms.ts";
import type { Route } from "./+types/decision-docx";
import { DecisionForm } from "./decision.tsx";

/**
 * Downloads the drafter's (edited) decision as Word in the official layout. The text comes in
 * the POST from the decision page; a drafter of the bill only, CSRF-checked.
 */
export async function action({ request, params, context }: Route.ActionArgs) {
  const { bill } = await requireBillDrafter(request, context, params.billId);
  const t = requestTranslator(request);
  const versions = await listVersions(context.db, bill.id);
  const version = versions.find((v) => v.id === params.versionId);
  if (!version) throw data({ message: t("bill.versionNotFound") }, { status: 404 });
  const form = await requireCsrf(request, context);
  const parsed = parseForm(DecisionForm, form);
  if (!parsed.ok)
    throw data({ message: t(parsed.errors.text ?? "error.invalidInput") }, { status: 400 });
  const bytes = await decisionDocx(parsed.data.text);
  const title =
    parsed.data.text.trim().split(/\r?\n/)[0]!.trim().slice(0, 100) || t("decision.title");
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="decision.docx"; filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`,
      "Cache-Control": "no-store",
    },
  });
}
