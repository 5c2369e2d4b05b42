import { data } from "react-router";
import { getConsultation } from "../../db/queries/consultations.ts";
import { getBill } from "../../db/queries/versions.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";
import { requireRole } from "./permissions.server.ts";

/** Loads a bill or throws 404 in the visitor's language. */
export async function requireBill(request: Request, ctx: AppContext, billId: string) {
  const bill = await getBill(ctx.db, billId);
  if (!bill) {
    const t = requestTranslator(request);
    throw data({ message: t("bill.notFound") }, { status: 404 });
  }
  return bill;
}

/** The bill, for a drafter (or admin) of the legislature that owns it; others get 403. */
export async function requireBillDrafter(request: Request, ctx: AppContext, billId: string) {
  const bill = await requireBill(request, ctx, billId);
  const user = await requireRole(request, ctx, ["drafter", "admin"], bill.organization_id);
  return { bill, user };
}

/**
 * A consultation, for a drafter (or admin) of the legislature that owns its bill: 404 when there
 * is no such consultation, 403 for anyone else.
 */
export async function requireConsultationDrafter(
  request: Request,
  ctx: AppContext,
  consultationId: string,
) {
  const consultation = await getConsultation(ctx.db, consultationId);
  if (!consultation) {
    const t = requestTranslator(request);
    throw data({ message: t("consultation.notFound") }, { status: 404 });
  }
  const { user } = await requireBillDrafter(request, ctx, consultation.billId);
  return { consultation, user };
}
